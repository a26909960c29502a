"""Regional transformation programmes: themes, programmes (with milestones, benefit measures,
risks, linked plans' status and the RAG in words), setting up and changing a programme, and the
regional dashboard's tables.

Reach is the pages' (``lodestar.programmes.queries``, ADR 0037): a programme is read by anyone
holding VIEW at its owning organisation (or above) and by members of its partner organisations;
anything else is 404. Changing one needs FACILITATE at its owning organisation (403 for those who
only read it). Bad values come back as the documented 422 naming the field, from the same
actions the pages use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from lodestar.api.schemas import (
    BodySchema,
    error_responses,
    invalid,
    not_null,
    problems_422,
    storable_ids,
    text_field,
)
from lodestar.core.validation import ValidationProblem
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.programmes import actions, dashboard, queries
from lodestar.programmes.models import Programme, ProgrammeStatus
from lodestar.programmes.presenters import ProgrammePresenter, ProgrammeRow, list_rows

router = Router(tags=["Programmes"])

ID = Path(..., ge=1, le=2_147_483_647, description="The programme's id.")
FIELDS = {"theme": "theme_id", "organisation": "organisation_id", "lead": "lead_id", "partners": "partner_ids"}
STATUSES = ", ".join(f"`{v}` ({label})" for v, label in ProgrammeStatus.choices)


class ThemeOut(Schema):
    id: int
    name: str = Field(examples=["New medical and non-medical roles"])
    description: str
    organisation_id: int = Field(description="The region or ICS whose theme it is.")
    organisation_name: str

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name


class RagOut(Schema):
    level: str = Field(description="red, amber, green, or closed (not rated).", examples=["amber"])
    words: str = Field(examples=["Amber: 2 of 6 milestones late; 1 linked plan has overdue actions"])


class ProgrammeSummaryOut(Schema):
    id: int
    name: str
    theme_id: int
    theme_name: str
    organisation_id: int = Field(description="The organisation that runs it.")
    organisation_name: str
    status: str = Field(description=STATUSES, examples=["active"])
    rag: RagOut


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: dt.date
    done_date: dt.date | None
    words: str = Field(examples=["Late: due 31 January 2026 (12 days ago)"])


class ProgrammeMeasureOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal
    baseline_date: dt.date
    target: Decimal
    latest: Decimal | None
    latest_date: dt.date | None
    progress: str = Field(examples=["50% of the way from the baseline to the target"])


class RiskOut(Schema):
    id: int
    description: str
    likelihood: int = Field(description="1 (rare) to 5 (almost certain).")
    impact: int = Field(description="1 (negligible) to 5 (catastrophic).")
    score: int = Field(description="Likelihood times impact.")
    owner: str
    mitigation: str
    is_open: bool


class LinkedPlanOut(Schema):
    id: int
    title: str
    actions: int
    done: int
    overdue: int


class ProgrammeOut(ProgrammeSummaryOut):
    aims: str
    lead_id: int | None
    lead_name: str | None
    partner_ids: list[int]
    budget: Decimal | None = Field(description="Pounds.")
    start_date: dt.date | None
    end_date: dt.date | None
    milestones: list[MilestoneOut]
    measures: list[ProgrammeMeasureOut]
    risks: list[RiskOut]
    workshop_ids: list[int]
    linked_plans: list[LinkedPlanOut] = Field(description="Linked action plans you may open, with their actions.")
    other_linked_plans: int = Field(description="Linked plans of organisations you cannot see (counted in the RAG).")


class ProgrammeIn(BodySchema):
    theme_id: int | None = not_null("The theme it belongs to.")
    organisation_id: int | None = not_null("The organisation that runs it: the theme's or one beneath it.")
    name: str | None = text_field(None, "Its name (200 characters at most).")
    aims: str | None = text_field(None, "What it sets out to change.")
    lead_id: int | None = Field(
        None, description="The lead: a person with a role in your organisations; null for none."
    )
    partner_ids: list[int] | None = not_null("Partner organisations of any sector (replaces the list).")
    budget: Decimal | None = Field(None, description="Pounds; null for not set.")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str | None = not_null(f"One of {STATUSES}.")


class DashboardTableOut(Schema):
    key: str = Field(examples=["programmes"])
    title: str
    caption: str
    columns: list[str]
    rows: list[list] = Field(description="Each row: its label, then a number per column; null is fewer than 5.")


class DashboardFilters(Schema):
    ics_id: int | None = Field(None, ge=1, le=2_147_483_647, description="Only this ICS and what is beneath it.")


def _summary(row) -> dict:
    p = row.programme
    return {
        "id": p.pk,
        "name": p.name,
        "theme_id": p.theme_id,
        "theme_name": p.theme.name,
        "organisation_id": p.organisation_id,
        "organisation_name": p.organisation.name,
        "status": p.status,
        "rag": {"level": row.rag.level, "words": row.rag.words},
    }


@router.get("/themes", response={200: list[ThemeOut], **error_responses(401)}, summary="Themes you can see")
def list_themes(request):
    return list(queries.themes(request.auth).order_by("organisation__name", "position", "name"))


@router.get(
    "/programmes", response={200: list[ProgrammeSummaryOut], **error_responses(401)}, summary="Programmes you can see"
)
def list_programmes(request):
    rows = list_rows(list(queries.with_parts(queries.programmes(request.auth))))
    return [_summary(r) for r in rows]


def _one(user, pk: int) -> dict:
    programme = queries.get_programme(user, pk)
    programme = queries.with_parts(queries.programmes(user)).get(pk=programme.pk)
    plans = queries.plan_status([programme])[programme.pk]
    p = ProgrammePresenter(programme, plans, queries.readable_plan_ids(user, [x["pk"] for x in plans]), may_edit=False)
    linked = p.linked_plans()
    progress = {row["measure"].pk: row["progress"] for row in p.measures()}
    words = {row["milestone"].pk: row["words"] for row in p.milestones()}
    return {
        **_summary(ProgrammeRow(programme, p.rag)),
        "aims": programme.aims,
        "lead_id": programme.lead_id,
        "lead_name": programme.lead.display_name if programme.lead else None,
        "partner_ids": sorted(o.pk for o in programme.partners.all()),
        "budget": programme.budget,
        "start_date": programme.start_date,
        "end_date": programme.end_date,
        "milestones": [{**_fields(m, MilestoneOut), "words": words[m.pk]} for m in programme.milestones.all()],
        "measures": [{**_fields(m, ProgrammeMeasureOut), "progress": progress[m.pk]} for m in programme.measures.all()],
        "risks": [{**_fields(r, RiskOut), "score": r.score} for r in programme.risks.all()],
        "workshop_ids": sorted(w.pk for w in programme.workshops.all()),
        "linked_plans": [
            {"id": x["pk"], "title": x["title"], "actions": x["total"], "done": x["done"], "overdue": x["overdue"]}
            for x in linked["shown"]
        ],
        "other_linked_plans": linked["others"],
    }


def _fields(obj, schema) -> dict:
    return {name: getattr(obj, name) for name in schema.model_fields if hasattr(obj, name)}


@router.get("/programmes/{id}", response={200: ProgrammeOut, **error_responses(401, 404, 422)}, summary="One programme")
def get_programme(request, id: int = ID):
    return _one(request.auth, id)


def _resolve(user, payload: ProgrammeIn, current: Programme | None) -> dict:
    """The action's ``data`` from the body: ids become objects the caller may name (anything else
    is the action's "choose from the list" answer), left-out fields keep their current value."""
    sent = payload.model_fields_set
    data = {}
    if current is not None:
        data = {name: getattr(current, name) for name in ("theme", "organisation", "name", "aims", "lead", "budget")}
        data |= {"start_date": current.start_date, "end_date": current.end_date, "status": current.status}
        data["partners"] = list(current.partners.all())
    for name in ("name", "aims", "budget", "start_date", "end_date", "status"):
        if name in sent:
            data[name] = getattr(payload, name)
    if "theme_id" in sent:
        data["theme"] = queries.theme_choices(user).filter(pk=payload.theme_id).first()
    if "organisation_id" in sent:
        data["organisation"] = (
            Organisation.objects.in_reach(user, Permission.VIEW).filter(pk=payload.organisation_id).first()
        )
    if "lead_id" in sent:
        data["lead"] = None
        if payload.lead_id is not None:
            data["lead"] = queries.lead_choices(user).filter(pk=payload.lead_id).first()
            if data["lead"] is None:
                raise invalid("lead_id", "Choose the lead from the list")
    if "partner_ids" in sent:
        ids = set(payload.partner_ids or [])
        data["partners"] = list(queries.partner_choices(user, current).filter(pk__in=storable_ids(ids)))
        if len(data["partners"]) != len(ids):
            raise invalid("partner_ids", "Choose partner organisations from the list")
    return data


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **error_responses(401, 403, 422)},
    summary="Set up a programme",
)
def create_programme(request, payload: ProgrammeIn):
    user = request.auth
    if not queries.owner_choices(user).exists():
        raise HttpError(403, "Only facilitators at a region, ICS or other organisation can set up programmes.")
    try:
        programme = actions.create_programme(actor=user, data=_resolve(user, payload, None))
    except ValidationProblem as problem:
        raise problems_422(problem, FIELDS) from problem
    return Status(201, _one(user, programme.pk))


