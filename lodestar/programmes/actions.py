"""Every write to themes and programmes: keyword-only, one transaction, one audit event each
(ADR 0014, 0015). The web forms and the API call these and show their ``ValidationProblem``.

Who may write: FACILITATE at the theme's or programme's owning organisation (or above it).
Anyone else gets ``PermissionDenied`` (the pages and the API have already answered 404 to those
who cannot see the programme at all).
"""

from __future__ import annotations

import decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.programmes import queries
from lodestar.programmes.models import (
    Programme,
    ProgrammeEvent,
    ProgrammeStatus,
    Theme,
)

NAME_MAX = 200
TEXT_MAX = 10_000
MONEY_MAX = decimal.Decimal("999999999999.99")
PROGRAMME_FIELDS = ["theme_id", "organisation_id", "name", "aims", "lead_id", "budget", "start_date", "end_date"]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def decimal_value(value, field: str, label: str, problems: Problems, *, required: bool) -> decimal.Decimal | None:
    """A number to two decimal places, or None with a problem naming the field."""
    if value is None or str(value).strip() == "":
        if required:
            problems.add(field, f"Enter the {label}")
        return None
    try:
        number = decimal.Decimal(str(value).replace(",", "").replace("£", "").strip())
    except decimal.InvalidOperation:
        problems.add(field, f"The {label} must be a number, like 12 or 4.5")
        return None
    if not number.is_finite() or abs(number) > MONEY_MAX:
        problems.add(field, f"The {label} must be a number smaller than a trillion")
        return None
    return number.quantize(decimal.Decimal("0.01"))


# ------------------------------------------------------------------------------ themes


def _check_theme(name, description, problems: Problems) -> None:
    if problems.require(name, "name", "Enter the name of the theme"):
        problems.text(name, "name", "The name", NAME_MAX)
    problems.text(description or "", "description", "The description", TEXT_MAX)


