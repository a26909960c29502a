"""Shared learning: case studies (search with facets, one with its results, tags and pictures),
adoption records (list with filters, one with its history, record the next stage), readiness
assessments and the spread dashboard's figures.

Reads go through the same scoped queries as the pages (``lodestar.learning.queries*``): a case
study you may not read (unpublished and not yours to edit or review, or outside its visibility)
is 404, like any record outside your reach. Recording a stage calls the action the page calls
(``lodestar.learning.actions_adoption.change_stage``), so its refusals are the page's, as a 422
naming the field; seeing a record without being allowed to record (a viewer) is 403.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Query, Router
from ninja.errors import HttpError

from lodestar.api.routers.learning_schemas import (
    ADOPTION_ID,
    ASSESSMENT_ID,
    CASE_STUDY_ID,
    AdoptionDetailOut,
    AdoptionFilters,
    AdoptionOut,
    AssessmentDetailOut,
    AssessmentOut,
    CaseStudyDetailOut,
    CaseStudyFilters,
    CaseStudyOut,
    Paging,
    SpreadFilters,
    SpreadOut,
    StageIn,
)
from lodestar.api.schemas import Page, error_responses, paginate, problems_422, validation_example
from lodestar.core.validation import ValidationProblem
from lodestar.learning import (
    actions_adoption,
    queries,
    queries_adoption,
    queries_images,
    queries_readiness,
    queries_spread,
    readiness,
)
from lodestar.learning.presenters_spread import SpreadPresenter
from lodestar.star import vocab

router = Router(tags=["Shared learning"])
SECTION_NAMES = ("challenge", "what_changed", "who_led", "costs", "lessons", "contact")

CANNOT_RECORD = "You can see this record but not record stages for its organisation."


def _tags(pairs) -> list[dict]:
    return [{"key": key, "name": name} for key, name in pairs]


# --- Case studies ----------------------------------------------------------------------------------


@router.get(
    "/case-studies",
    response={200: Page[CaseStudyOut], **error_responses(401, 422)},
    summary="Search the case studies you can read",
    description="Published case studies you may read (their visibility reaches you), matching every word "
    "and every facet given. With words: best matches first (the title counts most); without: by title.",
)
def list_case_studies(request, filters: Query[CaseStudyFilters]):
    found = queries.search(
        request.auth,
        q=filters.q or "",
        points=[filters.point] if filters.point else (),
        interventions=[filters.intervention] if filters.intervention else (),
        staff_groups=[filters.staff_group] if filters.staff_group else (),
        care_settings=[filters.care_setting] if filters.care_setting else (),
        sectors=[filters.sector] if filters.sector else (),
    )
    return paginate(found, page=filters.page, page_size=filters.page_size)


def _fields(obj, schema) -> dict:
    return {name: getattr(obj, name) for name in schema.model_fields if hasattr(obj, name)}


def _case_study_detail(user, case_study) -> SimpleNamespace:
    staff_groups = dict(vocab.STAFF_GROUPS)
    care_settings = dict(vocab.CARE_SETTINGS)
    return SimpleNamespace(
        **_fields(case_study, CaseStudyOut),
        **{name: getattr(case_study, name) for name in ("organisation", *SECTION_NAMES, "version")},
        results=list(case_study.results.all()),
        points=_tags((p.key, p.name) for p in case_study.points.order_by("order")),
        interventions=_tags((i.code, i.title) for i in case_study.interventions.order_by("title")),
        staff_groups=_tags((k, staff_groups.get(k, k)) for k in case_study.staff_groups or []),
        care_settings=_tags((k, care_settings.get(k, k)) for k in case_study.care_settings or []),
        organisations_involved=_tags((str(o.pk), o.name) for o in case_study.organisations_involved.order_by("name")),
        images=[
            {
                **{f: getattr(i, f) for f in ("id", "alt_text", "caption", "content_type", "width", "height")},
                "url": reverse("learning:image", args=[case_study.pk, i.pk]),
            }
            for i in queries_images.images(user, case_study)
        ],
    )


@router.get(
    "/case-studies/{case_study_id}",
    response={200: CaseStudyDetailOut, **error_responses(401, 404, 422)},
    summary="Get one case study",
    description="Every section of the template, its results with figures, its tags and its pictures. "
    "404 when it does not exist or you may not read it (a draft of another organisation, or "
    "outside its visibility).",
)
def get_case_study(request, case_study_id: int = CASE_STUDY_ID):
    return _case_study_detail(request.auth, queries.case_study(request.auth, case_study_id))


# --- Adoption --------------------------------------------------------------------------------------


@router.get(
    "/adoption",
    response={200: Page[AdoptionOut], **error_responses(401, 422)},
    summary="List adoption records",
    description="Where organisations in your reach stand with an intervention or a case study's practice, "
    "with the RE-AIM measures. Filter by organisation, intervention, case study and stage.",
)
def list_adoption(request, filters: Query[AdoptionFilters]):
    rows = queries_adoption.records(request.auth)
    if filters.organisation:
        rows = rows.filter(organisation_id=filters.organisation)
    if filters.intervention:
        rows = rows.filter(intervention__code=filters.intervention)
    if filters.case_study:
        rows = rows.filter(case_study_id=filters.case_study)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    rows = rows.order_by("organisation__name", "intervention__title", "case_study__title", "pk")
    return paginate(rows, page=filters.page, page_size=filters.page_size)


def _adoption_detail(record):
    record.history = list(queries_adoption.changes(record))
    return record


@router.get(
    "/adoption/{adoption_id}",
    response={200: AdoptionDetailOut, **error_responses(401, 404, 422)},
    summary="Get one adoption record with its history",
    description="404 when it does not exist or its organisation is outside your reach.",
)
def get_adoption(request, adoption_id: int = ADOPTION_ID):
    return _adoption_detail(queries_adoption.adoption(request.auth, adoption_id))


@router.post(
    "/adoption/{adoption_id}/stages",
    response={201: AdoptionDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Record the next stage",
    description="The same rules as the page: a stage other than the current one, begun today or earlier and "
    "not before the current stage began; a reason for discontinued. Needs the right to record at the "
    "organisation (a viewer gets 403).",
    openapi_extra=validation_example("stage", "Choose the stage your organisation has reached"),
)
def record_stage(request, payload: StageIn, adoption_id: int = ADOPTION_ID):
    record = queries_adoption.adoption(request.auth, adoption_id)
    try:
        record = actions_adoption.change_stage(actor=request.auth, adoption=record, **payload.model_dump())
    except PermissionDenied as denied:
        raise HttpError(403, CANNOT_RECORD) from denied
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    return 201, _adoption_detail(queries_adoption.adoption(request.auth, record.pk))


# --- Readiness -------------------------------------------------------------------------------------


@router.get(
    "/readiness",
    response={200: Page[AssessmentOut], **error_responses(401, 422)},
    summary="List readiness assessments",
    description="Readiness-to-adopt self-assessments of the organisations in your reach, newest first.",
)
def list_readiness(request, filters: Query[Paging]):
    rows = queries_readiness.assessments(request.auth).order_by("-created_at", "-pk")
    return paginate(rows, page=filters.page, page_size=filters.page_size)


def _need(need) -> dict:
    return {
        "factor": need.factor.key,
        "factor_name": need.factor.name,
        "rating_name": need.rating_label,
        "why": need.why,
        "what_to_do": need.factor.what_to_do,
    }


@router.get(
    "/readiness/{assessment_id}",
    response={200: AssessmentDetailOut, **error_responses(401, 404, 422)},
    summary="Get one readiness assessment with its result",
    description="Each factor's rating, one sentence on the whole and the factors that need most action, "
    "most first. 404 when it does not exist or is outside your reach.",
)
def get_readiness(request, assessment_id: int = ASSESSMENT_ID):
    assessment = queries_readiness.assessment(request.auth, assessment_id)
    ratings = queries_readiness.ratings(assessment)
    out = SimpleNamespace(**_fields(assessment, AssessmentOut), organisation=assessment.organisation)
    out.intervention, out.case_study_id = assessment.intervention, assessment.case_study_id
    out.summary = readiness.summary(ratings)
    out.ratings = [
        {
            "factor": key,
            "factor_name": factor.name,
            "kind": factor.kind,
            "rating": ratings[key][0],
            "rating_name": factor.label(ratings[key][0]),
            "note": ratings[key][1],
        }
        for key, factor in readiness.FACTORS.items()
        if key in ratings
    ]
    out.needs_action = [_need(n) for n in readiness.rank(ratings)]
    out.not_sure = [_need(n) for n in readiness.unsure(ratings)]
    return out


# --- Spread ----------------------------------------------------------------------------------------


def _spread_row(presenter: SpreadPresenter, r) -> dict:
    return {
        "intervention_code": r.intervention.code,
        "intervention": r.intervention.title,
        "organisation_id": r.organisation_id,
        "organisation": r.organisation.name,
        "ics": presenter.ics_of(r.organisation),
        "stage": r.stage,
        "stage_name": r.get_stage_display(),
        "since": r.since,
        "reason": r.reason,
    }


@router.get(
    "/spread",
    response={200: SpreadOut, **error_responses(401, 404, 422)},
    summary="The spread dashboard's figures",
    description="For ICS, regional and national users (anyone else: 404): who stands where with each "
    "intervention, the adoption curve by quarter, the median time from piloting to adopted and what was "
    "discontinued and why. An ICS outside your reach gives no rows.",
)
def get_spread(request, filters: Query[SpreadFilters]):
    queries_spread.require(request.auth)
    icss = list(queries_spread.icss(request.auth))
    ics = next((i for i in icss if i.pk == filters.ics), None)
    if filters.ics and ics is None:
        return {"rows": [], "curve": [], "time_to_adoption": {"days": None, "records": 0}, "discontinued": []}
    rows = queries_spread.records(request.auth, ics=ics, code=filters.intervention or "", stage=filters.stage or "")
    presenter = SpreadPresenter(rows, icss)
    labels, counts = presenter.curve
    days, over = presenter.median_days
    out_rows = [_spread_row(presenter, r) for r in presenter.rows]
    return {
        "rows": out_rows,
        "curve": [{"quarter": label, "counts": {g: counts[g][i] for g in counts}} for i, label in enumerate(labels)],
        "time_to_adoption": {"days": days, "records": over},
        "discontinued": [row for row in out_rows if row["stage"] == "discontinued"],
    }
