"""Reads about organisations that pages, the API and other apps share.

``has_permission`` answers "may this user do this here?" with the one reach rule in
``lodestar.orgs.models`` (``Membership.objects.granting``), the same rule that
``Organisation.objects.in_reach`` applies as a queryset.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from lodestar.accounts.models import Invitation
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


def audit_events(
    user,
    organisation: Organisation,
    *,
    action: str = "",
    person: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    """Audit events for ``organisation`` and those beneath it, when ``user`` may browse its
    audit log; narrowed to one event type (``action``), one person (an id, or "system") and
    the days from ``date_from`` to ``date_to`` (both included, in local time)."""
    events = scoped(AuditEvent.objects.all(), user, Permission.VIEW_AUDIT, via="organisation")
    events = events.filter(organisation__path__startswith=organisation.path).select_related("organisation")
    if date_from:
        events = events.filter(created_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(created_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if action:
        events = events.filter(action=action)
    if person == "system":
        events = events.filter(actor__isnull=True)
    elif person:
        events = events.filter(actor_id=person)
    return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _at_or_beneath(queryset, organisation: Organisation, beneath: bool):
    if beneath:
        return queryset.filter(organisation__path__startswith=organisation.path)
    return queryset.filter(organisation=organisation)


def members(user, organisation: Organisation, *, beneath: bool = False):
    """Memberships at ``organisation`` (and, with ``beneath``, at every organisation beneath it)
    that ``user`` may manage, by name."""
    memberships = scoped(Membership.objects.all(), user, Permission.MANAGE_MEMBERS)
    memberships = _at_or_beneath(memberships, organisation, beneath)
    return memberships.select_related("user", "role", "organisation").order_by(
        "user__full_name", "user__email", "organisation__name", "pk"
    )


def open_invitations(user, organisation: Organisation, *, beneath: bool = False):
    """Invitations not yet accepted or withdrawn (organisation and plan invitations alike) that
    ``user`` may manage, at ``organisation`` (and, with ``beneath``, those beneath it)."""
    invitations = scoped(Invitation.objects.open(), user, Permission.MANAGE_MEMBERS)
    invitations = _at_or_beneath(invitations, organisation, beneath)
    return invitations.select_related("role", "invited_by", "organisation", "plan", "action").order_by("email", "pk")
