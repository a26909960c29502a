"""Learner cohorts: adding an intake and recording its counts at each stage (with the history)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.pathways import actions, presenters, queries
from lodestar.pathways.forms import CohortForm, CountsForm


@require_http_methods(["GET", "POST"])
def cohort_new(request, pathway_id: int):
    found = queries.changeable(request.user, pathway_id)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = actions.add_cohort(actor=request.user, pathway=found, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Cohort added: {cohort}. Now record its learners.")
            return redirect("pathways:counts", pathway_id=found.pk, cohort_id=cohort.pk)
    context = {
        "form": form,
        "heading": "Add a cohort",
        "button": "Add the cohort",
        "back": (reverse("pathways:pathway", args=[found.pk]), found.name),
        "caption": found.name,
        "intro": "A cohort is one intake of learners, starting on the same date.",
    }
    return render(request, "pathways/form.jinja", context)


def _initial(latest) -> dict:
    initial = {}
    for count in latest:
        for name in actions.COUNT_FIELDS:
            initial[f"{name}_{count.stage_id}"] = str(getattr(count, name))
    return initial


@require_http_methods(["GET", "POST"])
def counts(request, pathway_id: int, cohort_id: int):
    """The cohort's current counts and history; facilitators record new counts here."""
    found = queries.pathway(request.user, pathway_id)
    cohort = queries.cohort(found, cohort_id)
    may_change = queries.may_change(request.user, found.organisation)
    if request.method == "POST" and not may_change:
        queries.changeable(request.user, pathway_id)  # 404
    latest = list(queries.latest_counts(found).filter(cohort=cohort))
    form = CountsForm(request.POST or None, stages=queries.stages(found), initial=_initial(latest))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_counts(actor=request.user, cohort=cohort, on=form.cleaned_data["on"], counts=form.counts())
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Counts recorded for the {cohort}")
            return redirect("pathways:counts", pathway_id=found.pk, cohort_id=cohort.pk)
    context = {
        "pathway": found,
        "cohort": cohort,
        "form": form,
        "may_change": may_change,
        "history": presenters.history_rows(queries.count_history(cohort)),
    }
    return render(request, "pathways/counts.jinja", context)


ROUTES = [
    path("<int:pathway_id>/cohorts/new/", cohort_new, name="cohort-new"),
    path("<int:pathway_id>/cohorts/<int:cohort_id>/", counts, name="counts"),
]
