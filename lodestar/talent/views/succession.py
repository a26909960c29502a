"""Succession plans for critical posts: only the talent leads of the post's organisation."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.talent import actions, queries
from lodestar.talent.forms import SuccessionPlanForm, SuccessorForm
from lodestar.talent.presenters import SuccessionPlanPresenter


def plan_new(request):
    organisations = list(queries.led_organisations(request.user))
    if not organisations:
        raise Http404("Only talent leads add succession plans")
    form = SuccessionPlanForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next((o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]), None)
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        if organisation is None:
            form.add_error("organisation", "Choose an organisation from the list")
        else:
            try:
                plan = actions.create_succession_plan(actor=request.user, organisation=organisation, **data)
            except ValidationProblem as problem:
                add_problems(form, problem)
            else:
                return redirect("talent:plan", pk=plan.pk)
    return render(request, "talent/plan_form.jinja", {"form": form}, status=400 if form.errors else 200)


def plan_detail(request, pk: int):
    plan = queries.succession_plan(request.user, pk)
    form = SuccessorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_successor(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            return redirect("talent:plan", pk=plan.pk)
    context = {"p": SuccessionPlanPresenter(plan), "form": form}
    return render(request, "talent/plan.jinja", context, status=400 if form.errors else 200)


ROUTES = [
    path("succession-plans/new/", plan_new, name="plan-new"),
    path("succession-plans/<int:pk>/", plan_detail, name="plan"),
]