@transaction.atomic
def create_theme(*, actor, organisation: Organisation | None, name: str, description: str = "") -> Theme:
    """A new theme of a region or an ICS."""
    problems = Problems()
    if organisation is None:
        problems.add("organisation", "Choose the region or ICS whose theme this is")
    elif not queries.theme_owner_choices(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    _check_theme(name, description, problems)
    if (
        organisation is not None
        and name
        and Theme.objects.filter(organisation=organisation, name=name.strip()).exists()
    ):
        problems.add("name", f"{organisation.name} already has a theme called {name.strip()}")
    problems.raise_any()
    position = Theme.objects.filter(organisation=organisation).count() + 1
    theme = Theme.objects.create(
        organisation=organisation, name=name.strip(), description=(description or "").strip(), position=position
    )
    record(
        actor=actor,
        action=ProgrammeEvent.THEME_CREATE,
        target=theme,
        organisation=organisation,
        after=snapshot(theme, ["name", "description"]),
    )
    return theme


# ------------------------------------------------------------------------------ programmes


def _check_people_and_places(actor, data: dict, problems: Problems, programme: Programme | None) -> None:
    theme, owner = data.get("theme"), data.get("organisation")
    if theme is None:
        problems.add("theme", "Choose the theme the programme belongs to")
    if owner is None:
        problems.add("organisation", "Choose the organisation that runs the programme")
    elif not has_permission(actor, Permission.FACILITATE, org=owner):
        problems.add("organisation", "Choose an organisation where you may run programmes")
    elif theme is not None and not owner.path.startswith(theme.organisation.path):
        problems.add("organisation", f"Choose {theme.organisation.name} or an organisation beneath it")
    lead = data.get("lead")
    if lead is not None and not queries.lead_choices(actor).filter(pk=lead.pk).exists():
        problems.add("lead", "Choose the lead from the list")
    partners = data.get("partners") or []
    allowed = set(
        queries.partner_choices(actor, programme).filter(pk__in=[p.pk for p in partners]).values_list("pk", flat=True)
    )
    if any(p.pk not in allowed for p in partners):
        problems.add("partners", "Choose partner organisations from the list")


def check_programme(*, actor, data: dict, programme: Programme | None = None) -> dict:
    """The programme's values, checked; raises ``ValidationProblem`` naming every bad field."""
    problems = Problems()
    name = data.get("name")
    if problems.require(name, "name", "Enter the name of the programme"):
        problems.text(name, "name", "The name", NAME_MAX)
    problems.text(data.get("aims") or "", "aims", "The aims", TEXT_MAX)
    _check_people_and_places(actor, data, problems, programme)
    budget = decimal_value(data.get("budget"), "budget", "budget", problems, required=False)
    if budget is not None and budget < 0:
        problems.add("budget", "The budget cannot be less than zero")
    start, end = data.get("start_date"), data.get("end_date")
    problems.date_in_range(start, "start_date", "The start date")
    problems.date_in_range(end, "end_date", "The end date")
    problems.date_order(start, end, "end_date", "The end date must be on or after the start date")
    status = data.get("status") or ProgrammeStatus.PROPOSED
    if status not in ProgrammeStatus.values:
        problems.add("status", "Choose the status from the list")
    problems.raise_any()
    return {
        "theme": data["theme"],
        "organisation": data["organisation"],
        "name": name.strip(),
        "aims": (data.get("aims") or "").strip(),
        "lead": data.get("lead"),
        "budget": budget,
        "start_date": start,
        "end_date": end,
        "status": status,
    }


def _state(programme: Programme) -> dict:
    return {
        **snapshot(programme, PROGRAMME_FIELDS),
        "status": programme.status,
        "partners": sorted(o.name for o in programme.partners.all()),
    }


@transaction.atomic
def create_programme(*, actor, data: dict) -> Programme:
    """A new programme. ``data``: theme, organisation (the owner), name, aims, lead (a User or
    None), partners (Organisations), budget (text or a number), start_date, end_date, status."""
    values = check_programme(actor=actor, data=data)
    programme = Programme.objects.create(created_by=actor, **values)
    programme.partners.set(data.get("partners") or [])
    record(
        actor=actor,
        action=ProgrammeEvent.PROGRAMME_CREATE,
        target=programme,
        organisation=programme.organisation,
        after=_state(programme),
    )
    return programme


@transaction.atomic
def update_programme(*, actor, programme: Programme, data: dict) -> Programme:
    """Change a programme; ``data`` as for ``create_programme`` (every field given)."""
    _require(queries.may_edit(actor, programme))
    values = check_programme(actor=actor, data=data, programme=programme)
    before = _state(programme)
    for name, value in values.items():
        setattr(programme, name, value)
    programme.save()
    programme.partners.set(data.get("partners") or [])
    record(
        actor=actor,
        action=ProgrammeEvent.PROGRAMME_UPDATE,
        target=programme,
        organisation=programme.organisation,
        before=before,
        after=_state(programme),
    )
    return programme


@transaction.atomic
def set_links(*, actor, programme: Programme, workshops, plans) -> Programme:
    """Link Star workshops and action plans. Only those the actor can see may be chosen; links to
    ones the actor cannot see (made by someone else) are kept as they are."""
    _require(queries.may_edit(actor, programme))
    problems = Problems()
    seen_workshops = queries.workshop_choices(actor)
    seen_plans = queries.plan_choices(actor)
    workshop_ids = {w.pk for w in workshops}
    plan_ids = {p.pk for p in plans}
    if len(workshop_ids) != seen_workshops.filter(pk__in=workshop_ids).count():
        problems.add("workshops", "Choose workshops from the list")
    if len(plan_ids) != seen_plans.filter(pk__in=plan_ids).count():
        problems.add("plans", "Choose action plans from the list")
    problems.raise_any()
    before = {
        "workshops": sorted(programme.workshops.values_list("pk", flat=True)),
        "plans": sorted(programme.plans.values_list("pk", flat=True)),
    }
    hidden_workshops = programme.workshops.exclude(pk__in=seen_workshops.values("pk"))
    hidden_plans = programme.plans.exclude(pk__in=seen_plans.values("pk"))
    programme.workshops.set([*workshop_ids, *hidden_workshops.values_list("pk", flat=True)])
    programme.plans.set([*plan_ids, *hidden_plans.values_list("pk", flat=True)])
    after = {
        "workshops": sorted(programme.workshops.values_list("pk", flat=True)),
        "plans": sorted(programme.plans.values_list("pk", flat=True)),
    }
    record(
        actor=actor,
        action=ProgrammeEvent.LINKS_UPDATE,
        target=programme,
        organisation=programme.organisation,
        before=before,
        after=after,
    )
    return programme
