"""Projections: scenarios, their versions and assumptions, runs of the engine and their results.

The journey is the web pages' (``lodestar.projections.views``): a scenario is uploaded as the
same YAML file the command line reads (``lodestar project FILE``); every change to an assumption
makes a new version; a run is requested (202 with the address to follow) and projected in the
background; its tables are read when it has finished. The same file, number of runs and seed give
the same numbers here and at the command line (tests/integration/projections/test_cli_web_identical.py).

Reads go through ``lodestar.projections.queries`` (scoped: anything outside your reach is 404);
every write goes through the actions (``lodestar.projections.actions``), whose refusals come back
as the documented 422 naming the field (``body.yaml``, ``body.runs``...). Seeing a scenario but
not being allowed to change it (a viewer) is 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError

from lodestar.api.routers.projections_schemas import (
    API_TABLES,
    CANNOT_EDIT,
    FAILED,
    NOT_FINISHED,
    RUN_ID,
    SCENARIO_ID,
    TABLE,
    TABLES_IN_WORDS,
    VERSION_NUMBER,
    AssumptionIn,
    PageFilters,
    ResultsOut,
    ResultTableOut,
    RunIn,
    RunOut,
    ScenarioDetailOut,
    ScenarioIn,
    ScenarioOut,
    TableName,
    VersionOut,
)
from lodestar.api.schemas import (
    Page,
    error_responses,
    invalid,
    paginate,
    problems_422,
    validation_example,
)
from lodestar.core.validation import ValidationProblem
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.projections import queries, results, specs
from lodestar.projections.models import Run, RunStatus, Scenario

router = Router(tags=["Projections"])


# --- Helpers ---------------------------------------------------------------------------------------


def _scenario(user, scenario_id: int) -> Scenario:
    return get_object_or_404(queries.scenarios(user), pk=scenario_id)


def _editable(user, scenario: Scenario) -> Scenario:
    if not queries.may_edit(user, scenario.organisation):
        raise HttpError(403, CANNOT_EDIT)
    return scenario


def _run(user, run_id: int) -> Run:
    return get_object_or_404(
        queries.runs(user).select_related("scenario_version", "requested_by"),
        pk=run_id,
    )


def _finished(run: Run) -> Run:
    if run.status == RunStatus.FAILED:
        raise HttpError(409, FAILED)
    if run.status != RunStatus.DONE or run.result is None:
        raise HttpError(409, NOT_FINISHED)
    return run


def _write(call, fields: dict[str, str] | None = None):
    """An action: its refusal is the 422 naming the body's field; not allowed is 403."""
    try:
        return call()
    except PermissionDenied as denied:
        raise HttpError(403, str(denied) or CANNOT_EDIT) from denied
    except ValidationProblem as problem:
        raise problems_422(problem, fields) from problem


def _rows(run: Run, name: str) -> tuple[list[str], list[dict]]:
    frame = results.table(run.result, name)
    return frame.columns, frame.to_dicts()


# --- Scenarios -------------------------------------------------------------------------------------


@router.get(
    "/scenarios",
    response={200: Page[ScenarioOut], **error_responses(401, 422)},
    summary="List the scenarios you can see",
    description="Scenarios of the organisations in your reach (your own, and those below an ICS or region "
    "you belong to), by name.",
)
def list_scenarios(request, filters: Query[PageFilters]):
    found = queries.scenarios(request.auth).annotate(latest_number=Max("versions__number")).order_by("name", "pk")
    return paginate(found, page=filters.page, page_size=filters.page_size)


