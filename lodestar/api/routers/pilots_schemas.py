"""The pilots API's request and response bodies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import StrictInt

from lodestar.api.schemas import DEFAULT_PAGE_SIZE, BodySchema, text_field
from lodestar.pilots.models import Pilot

MAX_INT = 2_147_483_647
NUMBER = 'A number, or text holding one ("14.5"); the action\'s words come back as a 422 otherwise.'


class PilotMeasureOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal
    before: Decimal | None
    after: Decimal | None


class CycleOut(Schema):
    number: int
    plan: str
    do: str
    study: str
    act: str
    started_on: dt.date
    ended_on: dt.date | None


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    decision: str
    note: str
    on: dt.date


class PilotOut(Schema):
    id: int
    title: str
    organisation_id: int
    organisation_name: str
    programme_id: int | None = Field(description="The programme the pilot belongs to, if any.")
    stage: str = Field(description="proposed, approved, running, evaluating or decided.")
    hypothesis: str
    aims: str
    sites: list[int] = Field(description="The ids of the organisations where the pilot runs.")
    cohort_size: int | None
    budget: Decimal | None
    approved_on: dt.date | None
    started_on: dt.date | None
    learned: str
    decision: str = Field(description="scale_up, adapt or stop (empty until decided).")
    rationale: str
    decided_on: dt.date | None
    case_study_id: int | None = Field(description="The draft case study made when the pilot was scaled up.")
    intervention_code: str | None = Field(description="The local catalogue intervention made when scaled up.")

    @staticmethod
    def resolve_organisation_name(obj: Pilot) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_sites(obj: Pilot) -> list[int]:
        return sorted(s.pk for s in obj.sites.all())

    @staticmethod
    def resolve_intervention_code(obj: Pilot) -> str | None:
        return obj.intervention.code if obj.intervention_id else None


class PilotDetailOut(PilotOut):
    measures: list[PilotMeasureOut]
    cycles: list[CycleOut]
    history: list[StageChangeOut]

    @staticmethod
    def resolve_measures(obj: Pilot):
        return list(obj.measures.all())

    @staticmethod
    def resolve_cycles(obj: Pilot):
        return list(obj.cycles.all())

    @staticmethod
    def resolve_history(obj: Pilot):
        return list(obj.changes.all())


class PilotFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=100, description="Items per page (1 to 100).")
    stage: str = Field("", description="Only pilots at this stage.")
    organisation: int | None = Field(None, ge=1, le=MAX_INT, description="Only this organisation's pilots.")


class PilotIn(BodySchema):
    organisation: StrictInt = Field(ge=1, le=MAX_INT, description="The id of the organisation running the pilot.")
    title: str | None = text_field(None, "A few words naming the pilot.")
    programme: int | None = Field(None, ge=1, le=MAX_INT, description="The id of a programme you can see (optional).")
    hypothesis: str = text_field("", "What you expect to change, and why (needed before approval).")
    aims: str = text_field("", "What the pilot sets out to achieve.")
    sites: list[StrictInt] = Field(default_factory=list, description="Ids of organisations in your reach.")
    cohort_size: int | str | None = Field(None, description="How many people take part.")
    budget: float | str | None = Field(None, description="In pounds. " + NUMBER)


class MeasureIn(BodySchema):
    name: str | None = text_field(None, "What will be measured.")
    unit: str = text_field("", "For example % or hours; % for a rate or a share of staff.")
    baseline: float | str | None = Field(None, description="The value before the pilot. " + NUMBER)


class ApproveIn(BodySchema):
    approved_on: dt.date | None = Field(None, description="The date of approval (not in the future).")


class StartIn(BodySchema):
    started_on: dt.date | None = Field(None, description="The date the pilot started running.")


class CycleIn(BodySchema):
    plan: str | None = text_field(None, "What you will try, and what you predict.")
    do: str = text_field("", "What was done.")
    study: str = text_field("", "What the results showed.")
    act: str = text_field("", "What happens next.")
    started_on: dt.date | None = Field(None, description="The date the cycle began.")
    ended_on: dt.date | None = Field(None, description="The date it ended (optional).")


class MeasureValuesIn(BodySchema):
    measure: StrictInt = Field(ge=1, le=MAX_INT, description="The measure's id.")
    before: float | str | None = Field(None, description=NUMBER)
    after: float | str | None = Field(None, description=NUMBER)


class EvaluateIn(BodySchema):
    values: list[MeasureValuesIn] = Field(default_factory=list, description="Before and after for every measure.")
    learned: str | None = text_field(None, "What was learned.")


class DecideIn(BodySchema):
    decision: str = Field("", description="scale_up, adapt (back to running for a new cycle) or stop.")
    rationale: str | None = text_field(None, "The reason for the decision.")
    measure: int | None = Field(None, description="Scaling up: the measure that drives the modelled effect.")
    lever: str = Field("", description="Scaling up: the lever type (e.g. leaver_rate_change); blank to suggest.")
