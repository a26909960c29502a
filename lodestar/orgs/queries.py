"""Reads about organisations that pages, the API and other apps share.

``has_permission`` answers "may this user do this here?" with the one reach rule in
``lodestar.orgs.models`` (``Membership.objects.granting``), the same rule that
``Organisation.objects.in_reach`` applies as a queryset.
"""

from __future__ import annotations

from lodestar.orgs.models import Membership, Organisation, holds_everything
from lodestar.orgs.permissions import Permission


def has_permission(user, permission: Permission | str, org: Organisation | None = None) -> bool:
    """True when ``user`` holds ``permission`` at ``org`` (or, with no org, anywhere).

    A membership at ``org`` or at any of its ancestors counts; platform staff hold everything.
    """
    if holds_everything(user):
        return True
    memberships = Membership.objects.granting(user, permission)
    if org is not None:
        memberships = memberships.reaching(org)
    return memberships.exists()
