"""Every write to organisations and memberships, each with its audit event.

Keyword-only functions in one transaction: the change and its audit event commit
or roll back together. Views, the API, the import command and the demo loader all
call these; none of them save models themselves.
"""

from __future__ import annotations

import re

from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.orgs.models import Membership, Organisation, OrganisationType, OrgEvent, Role
from lodestar.orgs.permissions import DEFAULT_ROLES, Permission

MAX_NAME = Organisation._meta.get_field("name").max_length
MAX_ODS_CODE = Organisation._meta.get_field("ods_code").max_length
# A name starting with one of these would run as a formula when a spreadsheet opens an export.
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULA_MESSAGE = "Name must start with a letter or number, not = + - @ (spreadsheet formulas are not allowed)"
ODS_CODE = re.compile(r"[A-Z0-9]+")
UNCHANGED = object()  # a detail an update leaves as it is


class ActionError(ValidationProblem):
    """A write that would break a rule; the message is shown to the person as it is.

    A ``ValidationProblem``: ``ActionError("message", field="parent")``, or a list of
    (field, message) pairs as ``ValidationProblem`` takes."""

    def __init__(self, message, field: str = ""):
        if isinstance(message, str):
            super().__init__(field, message)
        else:
            super().__init__(message)


def clean_name(name: str | None) -> str:
    """A name as stored: line breaks, tabs and runs of spaces become one space."""
    return " ".join((name or "").split())


def clean_ods_code(ods_code: str | None) -> str | None:
    return (ods_code or "").strip().upper() or None


def check_organisation(
    *, name=UNCHANGED, type=UNCHANGED, ods_code: str | None = None, parent=None, organisation=None
) -> None:
    """Every rule for an organisation's details; ``ActionError`` (a ``ValidationProblem``) naming
    each field that breaks one. ``organisation`` is the one being changed (None for a new one);
    a detail not given is not checked. Values are taken as ``clean_name`` and ``clean_ods_code``
    give them."""
    problems = Problems()
    if name is not UNCHANGED and problems.require(name, "name", "Enter the organisation's name"):
        problems.text(name, "name", "Name", MAX_NAME)
        if name.startswith(FORMULA_STARTS):
            problems.add("name", FORMULA_MESSAGE)
    if type is not UNCHANGED and type not in OrganisationType.values:
        problems.add("type", "Choose the type of organisation")
    if ods_code:
        _check_ods_code(problems, ods_code, organisation)
    if parent is not None and organisation is not None and _beneath(parent, organisation):
        problems.add("parent", f"{organisation.name} cannot sit beneath itself or one of its own organisations")
    if problems:
        raise ActionError(problems.items)


def _beneath(parent: Organisation, organisation: Organisation) -> bool:
    """True when ``parent`` is ``organisation`` itself or one of the organisations beneath it."""
    if organisation.pk is None:
        return False
    return parent.pk == organisation.pk or bool(organisation.path and parent.path.startswith(organisation.path))


def _check_ods_code(problems: Problems, code: str, organisation: Organisation | None) -> None:
    if not ODS_CODE.fullmatch(code):
        problems.add("ods_code", f"ODS code '{code}' must contain only letters and numbers")
    elif len(code) > MAX_ODS_CODE:
        problems.add("ods_code", f"ODS code '{code}' must be {MAX_ODS_CODE} characters or fewer")
    else:
        clash = Organisation.objects.filter(ods_code=code)
        if organisation is not None and organisation.pk is not None:
            clash = clash.exclude(pk=organisation.pk)
        if clash.exists():
            problems.add("ods_code", f"ODS code {code} is already used by another organisation")


def _org_state(org: Organisation) -> dict:
    state = snapshot(org, ["name", "type", "ods_code"])
    state["parent"] = org.parent.name if org.parent_id else None
    return state


def _membership_state(membership: Membership) -> dict:
    return {
        "person": membership.user.email,
        "organisation": membership.organisation.name,
        "role": membership.role.name,
    }


