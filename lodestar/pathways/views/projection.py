"""Use a pathway in a projection: choose a scenario you may change, see the lever in words, choose the
staff group, and add it (a new version of the scenario)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.pathways import actions_projection, modelling, queries
from lodestar.pathways.forms import ScenarioChoiceForm, UseInProjectionForm
from lodestar.projections import assumptions
from lodestar.projections.queries import scenarios_to_edit


def _preview(pathway, staff_group: str) -> tuple[list[str], str]:
    try:
        return modelling.describe(actions_projection.lever_for(pathway, staff_group=staff_group)), ""
    except ValidationProblem as problem:
        return [], problem.message


@require_http_methods(["GET", "POST"])
def use_in_projection(request, pathway_id: int):
    found = queries.pathway(request.user, pathway_id)
    scenarios = scenarios_to_edit(request.user).order_by("name", "pk")
    chooser = ScenarioChoiceForm(request.GET or None, scenarios=scenarios)
    scenario = chooser.cleaned_data.get("scenario") if chooser.is_valid() else None
    context = {"pathway": found, "chooser": chooser, "scenario": scenario, "has_scenarios": scenarios.exists()}
    if scenario is not None:
        latest = scenario.latest
        groups = assumptions.staff_groups(latest.spec)
        initial = {
            "expected_version": latest.number,
            "staff_group": found.staff_group if found.staff_group in groups else "",
        }
        form = UseInProjectionForm(request.POST or None, groups=groups, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                version = actions_projection.use_in_projection(
                    actor=request.user, pathway=found, scenario=scenario, **form.cleaned_data
                )
            except ValidationProblem as problem:
                add_problems(form, problem)
            else:
                messages.success(request, f"{found.name} added to {scenario.name} as version {version.number}")
                return redirect("projections:scenario", scenario_id=scenario.pk)
        words, refusal = _preview(found, form["staff_group"].value() or found.staff_group or "the staff group")
        context.update(form=form, words=words, refusal=refusal, version=latest.number)
    return render(request, "pathways/projection.jinja", context)


ROUTES = [path("<int:pathway_id>/projection/", use_in_projection, name="projection")]