@router.post(
    "/scenarios",
    response={201: ScenarioDetailOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Upload a scenario file",
    description="JSON body: `organisation` (id), `name` (optional: the file's own `name` otherwise) and `yaml`, "
    "the scenario file's text, exactly what `lodestar project FILE` reads. The file is checked as the command "
    "line checks it: every problem is a 422 naming the field and, for the YAML, its line; nothing is saved. "
    "An organisation outside your reach is 404; one where you may only view is 403.",
    openapi_extra=validation_example("yaml", "Line 2, column 6: not valid YAML: mapping values are not allowed here"),
)
def create_scenario(request, payload: ScenarioIn):
    from lodestar.projections.actions import scenarios as scenario_actions

    reach = Organisation.objects.in_reach(request.auth, Permission.VIEW)
    organisation = get_object_or_404(reach, pk=payload.organisation)
    if not queries.may_edit(request.auth, organisation):
        raise HttpError(403, "Only contributors and workforce analysts at the organisation can add its scenarios.")
    scenario = _write(
        lambda: scenario_actions.create_from_yaml(
            actor=request.auth, organisation=organisation, name=payload.name or "", text=payload.yaml
        ),
        {"text": "yaml"},
    )
    return Status(201, scenario)


@router.get(
    "/scenarios/{scenario_id}",
    response={200: ScenarioDetailOut, **error_responses(401, 404, 422)},
    summary="A scenario, its current assumptions and every version",
)
def get_scenario(request, scenario_id: int = SCENARIO_ID):
    return _scenario(request.auth, scenario_id)


@router.get(
    "/scenarios/{scenario_id}/versions/{number}/yaml",
    response=error_responses(401, 404, 422),
    summary="Download a version as a scenario YAML file",
    description="The file `lodestar project FILE` reads; uploading it again gives exactly the same assumptions.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The scenario file (YAML).",
                "content": {"text/yaml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def download_yaml(request, scenario_id: int = SCENARIO_ID, number: int = VERSION_NUMBER):
    version = get_object_or_404(queries.versions(request.auth), scenario_id=scenario_id, number=number)
    response = HttpResponse(specs.to_yaml(version.spec), content_type="text/yaml; charset=utf-8")
    name = f"scenario-{scenario_id}-version-{number}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _set_assumption(request, scenario_id: int, payload: AssumptionIn):
    from lodestar.projections.actions import scenarios as scenario_actions

    scenario = _editable(request.auth, _scenario(request.auth, scenario_id))
    value = payload.value
    return _write(
        lambda: scenario_actions.set_assumption(
            actor=request.auth,
            scenario=scenario,
            path=payload.path,
            value=value,
            expected_version=payload.expected_version,
        ),
        {"low": "value.low", "mode": "value.mode", "high": "value.high"},
    )


ASSUMPTION_DESCRIPTION = (
    "JSON body: `path` (the assumption's place in the scenario file), `value` (a number, or a likely range "
    "`{dist: triangular, low, mode, high}`: lowest, most likely, highest) and `expected_version` (the version "
    "you changed). Makes a new version; an earlier version is never changed. A bad value, an unknown path or "
    "a newer version made since is a 422 naming the field; nothing is saved."
)


@router.patch(
    "/scenarios/{scenario_id}/assumptions",
    response={200: VersionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Change one assumption (a new version)",
    description=ASSUMPTION_DESCRIPTION,
)
def patch_assumption(request, payload: AssumptionIn, scenario_id: int = SCENARIO_ID):
    return _set_assumption(request, scenario_id, payload)


@router.post(
    "/scenarios/{scenario_id}/assumptions",
    response={200: VersionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Change one assumption (a new version; the same as PATCH)",
    description=ASSUMPTION_DESCRIPTION,
)
def post_assumption(request, payload: AssumptionIn, scenario_id: int = SCENARIO_ID):
    return _set_assumption(request, scenario_id, payload)


# --- Runs ------------------------------------------------------------------------------------------


@router.post(
    "/scenarios/{scenario_id}/runs",
    response={202: RunOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Project a scenario",
    description="JSON body: `runs` (how many times), `seed` (optional; the same seed gives the same numbers) and "
    "`version` (optional; the latest otherwise). The answer is 202: the run is projected in the background; "
    "follow `status_url` until its status is `done` (then read `results_url`) or `failed` (see `error`). "
    "Too many runs, or a run larger than this site's limit (cohorts x years x runs), is a 422 naming `runs` "
    "with the limit; nothing is queued.",
    openapi_extra=validation_example("runs", "Number of runs must be between 1 and 10,000"),
)
def request_run(request, payload: RunIn, scenario_id: int = SCENARIO_ID):
    from lodestar.projections.actions import runs as run_actions

    scenario = _editable(request.auth, _scenario(request.auth, scenario_id))
    if payload.version is None:
        version = scenario.latest
        if version is None:
            raise invalid("version", "This scenario has no version to project")
    else:
        version = scenario.versions.filter(number=payload.version).first()
        if version is None:
            latest = scenario.latest
            numbers = f"1 to {latest.number}" if latest else "none"
            raise invalid("version", f"This scenario has versions {numbers}")
    run = _write(
        lambda: run_actions.request_run(actor=request.auth, version=version, runs=payload.runs, seed=payload.seed),
        {"spec": "version"},
    )
    return Status(202, run)


@router.get(
    "/runs",
    response={200: Page[RunOut], **error_responses(401, 422)},
    summary="List the runs you can see, newest first",
    description="Runs of scenarios in your reach, and of the action plans and workshops you can see.",
)
def list_runs(request, filters: Query[PageFilters]):
    found = queries.runs(request.auth).select_related("requested_by").order_by("-requested_at", "-pk")
    return paginate(found, page=filters.page, page_size=filters.page_size)


@router.get(
    "/runs/{run_id}",
    response={200: RunOut, **error_responses(401, 404, 422)},
    summary="Follow a run: status, progress and its exact inputs",
    description="`runs`, `seed` and `spec_hash` say exactly what was projected, so any result can be replayed.",
)
def get_run(request, run_id: int = RUN_ID):
    return _run(request.auth, run_id)


@router.get(
    "/runs/{run_id}/results",
    response={200: ResultsOut, **error_responses(401, 404, 409, 422)},
    summary="A finished run's tables",
    description=f"Every table of the run: {TABLES_IN_WORDS}. A run that has not finished, or failed, is 409.",
)
def get_results(request, run_id: int = RUN_ID):
    run = _finished(_run(request.auth, run_id))
    tables = {name: _rows(run, name)[1] for name in API_TABLES if name in (run.result or {})}
    return {"run_id": run.pk, "runs": run.runs, "seed": run.seed, "spec_hash": run.spec_hash, "tables": tables}


@router.get(
    "/runs/{run_id}/results/{table}",
    response={200: ResultTableOut, **error_responses(401, 404, 409, 422)},
    summary="One table of a finished run",
    description=f"`table` is one of {TABLES_IN_WORDS}. A run that has not finished, or failed, is 409.",
)
def get_result_table(
    request,
    run_id: int = RUN_ID,
    table: TableName = TABLE,
):
    run = _finished(_run(request.auth, run_id))
    if table not in run.result:
        raise HttpError(404, f"This run has no {table} table (only a plan's runs have closed).")
    columns, rows = _rows(run, table)
    return {"run_id": run.pk, "table": table, "columns": columns, "rows": rows}