@router.patch(
    "/programmes/{id}",
    response={200: ProgrammeOut, **error_responses(401, 403, 404, 422)},
    summary="Change a programme (only the fields sent)",
)
def update_programme(request, payload: ProgrammeIn, id: int = ID):
    user = request.auth
    programme = queries.get_programme(user, id)
    if not queries.may_edit(user, programme):
        raise HttpError(403, "Only facilitators at the programme's organisation can change it.")
    try:
        actions.update_programme(actor=user, programme=programme, data=_resolve(user, payload, programme))
    except ValidationProblem as problem:
        raise problems_422(problem, FIELDS) from problem
    return _one(user, programme.pk)


@router.get(
    "/dashboard",
    response={200: list[DashboardTableOut], **error_responses(401, 404, 422)},
    summary="The regional dashboard's tables",
)
def dashboard_tables(request, filters: Query[DashboardFilters]):
    """For people with a role at an ICS, a region or a national body: counts only."""
    user = request.auth
    queries.require_dashboard(user)
    ics = None
    if filters.ics_id is not None:
        ics = queries.icss(user).filter(pk=filters.ics_id).first()
        if ics is None:
            raise ValidationError([{"loc": ("query", "ics_id"), "msg": "Choose an ICS you can see"}])
    tables = dashboard.tables(dashboard.organisation_ids(user, ics))
    return [
        {
            "key": t.key,
            "title": t.title,
            "caption": t.caption,
            "columns": list(t.columns),
            "rows": [list(r) for r in t.rows],
        }
        for t in tables
    ]
