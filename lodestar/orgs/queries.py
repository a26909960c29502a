"""Reads about organisations that pages, the API and other apps share.

``has_permission`` answers "may this user do this here?" with the one reach rule in
``lodestar.orgs.models`` (``Membership.objects.granting``), the same rule that
``Organisation.objects.in_reach`` applies as a queryset.
"""

from __future__ import annotations

from lodestar.core.models import AuditEvent
from lodestar.orgs.models import Membership, Organisation, holds_everything, scoped
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


def audit_events(user, organisation: Organisation, *, action: str = "", person: str = ""):
    """Audit events for ``organisation`` and those beneath it, when ``user`` may browse its
    audit log; narrowed to one event type (``action``) and one person (an id, or "system")."""
    events = scoped(AuditEvent.objects.all(), user, Permission.VIEW_AUDIT, via="organisation")
    events = events.filter(organisation__path__startswith=organisation.path).select_related("organisation")
    if action:
        events = events.filter(action=action)
    if person == "system":
        events = events.filter(actor__isnull=True)
    elif person:
        events = events.filter(actor_id=person)
    return events
