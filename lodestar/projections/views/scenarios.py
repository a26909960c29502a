"""The scenario journey: the list, creating one (from imported data, a file, or a copy), its page
(every assumption by heading, versions, recent runs, "Run this scenario"), changing one
assumption, the scenario's own interventions, versions compared, and each version's YAML.

Every scenario is read through ``queries``: one outside the person's reach is 404 on every page
and download, and so is a change to one they may only look at.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.projections import assumptions, queries, specs
from lodestar.projections.actions import scenarios as actions
from lodestar.projections.forms.runs import RunForm
from lodestar.projections.forms.scenarios import AssumptionForm, CopyForm, CreateForm, InterventionForm
from lodestar.projections.presenters import scenarios as presenters

STALE = {"expected_version": "__all__"}


def _scenario(request, scenario_id: int, *, edit: bool = False):
    rows = queries.scenarios_to_edit(request.user) if edit else queries.scenarios(request.user)
    rows = rows.filter(versions__isnull=False).distinct()  # a scenario always has a version; one without is not shown
    return get_object_or_404(rows.select_related("organisation", "copied_from"), pk=scenario_id)


def _version(request, scenario, number: int):
    return get_object_or_404(queries.versions(request.user).filter(scenario=scenario), number=number)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@require_GET
def scenario_list(request):
    context = {
        "rows": presenters.rows(request.user, queries.scenarios(request.user)),
        "may_create": queries.organisations_to_edit(request.user).exists(),
    }
    return render(request, "projections/scenarios/list.jinja", context)


@require_http_methods(["GET", "POST"])
def scenario_create(request):
    if not queries.organisations_to_edit(request.user).exists():
        raise Http404
    initial = {"way": request.GET.get("way")} if request.GET.get("way") else None
    form = CreateForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = form.create()
        except ValidationProblem as problem:
            add_problems(form, problem, fields={"spec": "__all__"})
        else:
            messages.success(request, f"Scenario “{scenario.name}” created")
            return redirect("projections:scenario", scenario_id=scenario.pk)
    return render(request, "projections/scenarios/create.jinja", {"form": form}, status=_status(form))


@require_GET
def scenario_detail(request, scenario_id: int):
    page = presenters.ScenarioPage(request.user, _scenario(request, scenario_id))
    run_form = None
    if page.run_request_url:
        run_form = RunForm()
    return render(request, "projections/scenarios/detail.jinja", {"page": page, "run_form": run_form})


@require_http_methods(["GET", "POST"])
def assumption_edit(request, scenario_id: int):
    scenario = _scenario(request, scenario_id, edit=True)
    latest = scenario.latest
    item = assumptions.find(latest.spec, (request.POST or request.GET).get("path", ""))
    if item is None:
        raise Http404
    form = AssumptionForm(request.POST or None, item=item, version=latest.number)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_assumption(
                actor=request.user,
                scenario=scenario,
                path=item.path,
                value=form.cleaned_data["number"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationProblem as problem:
            add_problems(form, problem, fields={**STALE, "path": "__all__"})
        else:
            messages.success(request, f"{item.label} changed: this is now version {latest.number + 1}")
            return redirect("projections:scenario", scenario_id=scenario.pk)
    context = {"scenario": scenario, "item": item, "form": form, "version": latest}
    return render(request, "projections/scenarios/assumption.jinja", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def intervention_add(request, scenario_id: int):
    scenario = _scenario(request, scenario_id, edit=True)
    latest = scenario.latest
    form = InterventionForm(request.POST or None, spec=latest.spec, version=latest.number)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_intervention(
                actor=request.user,
                scenario=scenario,
                intervention=form.cleaned_data["intervention"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationProblem as problem:
            add_problems(form, problem, fields={**STALE, "effect": "value", "cost_per_year": "cost_per_year"})
        else:
            messages.success(request, f"Intervention added: this is now version {latest.number + 1}")
            return redirect("projections:scenario", scenario_id=scenario.pk)
    context = {"scenario": scenario, "form": form}
    return render(request, "projections/scenarios/intervention.jinja", context, status=_status(form))


@require_POST
def intervention_remove(request, scenario_id: int):
    scenario = _scenario(request, scenario_id, edit=True)
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        expected = -1
    try:
        actions.remove_intervention(
            actor=request.user, scenario=scenario, name=request.POST.get("name", ""), expected_version=expected
        )
    except ValidationProblem as problem:
        messages.error(request, "; ".join(message for _field, message in problem.problems))
    else:
        messages.success(request, "Intervention removed")
    return redirect("projections:scenario", scenario_id=scenario.pk)


@require_http_methods(["GET", "POST"])
def scenario_copy(request, scenario_id: int):
    scenario = _scenario(request, scenario_id)
    if not queries.organisations_to_edit(request.user).exists():
        raise Http404
    form = CopyForm(request.POST or None, initial={"name": f"Copy of {scenario.name}"[:200]})
    if request.method == "POST" and form.is_valid():
        organisation = scenario.organisation
        if not queries.may_edit(request.user, organisation):
            organisation = queries.organisations_to_edit(request.user).first()
        try:
            copy = actions.copy_scenario(
                actor=request.user, scenario=scenario, name=form.cleaned_data["name"], organisation=organisation
            )
        except ValidationProblem as problem:
            add_problems(form, problem, fields={"organisation": "__all__"})
        else:
            messages.success(request, f"Scenario “{copy.name}” created")
            return redirect("projections:scenario", scenario_id=copy.pk)
    context = {"scenario": scenario, "form": form}
    return render(request, "projections/scenarios/copy.jinja", context, status=_status(form))


@require_GET
def version_list(request, scenario_id: int):
    scenario = _scenario(request, scenario_id)
    versions = list(queries.versions(request.user).filter(scenario=scenario).select_related("created_by"))
    numbers = [v.number for v in versions]
    a, b = request.GET.get("a"), request.GET.get("b")
    comparison = None
    if a and b:
        try:
            first, second = (_version(request, scenario, int(n)) for n in (a, b))
        except ValueError as err:
            raise Http404 from err
        comparison = {"a": first, "b": second, "rows": presenters.differences(first, second)}
    context = {
        "scenario": scenario,
        "versions": versions,
        "numbers": numbers,
        "comparison": comparison,
        "yaml_url": presenters.yaml_url,
    }
    return render(request, "projections/scenarios/versions.jinja", context)


@require_GET
def version_detail(request, scenario_id: int, number: int):
    scenario = _scenario(request, scenario_id)
    version = _version(request, scenario, number)
    context = {
        "scenario": scenario,
        "version": version,
        "groups": assumptions.groups(version.spec),
        "yaml_url": presenters.yaml_url(scenario, number),
    }
    return render(request, "projections/scenarios/version.jinja", context)


@require_GET
def version_yaml(request, scenario_id: int, number: int):
    scenario = _scenario(request, scenario_id)
    version = _version(request, scenario, number)
    response = HttpResponse(specs.to_yaml(version.spec), content_type="text/yaml; charset=utf-8")
    name = slugify(scenario.name) or "scenario"
    response["Content-Disposition"] = f'attachment; filename="{name}-version-{number}.yaml"'
    return response


ROUTES = [
    path("scenarios/", scenario_list, name="scenarios"),
    path("scenarios/new/", scenario_create, name="scenario-create"),
    path("scenarios/<int:scenario_id>/", scenario_detail, name="scenario"),
    path("scenarios/<int:scenario_id>/assumption/", assumption_edit, name="scenario-assumption"),
    path("scenarios/<int:scenario_id>/interventions/add/", intervention_add, name="scenario-intervention-add"),
    path("scenarios/<int:scenario_id>/interventions/remove/", intervention_remove, name="scenario-intervention-remove"),
    path("scenarios/<int:scenario_id>/copy/", scenario_copy, name="scenario-copy"),
    path("scenarios/<int:scenario_id>/versions/", version_list, name="scenario-versions"),
    path("scenarios/<int:scenario_id>/versions/<int:number>/", version_detail, name="scenario-version"),
    path("scenarios/<int:scenario_id>/versions/<int:number>.yaml", version_yaml, name="scenario-yaml"),
]
