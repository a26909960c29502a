"""Every write to the new roles register: an entry (a role at an organisation in a care setting), its
posts planned, funded and filled over time, and using it in a projection. Keyword-only, one
transaction each, one audit event each.

Who: people with ``FACILITATE`` at the entry's organisation (``queries.may_change``). Anyone who
reads an entry may use it in a scenario they may change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems
from lodestar.orgs.models import Organisation
from lodestar.pathways.models import Setting
from lodestar.projections import assumptions
from lodestar.projections.actions import scenarios as scenario_actions
from lodestar.projections.queries import scenarios_to_edit
from lodestar.roles import modelling, queries
from lodestar.roles.models import NewRole, PostCount, RoleEvent

NAME_MAX = 200
TEXT_MAX = 5_000
GROUP_MAX = 100
POSTS_MAX = Decimal("100000")
EQUIVALENCE_MAX = Decimal("5")
ROLE_FIELDS = ["name", "setting", "supervision", "supervisor_role", "covers_group", "equivalence"]
BASES = {"filled": "posts filled", "planned": "posts planned"}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Only facilitators at the organisation can change its new roles.")


def decimal(value, field: str, label: str, problems: Problems, *, high: Decimal, required: bool = True):
    """A number from 0 to ``high`` with at most one or two decimal places (text or a number)."""
    if value is None or str(value).strip() == "":
        if required:
            problems.add(field, f"Enter the {label}")
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        number = None
    if isinstance(value, bool) or number is None or not number.is_finite():
        problems.add(field, f"The {label} must be a number, like 4 or 2.5")
        return None
    if not Decimal(0) <= number <= high:
        problems.add(field, f"The {label} must be from 0 to {high:,}")
        return None
    return number


def _text(value, field: str, label: str, problems: Problems, limit: int, required: str = "") -> str:
    value = value.strip() if isinstance(value, str) else value
    if required and not problems.require(value, field, required):
        return ""
    problems.text(value, field, label, limit)
    return value if isinstance(value, str) else ""


def check_role(data: dict, problems: Problems) -> dict:
    values = {
        "name": _text(data.get("name"), "name", "The role's name", problems, NAME_MAX, "Enter the role's name"),
        "setting": data.get("setting") if data.get("setting") in Setting.values else "",
        "supervision": _text(data.get("supervision") or "", "supervision", "Supervision", problems, TEXT_MAX),
        "supervisor_role": _text(
            data.get("supervisor_role") or "", "supervisor_role", "The supervisor's role", problems, NAME_MAX
        ),
        "covers_group": _text(data.get("covers_group") or "", "covers_group", "The staff group", problems, GROUP_MAX),
        "equivalence": decimal(
            data.get("equivalence"), "equivalence", "equivalence", problems, high=EQUIVALENCE_MAX, required=False
        ),
    }
    if not values["setting"]:
        problems.add("setting", "Choose the care setting")
    if values["equivalence"] is not None and not values["covers_group"] and not problems.has("covers_group"):
        problems.add("covers_group", "Enter the staff group whose work the role takes on")
    if values["covers_group"] and values["equivalence"] is None and not problems.has("equivalence"):
        problems.add("equivalence", "Enter how much of that group's work 1 FTE of the role covers, like 0.6")
    return values


@transaction.atomic
def create_role(*, actor, organisation: Organisation | None, **data) -> NewRole:
    """A register entry at ``organisation``: ``name``, ``setting``, ``supervision`` and governance,
    ``supervisor_role``, ``covers_group`` and ``equivalence`` (1 FTE of the role covers that much of
    the group's demand)."""
    problems = Problems()
    if organisation is None:
        problems.add("organisation", "Choose the organisation introducing the role")
    elif not queries.organisations_to_change(actor).filter(pk=organisation.pk).exists():
        problems.add("organisation", "Choose an organisation where you may add new roles")
    values = check_role(data, problems)
    problems.raise_any()
    role = NewRole.objects.create(organisation=organisation, created_by=actor, **values)
    record(
        actor=actor,
        action=RoleEvent.ROLE_CREATE,
        target=role,
        organisation=organisation,
        after=snapshot(role, ROLE_FIELDS),
    )
    return role


@transaction.atomic
def update_role(*, actor, role: NewRole, **data) -> NewRole:
    _require(queries.may_change(actor, role.organisation))
    problems = Problems()
    values = check_role(data, problems)
    problems.raise_any()
    role = NewRole.objects.select_for_update().get(pk=role.pk)
    before = snapshot(role, ROLE_FIELDS)
    for name, value in values.items():
        setattr(role, name, value)
    role.save()
    record(
        actor=actor,
        action=RoleEvent.ROLE_UPDATE,
        target=role,
        organisation=role.organisation,
        before=before,
        after=snapshot(role, ROLE_FIELDS),
    )
    return role


def check_posts(on, planned, funded, filled) -> dict:
    problems = Problems()
    if on is None:
        problems.add("on", "Enter the date the counts are for")
    else:
        problems.date_in_range(on, "on", "The date of the counts")
        if not problems.has("on") and on > timezone.localdate():
            problems.add("on", "The date of the counts must be today or in the past")
    values = {
        "planned": decimal(planned, "planned", "number of posts planned", problems, high=POSTS_MAX),
        "funded": decimal(funded, "funded", "number of posts funded", problems, high=POSTS_MAX),
        "filled": decimal(filled, "filled", "number of posts filled", problems, high=POSTS_MAX),
    }
    if not problems and values["funded"] > values["planned"]:
        problems.add("funded", "The posts funded cannot be more than the posts planned")
    if not problems and values["filled"] > values["funded"]:
        problems.add("filled", "The posts filled cannot be more than the posts funded")
    problems.raise_any()
    return values


@transaction.atomic
def record_posts(*, actor, role: NewRole, on: datetime.date | None, planned, funded, filled) -> PostCount:
    """Posts planned, funded and filled on ``on`` (earlier counts are kept as the history)."""
    _require(queries.may_change(actor, role.organisation))
    values = check_posts(on, planned, funded, filled)
    count = PostCount.objects.create(role=role, on=on, recorded_by=actor, **values)
    record(
        actor=actor,
        action=RoleEvent.POSTS_RECORD,
        target=role,
        organisation=role.organisation,
        after={"on": on.isoformat(), **{k: str(v) for k, v in values.items()}},
    )
    return count


def lever_for(role: NewRole, *, basis: str, start_year: int | None = None) -> dict:
    """The substitution intervention for the entry, from its latest posts filled (or planned)."""
    latest = queries.latest(role)
    posts = getattr(latest, basis) if latest is not None and basis in BASES else None
    return modelling.substitution_intervention(
        name=f"{role.name} at {role.organisation.name} (new role)",
        new_role=role.name,
        covered_group=role.covers_group,
        posts=float(posts) if posts is not None else None,
        equivalence=float(role.equivalence) if role.equivalence is not None else None,
        start_year=start_year,
    )


@transaction.atomic
def use_in_projection(*, actor, role: NewRole, scenario, basis, expected_version: int):
    """A new version of ``scenario`` with the role as a ``substitution`` lever on the group it covers,
    its FTE the posts filled (``basis="filled"``) or planned (``"planned"``)."""
    if not queries.roles(actor).filter(pk=role.pk).exists():
        raise PermissionDenied("You cannot read this new role.")
    problems = Problems()
    if scenario is None or not scenarios_to_edit(actor).filter(pk=scenario.pk).exists():
        problems.add("scenario", "Choose a scenario you may change")
    if basis not in BASES:
        problems.add("basis", "Choose whether to use the posts filled or the posts planned")
    problems.raise_any()
    if role.covers_group not in assumptions.staff_groups(scenario.latest.spec):
        demand = (scenario.latest.spec.get("demand") or {}).get("base_fte") or {}
        if role.covers_group not in demand:
            problems.add("scenario", f"The scenario has no staff group called {role.covers_group}: choose another")
    problems.raise_any()
    lever = lever_for(role, basis=basis)
    version = scenario_actions.add_intervention(
        actor=actor, scenario=scenario, intervention=lever, expected_version=expected_version
    )
    record(
        actor=actor,
        action=RoleEvent.USE_IN_PROJECTION,
        target=role,
        organisation=role.organisation,
        after={"scenario_id": scenario.pk, "version": version.number, "intervention": lever},
    )
    return version
