"""Star workshops: workshops, Star scores, contributions (evidence, challenges, ideas), candidates
and impact/effort ratings. You see the workshops of your organisations (and those you take part
in); writing follows the same rules as the web pages (contributors add contributions and ratings,
facilitators set scores). Anything else is a 404 or a 403."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from lodestar.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    NO_CONTROL_CHARACTERS,
    BodySchema,
    Page,
    error_responses,
    invalid,
    not_null,
    paginate,
    problems_422,
    text_field,
    validation_example,
)
from lodestar.core.validation import ValidationProblem
from lodestar.star import vocab
from lodestar.workshops import actions, queries, scoring
from lodestar.workshops.models import Candidate, ContributionKind, Workshop
from lodestar.workshops.presenters import group_figures_visible

router = Router(tags=["Workshops"])

PointKey = Literal[tuple(key for key, _ in vocab.STAR_POINTS)]  # type: ignore[valid-type]
KindKey = Literal["evidence", "challenge", "idea"]
ID = Path(..., ge=1, le=2_147_483_647, description="Identifier.")
POINT = Path(..., description="The Star point's key.")


class WorkshopOut(Schema):
    id: int
    title: str = Field(examples=["Community nursing in Riverside"])
    lead_organisation_id: int
    lead_organisation_name: str
    partner_organisation_ids: list[int]
    challenge: str
    service: str
    population: str
    staff_groups: list[str] = Field(description="Staff group keys.")
    care_settings: list[str] = Field(description="Care setting keys.")
    starts_on: date | None
    ends_on: date | None
    status: str = Field(examples=["in_progress"], description="draft, in_progress or completed")
    shortlist_confirmed_at: datetime | None

    @staticmethod
    def resolve_lead_organisation_name(obj: Workshop) -> str:
        return obj.lead_organisation.name

    @staticmethod
    def resolve_partner_organisation_ids(obj: Workshop) -> list[int]:
        return sorted(o.pk for o in obj.partner_organisations.all())


class WorkshopFilters(Schema):
    status: Literal["draft", "in_progress", "completed"] | None = Field(None, description="Only this status.")
    organisation: int | None = Field(
        None, ge=1, le=2_147_483_647, description="Only workshops led by this organisation."
    )
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


class ScoreOut(Schema):
    point: str = Field(examples=["supply"])
    point_name: str = Field(examples=["Supply"])
    current_score: int | None = Field(description="1 (not started) to 5 (leading), or null when not scored.")
    target_score: int | None
    evidence: str


# Request bodies check types only (a JSON object with only these fields: BodySchema); what is
# acceptable (scores 1 to 5, text lengths, no control characters, ...) is the action's rule,
# translated by problems_422 into the documented 422.
UNKNOWN_INTERVENTION = "No intervention in the catalogue you can see has this code"
UNKNOWN_CHALLENGE = "No challenge in this workshop has this id"


class ScoreIn(BodySchema):
    """Only the fields sent change; ``{}`` changes nothing."""

    current_score: int | None = Field(None, description="1 (not started) to 5 (leading); null clears it.")
    target_score: int | None = Field(None, description="1 to 5; null clears it.")
    evidence: str = not_null(f"The summary of the evidence: at most 10,000 characters. {NO_CONTROL_CHARACTERS}")


class ContributionOut(Schema):
    id: int
    point: str
    kind: str = Field(description="evidence, challenge or idea")
    text: str
    author_name: str | None
    hidden: bool
    merged_into_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_point(obj) -> str:
        return obj.point.key

    @staticmethod
    def resolve_author_name(obj) -> str | None:
        return obj.author.display_name if obj.author_id else None


class ContributionIn(BodySchema):
    point: PointKey
    kind: KindKey
    text: str = text_field(..., "1 to 4,000 characters.")


class ContributionFilters(Schema):
    kind: KindKey | None = Field(None, description="Only this kind, e.g. challenge.")
    point: PointKey | None = Field(None, description="Only this Star point.")


class CandidateOut(Schema):
    id: int
    intervention_code: str
    intervention_title: str
    point: str
    challenge_id: int | None
    shortlisted: bool
    priority_rank: int | None = Field(description="1 is the highest priority; set when the shortlist is confirmed.")
    ratings: int = Field(description="How many people have rated it.")
    impact_median: float | None = Field(
        description=(
            "The group's figures (medians, quartiles, quadrant) are null, and the candidates come in the order "
            "they were added, until you have rated every candidate or the facilitator has shown the group's "
            "ratings (as on the prioritisation page, ADR 0022), so that no one's rating is anchored by the group's."
        )
    )
    impact_iqr: list[float] | None = Field(description="Lower and upper quartiles of the impact ratings.")
    effort_median: float | None
    effort_iqr: list[float] | None
    quadrant: str | None = Field(description="quick_win, major_project, fill_in, thankless_task, or null when unrated.")


class CandidateIn(BodySchema):
    intervention_code: str = Field(
        ...,
        max_length=40,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="The code of an intervention in the catalogue you can see; any other code is refused (422).",
    )
    challenge_id: int | None = Field(
        None, ge=1, le=2_147_483_647, description="A challenge raised in this workshop (422 otherwise), or null."
    )


class RatingIn(BodySchema):
    impact: int = Field(..., description="1 little difference to 5 a big difference.")
    effort: int = Field(..., description="1 easy to 5 hard.")


class RatingOut(Schema):
    candidate_id: int
    rater_name: str
    impact: int
    effort: int

    @staticmethod
    def resolve_rater_name(obj) -> str:
        return obj.user.display_name


def _workshop(request, workshop_id: int) -> Workshop:
    workshop = queries.get_visible_workshop(request.auth, workshop_id)
    if workshop is None:
        raise Http404
    return workshop


HIDDEN_FIGURES = {
    "impact_median": None,
    "impact_iqr": None,
    "effort_median": None,
    "effort_iqr": None,
    "quadrant": None,
}


def _group_figures_visible(user, workshop: Workshop, candidates: list[Candidate]) -> bool:
    """The prioritisation page's rule (presenters.group_figures_visible), from prefetched ratings."""
    rated = sum(1 for c in candidates if any(r.user_id == user.pk for r in c.ratings.all()))
    return group_figures_visible(
        workshop, can_rate=workshop.can_contribute(user), n_candidates=len(candidates), n_rated=rated
    )