@transaction.atomic
def create_organisation(
    *, actor, name: str, type: str, ods_code: str | None = None, parent: Organisation | None = None, action=None
) -> Organisation:
    """A new organisation (beneath ``parent``). ``ActionError`` when a detail breaks a rule."""
    name, ods_code = clean_name(name), clean_ods_code(ods_code)
    check_organisation(name=name, type=type, ods_code=ods_code, parent=parent)
    org = Organisation(name=name, type=type, ods_code=ods_code, parent=parent)
    org.save()
    record(
        actor=actor,
        action=action or OrgEvent.CREATE,
        target=org,
        organisation=org,
        before=None,
        after=_org_state(org),
    )
    return org


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, action=None, **changes) -> Organisation:
    """Change any of name, type, ods_code and parent. Records nothing when nothing changed.
    ``ActionError`` (nothing changed) when a detail breaks a rule."""
    unknown = set(changes) - {"name", "type", "ods_code", "parent"}
    if unknown:
        raise TypeError(f"update_organisation cannot change {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = clean_name(changes["name"])
    if "ods_code" in changes:
        changes["ods_code"] = clean_ods_code(changes["ods_code"])
    check_organisation(**changes, organisation=organisation)
    before = _org_state(organisation)
    for key, value in changes.items():
        setattr(organisation, key, value)
    organisation.save()
    after = _org_state(organisation)
    if after != before:
        record(
            actor=actor,
            action=action or OrgEvent.UPDATE,
            target=organisation,
            organisation=organisation,
            before=before,
            after=after,
        )
    return organisation


def admin_roles() -> list[Role]:
    return [r for r in Role.objects.all() if r.grants(Permission.MANAGE_MEMBERS)]


def _is_last_admin(membership: Membership) -> bool:
    if not membership.role.grants(Permission.MANAGE_MEMBERS):
        return False
    admins = Membership.objects.filter(
        organisation=membership.organisation, role__in=[r.pk for r in admin_roles()]
    ).exclude(pk=membership.pk)
    return not admins.exists()


@transaction.atomic
def add_membership(*, actor, user, organisation: Organisation, role: Role, action=None) -> Membership:
    """Give ``user`` ``role`` at ``organisation``. Existing members keep their membership and role."""
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing:
        return existing
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record(
        actor=actor,
        action=action or OrgEvent.MEMBERSHIP_ADD,
        target=membership,
        organisation=organisation,
        before=None,
        after=_membership_state(membership),
    )
    return membership


@transaction.atomic
def change_role(*, actor, membership: Membership, role: Role) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation", "role").get(pk=membership.pk)
    )
    if membership.role_id == role.pk:
        return membership
    if not role.grants(Permission.MANAGE_MEMBERS) and _is_last_admin(membership):
        raise ActionError(
            f"{membership.user.display_name} is the only organisation admin for {membership.organisation.name}. "
            "Make someone else an organisation admin first."
        )
    before = _membership_state(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor=actor,
        action=OrgEvent.MEMBERSHIP_CHANGE_ROLE,
        target=membership,
        organisation=membership.organisation,
        before=before,
        after=_membership_state(membership),
    )
    return membership


@transaction.atomic
def remove_membership(*, actor, membership: Membership) -> None:
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation", "role").get(pk=membership.pk)
    )
    if _is_last_admin(membership):
        raise ActionError(
            f"{membership.user.display_name} is the only organisation admin for {membership.organisation.name}. "
            "Make someone else an organisation admin before removing them."
        )
    before = _membership_state(membership)
    record(
        actor=actor,
        action=OrgEvent.MEMBERSHIP_REMOVE,
        target=membership,
        organisation=membership.organisation,
        before=before,
        after=None,
    )
    membership.delete()


@transaction.atomic
def ensure_default_roles() -> None:
    """Create the default roles when missing (the seeding migration normally has)."""
    for slug, (name, permissions) in DEFAULT_ROLES.items():
        Role.objects.get_or_create(slug=slug, defaults={"name": name, "permissions": [p.value for p in permissions]})
