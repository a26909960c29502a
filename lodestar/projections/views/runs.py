"""Runs: ask for one, watch its progress, read its results, replay it, download it.

* ``projections:run-request`` (scenario_id): the runs and seed form (GET shows it, POST asks for
  the run with ``actions.runs.request_run`` and goes to the run's page; a refusal is shown
  beside the field).
* ``projections:run`` (run_id): while the run waits or runs, a progress bar (polled with HTMX from
  ``projections:run-progress``, or a "Refresh this page" link without JavaScript); when done,
  its results, read from the stored small tables only; when failed, why, in words.
* ``projections:run-replay`` (run_id, POST): the same inputs, runs and seed again.
* ``projections:run-download`` (run_id, format in csv, xlsx, json, svg; the SVG is the fan chart,
  or the gap chart with ``?chart=gap``, for the staff group in ``?group=``).

A scenario or run out of reach is 404, and so is an action's ``PermissionDenied``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.projections import downloads, queries
from lodestar.projections.actions import runs as run_actions
from lodestar.projections.forms.runs import RunForm
from lodestar.projections.presenters.runs import RunPresenter, fte, percent

FORMATS = ("csv", "xlsx", "json", "svg")


def link(name: str, **kwargs) -> str | None:
    """A page's address, or None while the journey that owns the page has not added it."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _run(request, run_id: int, *, with_spec: bool = False):
    rows = queries.runs(request.user).select_related("requested_by")
    if not with_spec:
        rows = rows.defer("own_spec")
    return get_object_or_404(rows, pk=run_id)


@require_http_methods(["GET", "POST"])
def run_request(request, scenario_id: int):
    scenario = get_object_or_404(queries.scenarios(request.user), pk=scenario_id)
    if not queries.may_edit(request.user, scenario.organisation):
        raise Http404
    version = scenario.latest
    if version is None:
        raise Http404
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = run_actions.request_run(
                actor=request.user, version=version, runs=form.cleaned_data["runs"], seed=form.cleaned_data["seed"]
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            return redirect("projections:run", run_id=run.pk)
    context = {
        "form": form,
        "scenario": scenario,
        "version": version,
        "scenario_url": link("projections:scenario", scenario_id=scenario.pk),
    }
    return render(request, "projections/runs/request.jinja", context, status=400 if form.errors else 200)


@require_GET
def run_detail(request, run_id: int):
    run = _run(request, run_id)
    page = RunPresenter(run, group=request.GET.get("group"))
    scenario = run.scenario_version.scenario
    context = {
        "page": page,
        "fte": fte,
        "percent": percent,
        "may_run": queries.may_edit(request.user, scenario.organisation),
        "scenario_url": link("projections:scenario", scenario_id=scenario.pk),
        "version_url": link(
            "projections:scenario-version", scenario_id=scenario.pk, number=run.scenario_version.number
        ),
        "plan_url": link("projections:plan", plan_id=run.plan_id) if run.plan_id else None,
        "workshop_url": link("projections:workshop", workshop_id=run.workshop_id) if run.workshop_id else None,
    }
    return render(request, "projections/runs/detail.jinja", context)


@require_GET
def run_progress(request, run_id: int):
    """The progress bar alone, for HTMX to swap in; once the run is finished, the whole page again."""
    page = RunPresenter(_run(request, run_id))
    address = reverse("projections:run", kwargs={"run_id": page.pk})
    if request.headers.get("HX-Request") != "true":
        return redirect(address)
    if not page.in_progress:
        response = HttpResponse("")
        response["HX-Redirect"] = address
        return response
    return render(request, "projections/runs/_progress.jinja", {"page": page})


@require_POST
def run_replay(request, run_id: int):
    run = _run(request, run_id, with_spec=True)
    try:
        again = run_actions.replay(actor=request.user, run=run)
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationProblem as problem:
        messages.error(request, "; ".join(message for _field, message in problem.problems))
        return redirect("projections:run", run_id=run.pk)
    messages.success(request, f"Run {run.pk} is being run again with the same inputs and seed.")
    return redirect("projections:run", run_id=again.pk)


@require_GET
def run_download(request, run_id: int, format: str):  # noqa: A002 - the URL's word
    if format not in FORMATS:
        raise Http404
    run = _run(request, run_id, with_spec=format == "json")
    page = RunPresenter(run, group=request.GET.get("group"))
    if not page.done:
        raise Http404
    if format == "csv":
        return downloads.csv_response(run)
    if format == "xlsx":
        return downloads.xlsx_response(run)
    if format == "json":
        return downloads.json_response(run)
    which = "gap" if request.GET.get("chart") == "gap" else "fan"
    chart = page.gap_chart if which == "gap" else page.fan_chart
    if chart is None:
        raise Http404
    return downloads.svg_response(run, chart, f"{which}-{page.group}")


ROUTES: list = [
    path("scenarios/<int:scenario_id>/run/", run_request, name="run-request"),
    path("runs/<int:run_id>/", run_detail, name="run"),
    path("runs/<int:run_id>/progress/", run_progress, name="run-progress"),
    path("runs/<int:run_id>/replay/", run_replay, name="run-replay"),
    path("runs/<int:run_id>/download/<str:format>/", run_download, name="run-download"),
]
