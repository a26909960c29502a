"""A workshop's candidates modelled against a scenario: choose the scenario and the staff group,
model the candidates, and see the latest run (docs/guide/modelled-plans.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.projections import queries
from lodestar.projections.actions import workshops as actions
from lodestar.projections.forms.workshops import WorkshopScenarioForm
from lodestar.projections.presenters.workshops import WorkshopModelling
from lodestar.workshops.queries import get_visible_workshop


def _workshop(request, workshop_id):
    workshop = get_visible_workshop(request.user, workshop_id)
    if workshop is None:
        raise Http404("No such workshop")
    return workshop


def _render(request, workshop, *, form=None, model_error=None, status=200):
    page = WorkshopModelling(workshop, request.user)
    if form is None:
        initial = {"scenario": str(page.link.scenario_id), "staff_group": page.link.staff_group} if page.link else None
        form = WorkshopScenarioForm(initial=initial, scenarios=queries.scenarios(request.user))
    return render(
        request,
        "projections/workshops/workshop.jinja",
        {
            "workshop": workshop,
            "page": page,
            "form": form,
            "model_error": model_error,
            "prioritisation_href": reverse("workshops:prioritisation", args=[workshop.pk]),
        },
        status=status,
    )


def workshop(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    if request.method != "POST":
        return _render(request, workshop)
    if not workshop.can_facilitate(request.user):
        raise PermissionDenied("Only the workshop's facilitators can choose its scenario")
    form = WorkshopScenarioForm(request.POST, scenarios=queries.scenarios(request.user))
    form.is_valid()
    try:
        actions.link_scenario(
            actor=request.user,
            workshop=workshop,
            scenario=request.POST.get("scenario", ""),
            staff_group=request.POST.get("staff_group", ""),
        )
    except ValidationProblem as problem:
        add_problems(form, problem)
        return _render(request, workshop, form=form, status=400)
    messages.success(request, "The scenario is saved: now model the candidates against it")
    return redirect(reverse("projections:workshop", kwargs={"workshop_id": workshop.pk}))


@require_POST
def model(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    try:
        run = actions.model_candidates(actor=request.user, workshop=workshop)
    except ValidationProblem as problem:
        return _render(request, workshop, model_error=problem.message, status=400)
    messages.success(request, f"Modelling the candidates: {run.runs:,} runs. This page shows when it has finished")
    return redirect(reverse("projections:workshop", kwargs={"workshop_id": workshop.pk}) + "#latest-run")


ROUTES: list = [
    path("workshops/<int:workshop_id>/", workshop, name="workshop"),
    path("workshops/<int:workshop_id>/model/", model, name="workshop-model"),
]
