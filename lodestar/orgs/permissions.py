"""The vocabulary of permissions: what can be done, and the roles seeded with them.

Roles are data (the ``Role`` table, seeded by a migration) that list permissions from this
enum. This module imports nothing from the project: the reach rule (who holds a permission
where) lives in ``lodestar.orgs.models`` and the question "may this user do this here?" is
``lodestar.orgs.queries.has_permission``.
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
    MANAGE_WORKFORCE_DATA = "manage_workforce_data"  # upload, load and roll back the organisation's workforce data
    # record and read the talent conversations and succession plans of people at the organisation
    # itself (never beneath it: lodestar.talent.models, ADR 0040); no other role holds it
    MANAGE_TALENT = "manage_talent"


# The roles seeded by migration orgs/0002; kept here so tests and docs can read them.
DEFAULT_ROLES: dict[str, tuple[str, list[Permission]]] = {
    "viewer": ("Viewer", [Permission.VIEW]),
    "contributor": ("Contributor", [Permission.VIEW, Permission.CONTRIBUTE]),
    "analyst": ("Workforce analyst", [Permission.VIEW, Permission.MANAGE_WORKFORCE_DATA]),
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
            Permission.MANAGE_WORKFORCE_DATA,
        ],
    ),
    "talent_lead": ("Talent lead", [Permission.VIEW, Permission.MANAGE_TALENT]),
}
