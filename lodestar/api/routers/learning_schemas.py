"""Schemas of the shared-learning router (``lodestar.api.routers.learning``): case studies, adoption
records and their history, readiness assessments and the spread dashboard's figures."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Path, Schema

from lodestar.api.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, BodySchema, text_field
from lodestar.learning.models import Sector, Stage
from lodestar.learning.queries import QUERY_MAX
from lodestar.star import vocab

MAX_INT = 2_147_483_647
CASE_STUDY_ID = Path(..., ge=1, le=MAX_INT, description="The case study's id.")
ADOPTION_ID = Path(..., ge=1, le=MAX_INT, description="The adoption record's id.")
ASSESSMENT_ID = Path(..., ge=1, le=MAX_INT, description="The readiness assessment's id.")
CODE_PATTERN = r"^[-a-zA-Z0-9_]{1,40}$"


def _keys(choices):
    return Literal[tuple(key for key, _ in choices)]  # type: ignore[valid-type]


PointKey = _keys(vocab.STAR_POINTS)
StaffGroupKey = _keys(vocab.STAFF_GROUPS)
CareSettingKey = _keys(vocab.CARE_SETTINGS)
SectorKey = _keys(Sector.choices)
StageKey = _keys(Stage.choices)


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


# --- Case studies ----------------------------------------------------------------------------------


class CaseStudyFilters(Paging):
    q: str | None = Field(
        None,
        max_length=QUERY_MAX,
        description="Words to find (all of them). On PostgreSQL: full-text search, ranked, with "
        '"quoted phrases", `or` and `-word`; elsewhere every word must appear. Best matches first. '
        "For example: nurse retention.",
    )
    point: PointKey | None = Field(None, description="Only case studies tagged with this Star point.")
    intervention: str | None = Field(
        None, pattern=CODE_PATTERN, description="Only case studies tagged with this catalogue intervention's code."
    )
    staff_group: StaffGroupKey | None = Field(None, description="Only case studies about this staff group.")
    care_setting: CareSettingKey | None = Field(None, description="Only case studies in this care setting.")
    sector: SectorKey | None = Field(None, description="Only case studies from this sector.")


class CaseStudyOut(Schema):
    id: int = Field(examples=[12])
    title: str = Field(examples=["Preceptorship that kept our newly qualified nurses"])
    summary: str = Field(examples=["First-year leavers fell from 24 % to 11 %."])
    organisation_id: int
    organisation_name: str = Field(examples=["Riverside Hospitals NHS Trust"])
    sector: str = Field(description="nhs, social_care, primary_care, voluntary or independent.", examples=["nhs"])
    status: str = Field(description="draft, submitted, reviewed or published.", examples=["published"])
    visibility: str = Field(description="organisation, ics, region or everyone.", examples=["region"])
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name


class ResultOut(Schema):
    measure: str = Field(examples=["Nurses leaving in their first year"])
    unit: str = Field(examples=["%"])
    baseline: float = Field(examples=[24])
    baseline_date: dt.date
    after: float = Field(examples=[11])
    after_date: dt.date


class TagOut(Schema):
    key: str = Field(description="The tag's stable key (an intervention's code, a Star point's key...).")
    name: str = Field(description="The tag in words.")


class ImageOut(Schema):
    id: int
    alt_text: str = Field(description="What the picture shows, for people who cannot see it.")
    caption: str
    content_type: str = Field(examples=["image/png"])
    width: int
    height: int
    url: str = Field(description="Where to fetch the picture (the same reading rule as the case study).")


class CaseStudyDetailOut(CaseStudyOut):
    challenge: str
    what_changed: str
    who_led: str
    costs: str
    lessons: str
    contact: str
    version: int = Field(description="The number of the latest version (a snapshot at each submit and publish).")
    results: list[ResultOut]
    points: list[TagOut]
    interventions: list[TagOut]
    staff_groups: list[TagOut]
    care_settings: list[TagOut]
    organisations_involved: list[TagOut]
    images: list[ImageOut]


# --- Adoption --------------------------------------------------------------------------------------


class AdoptionFilters(Paging):
    organisation: int | None = Field(None, ge=1, le=MAX_INT, description="Only this organisation's records.")
    intervention: str | None = Field(None, pattern=CODE_PATTERN, description="Only this intervention's code.")
    case_study: int | None = Field(None, ge=1, le=MAX_INT, description="Only records of this case study.")
    stage: StageKey | None = Field(None, description="Only records at this stage.")


class AdoptionOut(Schema):
    id: int = Field(examples=[7])
    organisation_id: int
    organisation_name: str = Field(examples=["Riverside Hospitals NHS Trust"])
    intervention_code: str | None = Field(examples=["supply-preceptorship"])
    intervention_title: str | None
    case_study_id: int | None
    case_study_title: str | None
    stage: str = Field(
        description="aware, exploring, piloting, adopted, embedded or discontinued.", examples=["piloting"]
    )
    stage_name: str = Field(examples=["Piloting"])
    since: dt.date = Field(description="The day the current stage began.")
    reason: str = Field(description="Why it was discontinued (empty otherwise).")
    note: str
    reach: int | None = Field(description="Staff or people covered (RE-AIM reach).")
    reach_eligible: int | None = Field(description="Staff or people who could be covered.")
    effect_measure: str
    effect_baseline: float | None
    effect_value: float | None
    adaptations: str
    updated_at: dt.datetime

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_intervention_code(obj) -> str | None:
        return obj.intervention.code if obj.intervention_id else None

    @staticmethod
    def resolve_intervention_title(obj) -> str | None:
        return obj.intervention.title if obj.intervention_id else None

    @staticmethod
    def resolve_case_study_title(obj) -> str | None:
        return obj.case_study.title if obj.case_study_id else None

    @staticmethod
    def resolve_stage_name(obj) -> str:
        return obj.get_stage_display()


class ChangeOut(Schema):
    stage: str = Field(examples=["adopted"])
    stage_name: str = Field(examples=["Adopted"])
    on: dt.date
    reason: str
    note: str

    @staticmethod
    def resolve_stage_name(obj) -> str:
        return obj.get_stage_display()


class AdoptionDetailOut(AdoptionOut):
    history: list[ChangeOut] = Field(description="Every change of stage, oldest first.")


class StageIn(BodySchema):
    stage: str = Field(
        description="The stage reached: aware, exploring, piloting, adopted, embedded or discontinued.",
        examples=["adopted"],
    )
    since: dt.date = Field(description="The day the stage began (today or earlier).", examples=["2026-04-01"])
    reason: str = text_field("", "Why your organisation stopped: required for discontinued.")
    note: str = text_field("", "A note for the history.")


# --- Readiness -------------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    title: str = Field(examples=["Ready for virtual wards?"])
    organisation_id: int
    organisation_name: str
    intervention_code: str | None
    case_study_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_intervention_code(obj) -> str | None:
        return obj.intervention.code if obj.intervention is not None else None


class ReadinessRatingOut(Schema):
    factor: str = Field(description="The factor's key.", examples=["organisation"])
    factor_name: str = Field(examples=["The organisation"])
    kind: str = Field(description="domain (NASSS) or attribute (predicts adoption).", examples=["domain"])
    rating: str = Field(examples=["complex"])
    rating_name: str = Field(examples=["Complex"])
    note: str


class NeedOut(Schema):
    factor: str
    factor_name: str
    rating_name: str
    why: str = Field(description="Why it needs action, in plain words.")
    what_to_do: str = Field(description="A first step.")


class AssessmentDetailOut(AssessmentOut):
    summary: str = Field(description="One sentence on the whole assessment.")
    ratings: list[ReadinessRatingOut]
    needs_action: list[NeedOut] = Field(description="The factors that need most action, most first.")
    not_sure: list[NeedOut] = Field(description="Factors marked not sure: find out first.")


# --- Spread ----------------------------------------------------------------------------------------


class SpreadFilters(Schema):
    ics: int | None = Field(None, ge=1, le=MAX_INT, description="Only organisations in this ICS (its id).")
    intervention: str | None = Field(None, pattern=CODE_PATTERN, description="Only this intervention's code.")
    stage: StageKey | None = Field(None, description="Only records at this stage.")


class SpreadRowOut(Schema):
    intervention_code: str
    intervention: str
    organisation_id: int
    organisation: str
    ics: str = Field(description="The ICS the organisation is in (empty when outside every ICS you see).")
    stage: str
    stage_name: str
    since: dt.date
    reason: str


class CurvePointOut(Schema):
    quarter: str = Field(examples=["Jan to Mar 2026"])
    counts: dict[str, int] = Field(
        description="Organisation and intervention pairs in each group at the quarter's end.",
        examples=[{"Aware or exploring": 3, "Piloting": 2, "Adopted or embedded": 5, "Discontinued": 1}],
    )


class MedianOut(Schema):
    days: float | None = Field(description="Median days from first piloting to adopted (null if none yet).")
    records: int = Field(description="How many records it is taken over.")


class SpreadOut(Schema):
    rows: list[SpreadRowOut] = Field(description="Who stands where: one row per organisation and intervention.")
    curve: list[CurvePointOut] = Field(description="The adoption curve, by calendar quarter.")
    time_to_adoption: MedianOut
    discontinued: list[SpreadRowOut] = Field(description="Rows at discontinued, with the reason.")