def _candidate_out(c: Candidate) -> dict:
    agg = scoring.aggregate([(r.impact, r.effort) for r in c.ratings.all()])
    return {
        "id": c.pk,
        "intervention_code": c.intervention.code,
        "intervention_title": c.intervention.title,
        "point": c.intervention.point.key,
        "challenge_id": c.challenge_id,
        "shortlisted": c.shortlisted,
        "priority_rank": c.priority_rank,
        "ratings": agg.count,
        "impact_median": agg.impact_median,
        "impact_iqr": list(agg.impact_iqr) if agg.impact_iqr else None,
        "effort_median": agg.effort_median,
        "effort_iqr": list(agg.effort_iqr) if agg.effort_iqr else None,
        "quadrant": agg.quadrant,
    }


@router.get("", response={200: Page[WorkshopOut], **error_responses(401, 422)}, summary="List workshops you can see")
def list_workshops(request, filters: Query[WorkshopFilters]):
    qs = (
        Workshop.objects.visible_to(request.auth)
        .select_related("lead_organisation")
        .prefetch_related("partner_organisations")
        .order_by("-created_at", "-pk")
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.organisation:
        qs = qs.filter(lead_organisation_id=filters.organisation)
    return paginate(qs, page=filters.page, page_size=filters.page_size)


@router.get("/{workshop_id}", response={200: WorkshopOut, **error_responses(401, 404, 422)}, summary="Get one workshop")
def get_workshop(request, workshop_id: int = ID):
    return _workshop(request, workshop_id)


@router.get(
    "/{workshop_id}/scores",
    response={200: list[ScoreOut], **error_responses(401, 404, 422)},
    summary="Current and target maturity for each Star point",
)
def list_scores(request, workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    by_point = {a.point_id: a for a in workshop.assessments.all()}
    out = []
    for p in queries.star_points():
        a = by_point.get(p.pk)
        out.append(
            {
                "point": p.key,
                "point_name": p.name,
                "current_score": a.current_score if a else None,
                "target_score": a.target_score if a else None,
                "evidence": a.evidence if a else "",
            }
        )
    return out


@router.put(
    "/{workshop_id}/scores/{point}",
    response={200: ScoreOut, **error_responses(401, 403, 404, 422)},
    summary="Set the agreed scores for one Star point (facilitators)",
    description=(
        "Send a JSON object with the values to change: the others stay as they are, so `{}` changes "
        "nothing and `null` clears a score. Anything but an object, or an unknown field, is refused (422)."
    ),
)
def put_score(request, payload: ScoreIn, workshop_id: int = ID, point: PointKey = POINT):
    workshop = _workshop(request, workshop_id)
    star_point = queries.star_point(point)
    if star_point is None:
        raise Http404
    if not workshop.can_facilitate(request.auth):
        raise HttpError(403, "Only the workshop's facilitators can set scores.")
    current = workshop.assessments.filter(point=star_point).first()
    values = {"current_score": None, "target_score": None, "evidence": ""}
    if current is not None:
        values = {name: getattr(current, name) for name in values}
    changes = payload.model_dump(exclude_unset=True)
    if changes:
        try:
            saved = actions.save_assessment(
                actor=request.auth, workshop=workshop, point=star_point, **{**values, **changes}
            )
        except ValidationProblem as exc:
            raise problems_422(exc) from exc
        values = {name: getattr(saved, name) for name in values}  # what was stored, from the row itself
    return {"point": star_point.key, "point_name": star_point.name, **values}


@router.get(
    "/{workshop_id}/contributions",
    response={200: list[ContributionOut], **error_responses(401, 404, 422)},
    summary="Evidence, challenges and ideas (hidden ones only for facilitators)",
)
def list_contributions(request, filters: Query[ContributionFilters], workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    qs = workshop.contributions.select_related("point", "author")
    if not workshop.can_facilitate(request.auth):
        qs = qs.filter(hidden=False)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.point:
        qs = qs.filter(point__key=filters.point)
    return list(qs)


@router.get(
    "/{workshop_id}/challenges",
    response={200: list[ContributionOut], **error_responses(401, 404, 422)},
    summary="The challenges raised in the Star assessment",
)
def list_challenges(request, workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    qs = workshop.contributions.filter(kind=ContributionKind.CHALLENGE, hidden=False).select_related("point", "author")
    return list(qs)


@router.post(
    "/{workshop_id}/contributions",
    response={201: ContributionOut, **error_responses(401, 403, 404, 422)},
    summary="Add evidence, a challenge or an idea (contributors)",
)
def add_contribution(request, payload: ContributionIn, workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    if not workshop.can_contribute(request.auth):
        raise HttpError(403, "Only the workshop's contributors and facilitators can add contributions.")
    star_point = queries.star_point(payload.point)
    if star_point is None:
        raise Http404
    try:
        c = actions.add_contribution(
            actor=request.auth, workshop=workshop, point=star_point, kind=payload.kind, text=payload.text
        )
    except ValidationProblem as exc:
        raise problems_422(exc) from exc
    return Status(201, c)


@router.get(
    "/{workshop_id}/candidates",
    response={200: list[CandidateOut], **error_responses(401, 404, 422)},
    summary="Candidate interventions with their aggregate ratings, in ranked order",
)
def list_candidates(request, workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    candidates = list(
        workshop.candidates.select_related("intervention", "intervention__point")
        .prefetch_related("ratings")
        .order_by("pk")
    )
    if not _group_figures_visible(request.auth, workshop, candidates):
        return [{**_candidate_out(c), **HIDDEN_FIGURES} for c in candidates]
    rows = [_candidate_out(c) for c in candidates]
    rows.sort(key=lambda r: scoring.rank_key(r["intervention_title"], r["impact_median"], r["effort_median"]))
    return rows


@router.post(
    "/{workshop_id}/candidates",
    response={201: CandidateOut, **error_responses(401, 403, 404, 422)},
    summary="Add an intervention from the catalogue as a candidate (contributors)",
    description=(
        "`intervention_code` must name an intervention in the catalogue you can see, and `challenge_id` "
        f'a challenge in this workshop: otherwise 422 ("{UNKNOWN_INTERVENTION}", "{UNKNOWN_CHALLENGE}").'
    ),
    openapi_extra=validation_example("intervention_code", UNKNOWN_INTERVENTION),
)
def add_candidate(request, payload: CandidateIn, workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    if not workshop.can_contribute(request.auth):
        raise HttpError(403, "Only the workshop's contributors and facilitators can add candidates.")
    intervention = queries.visible_interventions(request.auth).filter(code=payload.intervention_code).first()
    if intervention is None:
        raise invalid("intervention_code", UNKNOWN_INTERVENTION)
    challenge = None
    if payload.challenge_id is not None:
        challenge = workshop.contributions.filter(pk=payload.challenge_id).first()
        if challenge is None:
            raise invalid("challenge_id", UNKNOWN_CHALLENGE)
    try:
        c = actions.add_candidate(actor=request.auth, workshop=workshop, intervention=intervention, challenge=challenge)
    except ValidationProblem as exc:
        raise problems_422(exc, fields={"intervention": "intervention_code", "challenge": "challenge_id"}) from exc
    return Status(201, _candidate_out(c))


@router.get(
    "/{workshop_id}/ratings",
    response={200: list[RatingOut], **error_responses(401, 404, 422)},
    summary="Every impact and effort rating in the workshop",
    description=(
        "Only your own ratings until you have rated every candidate or the facilitator has shown the "
        "group's ratings (ADR 0022)."
    ),
)
def list_ratings(request, workshop_id: int = ID):
    workshop = _workshop(request, workshop_id)
    candidates = list(workshop.candidates.prefetch_related("ratings__user").order_by("pk"))
    everyone = _group_figures_visible(request.auth, workshop, candidates)
    return [r for c in candidates for r in c.ratings.all() if everyone or r.user_id == request.auth.pk]


@router.put(
    "/{workshop_id}/candidates/{candidate_id}/rating",
    response={200: RatingOut, **error_responses(401, 403, 404, 422)},
    summary="Rate a candidate's impact and effort (your own rating; contributors)",
)
def put_rating(request, payload: RatingIn, workshop_id: int = ID, candidate_id: int = ID):
    workshop = _workshop(request, workshop_id)
    candidate = workshop.candidates.filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    if not workshop.can_contribute(request.auth):
        raise HttpError(403, "Only the workshop's contributors and facilitators can rate candidates.")
    try:
        return actions.rate_candidate(actor=request.auth, candidate=candidate, **payload.model_dump())
    except ValidationProblem as exc:
        raise problems_422(exc) from exc
