"""Multi-disciplinary training pathways and learner cohorts.

Reads go through ``lodestar.pathways.queries`` (a pathway belongs to its organisation: anything
outside your reach is 404); every write goes through ``lodestar.pathways.actions``, whose refusals
are the documented 422 naming the body's field. Reading a pathway but not being allowed to change
it (a viewer) is 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictInt

from lodestar.api.schemas import BodySchema, Page, error_responses, paginate, text_field, validation_example
from lodestar.pathways import actions, queries
from lodestar.pathways.models import Cohort, Pathway, Stage

router = Router(tags=["Training pathways"])
CANNOT_CHANGE = "Only facilitators at the pathway's organisation can change it."
MAX_INT = 2_147_483_647


class PageFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(25, ge=1, le=100, description="Items per page (1 to 100).")


class PathwayOut(Schema):
    id: int
    name: str
    summary: str
    organisation_id: int
    organisation_name: str
    professions: list[str] = Field(description="The professions that may join.")
    capacity: int = Field(description="Learners one intake takes.")
    intakes_per_year: int
    places_per_year: int = Field(description="capacity x intakes_per_year.")
    staff_group: str = Field(description="The staff group learners qualify into (its name in scenarios).")
    source_group: str = Field(description="For a conversion route: the staff group learners come from.")
    url: str

    @staticmethod
    def resolve_organisation_name(obj: Pathway) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_url(obj: Pathway) -> str:
        return f"/api/v1/pathways/{obj.pk}"


class CompetencyOut(Schema):
    task: str
    who: str = Field(description="The role or band who may do the task.")
    risk: str = Field(description="low, medium or high.")
    supervision: str = Field(description="direct, indirect or none.")


class PlacementOut(Schema):
    organisation_id: int
    setting: str
    weeks: int
    places: int


class StageOut(Schema):
    id: int
    order: int
    name: str
    months: int
    setting: str = Field(description="community, primary, secondary, mental_health or social_care.")
    competencies: list[CompetencyOut]
    placements: list[PlacementOut]

    @staticmethod
    def resolve_competencies(obj: Stage):
        return list(obj.competencies.all())

    @staticmethod
    def resolve_placements(obj: Stage):
        return list(obj.placements.all())


class CountOut(Schema):
    cohort_id: int
    stage_id: int
    on: dt.date = Field(description="The date the counts describe.")
    enrolled: int
    progressing: int
    completed: int
    withdrawn: int


class CohortOut(Schema):
    id: int
    intake_date: dt.date


class PathwayDetailOut(PathwayOut):
    stages: list[StageOut]
    cohorts: list[CohortOut]

    @staticmethod
    def resolve_stages(obj: Pathway):
        return list(queries.stages(obj))

    @staticmethod
    def resolve_cohorts(obj: Pathway):
        return list(queries.cohorts(obj))


class PathwayIn(BodySchema):
    organisation: StrictInt = Field(ge=1, le=MAX_INT, description="The id of the organisation that runs it.")
    name: str | None = text_field(None, "The pathway's name.")
    summary: str = text_field("", "What the pathway is for.")
    professions: list[str] = Field(default_factory=list, description="The professions that may join.")
    capacity: StrictInt | None = Field(None, description="Learners one intake takes (1 to 10,000).")
    intakes_per_year: StrictInt = Field(1, description="Intakes a year (1 to 12).")
    staff_group: str = text_field("", "The staff group learners qualify into.")
    source_group: str = text_field("", "For a conversion route: the staff group learners come from.")


class PathwayPatch(BodySchema):
    name: str | None = text_field(None, "The pathway's name.")
    summary: str | None = text_field(None, "What the pathway is for.")
    professions: list[str] | None = None
    capacity: StrictInt | None = None
    intakes_per_year: StrictInt | None = None
    staff_group: str | None = None
    source_group: str | None = None


class StageIn(BodySchema):
    name: str | None = text_field(None, "The stage's name.")
    months: StrictInt | None = Field(None, description="How many months it lasts (1 to 120).")
    setting: str | None = Field(None, description="community, primary, secondary, mental_health or social_care.")


class CohortIn(BodySchema):
    intake_date: dt.date | None = Field(None, description="The intake date.")


class StageCountIn(BodySchema):
    stage: StrictInt = Field(description="The stage's id.")
    enrolled: StrictInt = 0
    progressing: StrictInt = 0
    completed: StrictInt = 0
    withdrawn: StrictInt = 0


class CountsIn(BodySchema):
    on: dt.date | None = Field(None, description="The date the counts describe (today or earlier).")
    counts: list[StageCountIn] = Field(description="One entry per stage counted; stages left out keep their counts.")


def _pathway(user, pathway_id: int) -> Pathway:
    return queries.pathway(user, pathway_id)


def _changeable(user, pathway_id: int) -> Pathway:
    found = _pathway(user, pathway_id)
    if not queries.may_change(user, found.organisation):
        raise HttpError(403, CANNOT_CHANGE)
    return found


@router.get("", response={200: Page[PathwayOut], **error_responses(401, 422)}, summary="List the pathways you can see")
def list_pathways(request, filters: Query[PageFilters]):
    return paginate(
        queries.pathways(request.auth).order_by("name", "pk"), page=filters.page, page_size=filters.page_size
    )


@router.post(
    "",
    response={201: PathwayDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Add a training pathway",
    description="An organisation outside your reach is 404; one where you may only view is 403. Bad values are a "
    "422 naming the field; nothing is saved.",
    openapi_extra=validation_example("capacity", "The number of learners one intake takes must be from 1 to 10,000"),
)
def create_pathway(request, payload: PathwayIn):
    organisation = get_object_or_404(queries.organisations_in_reach(request.auth), pk=payload.organisation)
    if not queries.may_change(request.auth, organisation):
        raise HttpError(403, "Only facilitators at the organisation can add its pathways.")
    data = payload.model_dump(exclude={"organisation"})
    return Status(201, actions.create_pathway(actor=request.auth, organisation=organisation, **data))


@router.get("/{pathway_id}", response={200: PathwayDetailOut, **error_responses(401, 404, 422)}, summary="A pathway")
def get_pathway(request, pathway_id: int):
    return _pathway(request.auth, pathway_id)


@router.patch(
    "/{pathway_id}",
    response={200: PathwayDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Change a pathway",
    description="Only the fields given change.",
)
def update_pathway(request, pathway_id: int, payload: PathwayPatch):
    found = _changeable(request.auth, pathway_id)
    data = {name: getattr(found, name) for name in actions.PATHWAY_FIELDS}
    data.update(payload.model_dump(exclude_none=True))
    try:
        return actions.update_pathway(actor=request.auth, pathway=found, **data)
    except PermissionDenied as denied:
        raise HttpError(403, CANNOT_CHANGE) from denied


@router.post(
    "/{pathway_id}/stages",
    response={201: StageOut, **error_responses(401, 403, 404, 422)},
    summary="Add the next stage",
)
def add_stage(request, pathway_id: int, payload: StageIn):
    found = _changeable(request.auth, pathway_id)
    return Status(201, actions.add_stage(actor=request.auth, pathway=found, **payload.model_dump()))


@router.post(
    "/{pathway_id}/cohorts",
    response={201: CohortOut, **error_responses(401, 403, 404, 422)},
    summary="Add a cohort (an intake of learners)",
)
def add_cohort(request, pathway_id: int, payload: CohortIn):
    found = _changeable(request.auth, pathway_id)
    return Status(201, actions.add_cohort(actor=request.auth, pathway=found, intake_date=payload.intake_date))


@router.get(
    "/{pathway_id}/counts",
    response={200: list[CountOut], **error_responses(401, 404, 422)},
    summary="Each cohort's current counts at each stage",
    description="The newest counts of every cohort at every stage (earlier counts are its history).",
)
def current_counts(request, pathway_id: int):
    return list(
        queries.latest_counts(_pathway(request.auth, pathway_id)).order_by("cohort__intake_date", "stage__order")
    )


@router.post(
    "/{pathway_id}/cohorts/{cohort_id}/counts",
    response={201: list[CountOut], **error_responses(401, 403, 404, 422)},
    summary="Record a cohort's counts",
    description="Counts at each stage on a date; earlier counts are kept as the history. The learners "
    "progressing, completed and withdrawn at a stage cannot add up to more than those enrolled.",
)
def record_counts(request, pathway_id: int, cohort_id: int, payload: CountsIn):
    found = _changeable(request.auth, pathway_id)
    cohort: Cohort = queries.cohort(found, cohort_id)
    counts = {c.stage: c.model_dump(exclude={"stage"}) for c in payload.counts}
    return Status(201, actions.record_counts(actor=request.auth, cohort=cohort, on=payload.on, counts=counts))
