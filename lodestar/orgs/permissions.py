"""Permissions, and the one function that answers "may this user do this here?".

Roles are data (the ``Role`` table, seeded by a migration) that list permissions
from this enum.  A role held at an organisation applies to it and to every
organisation beneath it (a region reaches its ICSs and their providers), never
upwards or sideways.  Platform staff hold every permission everywhere.
"""

from __future__ import annotations

import enum


class Permission(enum.StrEnum):
    VIEW = "view"  # see the organisation, its workshops, plans and catalogue entries
    CONTRIBUTE = "contribute"  # add contributions and ratings to workshops, update actions
    FACILITATE = "facilitate"  # set up and run workshops, curate, shortlist, generate plans
    MANAGE_CATALOGUE = "manage_catalogue"  # add and edit the organisation's local interventions
    MANAGE_MEMBERS = "manage_members"  # invite people, change and remove memberships
    VIEW_AUDIT = "view_audit"  # browse the organisation's audit log
    MANAGE_ORGANISATION = "manage_organisation"  # edit the organisation's details and children
    MANAGE_NATIONAL_CATALOGUE = "manage_national_catalogue"  # platform staff only


# The roles seeded by migration orgs/0002; kept here so tests and docs can read them.
DEFAULT_ROLES: dict[str, tuple[str, list[Permission]]] = {
    "viewer": ("Viewer", [Permission.VIEW]),
    "contributor": ("Contributor", [Permission.VIEW, Permission.CONTRIBUTE]),
    "facilitator": (
        "Facilitator",
        [Permission.VIEW, Permission.CONTRIBUTE, Permission.FACILITATE, Permission.MANAGE_CATALOGUE],
    ),
    "org_admin": (
        "Organisation admin",
        [
            Permission.VIEW,
            Permission.CONTRIBUTE,
            Permission.FACILITATE,
            Permission.MANAGE_CATALOGUE,
            Permission.MANAGE_MEMBERS,
            Permission.VIEW_AUDIT,
            Permission.MANAGE_ORGANISATION,
        ],
    ),
}


def has_permission(user, permission: Permission | str, org=None) -> bool:
    """True when ``user`` holds ``permission`` at ``org`` (or, with no org, anywhere).

    A membership at ``org`` or at any of its ancestors counts.
    """
    from lodestar.orgs.models import Membership

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_platform_staff:
        return True
    permission = Permission(permission)
    memberships = Membership.objects.filter(user=user).select_related("role", "organisation")
    if org is not None:
        memberships = memberships.filter(organisation_id__in=org.ancestor_ids(include_self=True))
    return any(permission.value in m.role.permissions for m in memberships)
