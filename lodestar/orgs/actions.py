"""Every write to organisations and memberships, each with its audit event.

Keyword-only functions in one transaction: the change and its audit event commit
or roll back together. Views, the API, the import command and the demo loader all
call these; none of them save models themselves.
"""

from __future__ import annotations

from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.orgs.models import Membership, Organisation, OrgEvent, Role
from lodestar.orgs.permissions import DEFAULT_ROLES, Permission


class ActionError(Exception):
    """A write that would break a rule; the message is shown to the person as it is."""


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
    org = Organisation(name=name, type=type, ods_code=ods_code or None, parent=parent)
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
    """Change any of name, type, ods_code and parent. Records nothing when nothing changed."""
    unknown = set(changes) - {"name", "type", "ods_code", "parent"}
    if unknown:
        raise TypeError(f"update_organisation cannot change {sorted(unknown)}")
    before = _org_state(organisation)
    for key, value in changes.items():
        if key == "ods_code":
            value = value or None
        setattr(organisation, key, value)
    if "parent" in changes and changes["parent"] is not None:
        parent = changes["parent"]
        if parent.pk == organisation.pk or (organisation.path and parent.path.startswith(organisation.path)):
            raise ActionError(f"{organisation.name} cannot sit beneath itself or one of its own organisations.")
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
