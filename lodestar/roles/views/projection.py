"""Use a new role in a projection: choose a scenario you may change, choose the posts filled or
planned, see the substitution lever in words, and add it (a new version of the scenario)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.pathways.forms import ScenarioChoiceForm
from lodestar.projections.queries import scenarios_to_edit
from lodestar.roles import actions, modelling, queries
from lodestar.roles.forms import UseInProjectionForm


def _preview(role) -> list[tuple[str, list[str], str]]:
    out = []
    for basis, words in actions.BASES.items():
        try:
            out.append((words, modelling.describe(actions.lever_for(role, basis=basis)), ""))
        except ValidationProblem as problem:
            out.append((words, [], problem.message))
    return out


@require_http_methods(["GET", "POST"])
def use_in_projection(request, role_id: int):
    found = queries.role(request.user, role_id)
    scenarios = scenarios_to_edit(request.user).order_by("name", "pk")
    chooser = ScenarioChoiceForm(request.GET or None, scenarios=scenarios)
    scenario = chooser.cleaned_data.get("scenario") if chooser.is_valid() else None
    context = {"role": found, "chooser": chooser, "scenario": scenario, "has_scenarios": scenarios.exists()}
    if scenario is not None:
        form = UseInProjectionForm(request.POST or None, initial={"expected_version": scenario.latest.number})
        if request.method == "POST" and form.is_valid():
            try:
                version = actions.use_in_projection(
                    actor=request.user, role=found, scenario=scenario, **form.cleaned_data
                )
            except ValidationProblem as problem:
                add_problems(form, problem)
            else:
                messages.success(request, f"{found.name} added to {scenario.name} as version {version.number}")
                return redirect("projections:scenario", scenario_id=scenario.pk)
        context.update(form=form, previews=_preview(found))
    return render(request, "roles/projection.jinja", context)


ROUTES = [path("<int:role_id>/projection/", use_in_projection, name="projection")]
