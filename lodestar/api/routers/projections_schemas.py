"""The projections API's request and answer schemas (``lodestar.api.routers.projections``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Path, Schema
from pydantic import StrictInt, field_validator
from pydantic_core import PydanticCustomError

from lodestar.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    BodySchema,
    text_field,
)
from lodestar.projections import results, specs
from lodestar.projections.models import Run, RunStatus, Scenario, ScenarioVersion

MAX_INT = 2_147_483_647
SCENARIO_ID = Path(..., ge=1, le=MAX_INT, description="The scenario's id.")
RUN_ID = Path(..., ge=1, le=MAX_INT, description="The run's id.")
VERSION_NUMBER = Path(..., ge=1, le=MAX_INT, description="The version's number, from 1.")
API_TABLES = (*results.TABLES, results.CLOSED)
TableName = Literal[API_TABLES]  # type: ignore[valid-type]
TABLE = Path(..., description="Which table.")
TABLES_IN_WORDS = (
    "`summary` (supply, demand and gap by year and staff group: mean and percentiles), "
    "`probability_meets_demand` (the share of runs in which supply meets demand, by year), "
    "`waterfall` (the gap at the final year and each intervention's change to it), "
    "`cost` (each intervention's cost by year) and `steps` (the waterfall at every year, with the gap's "
    "range and the probability it is closed after each step); a plan's run also has `closed` (the gap its "
    "actions close by year, with its range)"
)
CANNOT_EDIT = "Only contributors and workforce analysts at the scenario's organisation can change or run it."
NOT_FINISHED = "This run has not finished: follow status_url until its status is done."
FAILED = "This run failed, so it has no results: see its error."


# --- Schemas ---------------------------------------------------------------------------------------


class VersionOut(Schema):
    number: int = Field(description="The version's number, from 1; each change makes a new one.", examples=[2])
    change: str = Field(description="What changed from the version before, in words.")
    spec_hash: str = Field(description="SHA-256 of the version's assumptions (canonical JSON).")
    created_by: str
    created_at: dt.datetime
    yaml_url: str = Field(
        description="Where to download this version as a scenario YAML file.",
        examples=["/api/v1/projections/scenarios/3/versions/2/yaml"],
    )

    @staticmethod
    def resolve_spec_hash(obj: ScenarioVersion) -> str:
        return specs.spec_hash(obj.spec)

    @staticmethod
    def resolve_created_by(obj: ScenarioVersion) -> str:
        return obj.created_by.display_name if obj.created_by else ""

    @staticmethod
    def resolve_yaml_url(obj: ScenarioVersion) -> str:
        return f"/api/v1/projections/scenarios/{obj.scenario_id}/versions/{obj.number}/yaml"


class ScenarioOut(Schema):
    id: int
    name: str
    description: str
    organisation_id: int = Field(description="Whose scenario it is.")
    organisation_ods_code: str
    organisation_name: str
    origin: str = Field(description="`data` (built from imported workforce data), `upload` or `copy`.")
    origin_label: str
    latest_version: int | None = Field(description="The current version's number.", examples=[3])
    created_at: dt.datetime
    updated_at: dt.datetime
    url: str = Field(examples=["/api/v1/projections/scenarios/3"])

    @staticmethod
    def resolve_organisation_ods_code(obj: Scenario) -> str:
        return obj.organisation.ods_code or ""

    @staticmethod
    def resolve_organisation_name(obj: Scenario) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_origin_label(obj: Scenario) -> str:
        return obj.get_origin_display()

    @staticmethod
    def resolve_latest_version(obj: Scenario) -> int | None:
        if hasattr(obj, "latest_number"):  # lists: annotated, one query for the page
            return obj.latest_number
        latest = obj.latest
        return latest.number if latest else None

    @staticmethod
    def resolve_url(obj: Scenario) -> str:
        return f"/api/v1/projections/scenarios/{obj.pk}"


class ScenarioDetailOut(ScenarioOut):
    versions: list[VersionOut] = Field(description="Every version, newest first.")
    assumptions: dict[str, Any] = Field(
        description="The current version's assumptions: the mapping its scenario YAML file holds."
    )

    @staticmethod
    def resolve_versions(obj: Scenario) -> list[ScenarioVersion]:
        return list(obj.versions.order_by("-number").select_related("created_by"))

    @staticmethod
    def resolve_assumptions(obj: Scenario) -> dict:
        latest = obj.latest
        return latest.spec if latest else {}


class RunProgressOut(Schema):
    done: int = Field(description="Runs projected so far.")
    total: int = Field(description="Runs to project.")
    percent: int = Field(description="Per cent done.", examples=[40])


class RunOut(Schema):
    id: int
    scenario_id: int
    version: int = Field(description="The number of the scenario version it projected.")
    kind: str = Field(description="`scenario`, `plan` (an action plan's modelled view) or `candidates` (a workshop's).")
    plan_id: int | None = Field(description="The action plan, for a plan's run.")
    workshop_id: int | None = Field(description="The workshop, for a workshop's candidates.")
    status: str = Field(description="`queued`, `running`, `done` or `failed`.", examples=["done"])
    status_label: str = Field(examples=["Finished"])
    status_url: str = Field(description="Where to follow this run.", examples=["/api/v1/projections/runs/12"])
    results_url: str = Field(
        description="Where its tables are, once it has finished.", examples=["/api/v1/projections/runs/12/results"]
    )
    progress: RunProgressOut
    runs: int = Field(description="How many times the scenario was projected (Monte Carlo runs).", examples=[1000])
    seed: int = Field(description="The random seed: the same inputs and seed give the same numbers.", examples=[7])
    spec_hash: str = Field(description="SHA-256 of the exact assumptions projected (canonical JSON).")
    size: int = Field(description="Cohorts x years x runs, the measure the size limit applies to.")
    where: str = Field(description="Where it ran: here (threads) or a Dask scheduler.")
    error: str = Field(description="Why it failed, when it did.")
    seconds: float | None = Field(description="Time the engine took.")
    requested_by: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_scenario_id(obj: Run) -> int:
        return obj.scenario_version.scenario_id

    @staticmethod
    def resolve_version(obj: Run) -> int:
        return obj.scenario_version.number

    @staticmethod
    def resolve_status_label(obj: Run) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_status_url(obj: Run) -> str:
        return f"/api/v1/projections/runs/{obj.pk}"

    @staticmethod
    def resolve_results_url(obj: Run) -> str:
        return f"/api/v1/projections/runs/{obj.pk}/results"

    @staticmethod
    def resolve_progress(obj: Run) -> dict:
        total = obj.progress_total or obj.runs or 0
        done = min(obj.progress_done, total) if total else obj.progress_done
        if obj.status == RunStatus.DONE:
            done = total
        percent = int(100 * done / total) if total else 0
        return {"done": done, "total": total, "percent": percent}

    @staticmethod
    def resolve_requested_by(obj: Run) -> str:
        return obj.requested_by.display_name if obj.requested_by else ""


class ResultTableOut(Schema):
    run_id: int
    table: str = Field(examples=["summary"])
    columns: list[str] = Field(description="The table's columns, in order.")
    rows: list[dict[str, Any]] = Field(description="One object per row, column -> value (null: not a number).")


class ResultsOut(Schema):
    run_id: int
    runs: int
    seed: int
    spec_hash: str
    tables: dict[str, list[dict[str, Any]]] = Field(description=f"Each table's rows: {TABLES_IN_WORDS}.")


class PageFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


class ScenarioIn(BodySchema):
    organisation: StrictInt = Field(ge=1, le=MAX_INT, description="The id of the organisation the scenario is for.")
    name: str | None = text_field(None, "The scenario's name.")
    yaml: str = Field(
        description="The scenario file's text: the same YAML `lodestar project FILE` reads "
        "(`lodestar project --example` prints one). A problem is named by its field and line."
    )


class LikelyRange(BodySchema):
    dist: Literal["triangular"] = Field(description="Always `triangular`: a likely range.")
    low: int | float = Field(description="Lowest.")
    mode: int | float = Field(description="Most likely.")
    high: int | float = Field(description="Highest.")

    @field_validator("low", "mode", "high", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("number", "Enter a number")
        return value


def _value_schema(schema: dict) -> None:
    schema.clear()
    schema.update(
        {
            "description": "A fixed number, or a likely range `{dist: triangular, low, mode, high}`.",
            "anyOf": [{"type": "number"}, LikelyRange.model_json_schema()],
        }
    )


NUMBER_OR_RANGE = "Enter a number, or a likely range: {dist: triangular, low, mode, high}"


class AssumptionIn(BodySchema):
    path: str = Field(
        max_length=300,
        description="Which assumption, as its place in the scenario file, e.g. "
        "`rates.registered-nurses.leaver_rate` or `demand.productivity_gain`.",
        examples=["rates.registered-nurses.leaver_rate"],
    )
    value: Any = Field(
        description="A fixed number, or a likely range `{dist: triangular, low, mode, high}`.",
        json_schema_extra=_value_schema,
    )
    expected_version: StrictInt = Field(
        ge=1,
        le=MAX_INT,
        description="The version you changed (the scenario's `latest_version`): if someone has made a newer "
        "one since, the change is refused rather than overwriting theirs.",
    )

    @field_validator("value", mode="before")
    @classmethod
    def _number_or_range(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | dict):
            raise PydanticCustomError("number_or_range", NUMBER_OR_RANGE)
        if isinstance(value, dict):
            return LikelyRange.model_validate(value).model_dump()
        return value


class RunIn(BodySchema):
    runs: StrictInt = Field(
        description="How many times to project the scenario (Monte Carlo runs): from 1 to this site's limit "
        "(`LODESTAR_PROJECTION_MAX_RUNS`, 10,000 unless set), and cohorts x years x runs at most "
        "`LODESTAR_PROJECTION_MAX_SIZE`.",
        examples=[1000],
    )
    seed: StrictInt | None = Field(
        None, description="The random seed (0 or more); left out, a random one is chosen and recorded.", examples=[7]
    )
    version: StrictInt | None = Field(
        None, ge=1, le=MAX_INT, description="Which version to project; left out, the latest."
    )
