"""Reads of actions that the plan pages and the API share. Each starts from a queryset the
caller has already scoped (``Action.objects.visible_to(user)``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q

from lodestar.plans.models import (
    CLOSED_STATUSES,
    ActionPlanQuerySet,
    ActionQuerySet,
    ProgressUpdate,
    Status,
    overdue_condition,
    today,
)
from lodestar.workshops.models import Participant, ParticipantRole


def overdue_first(qs: ActionQuerySet) -> ActionQuerySet:
    """Overdue first, then by priority, then by due date."""
    return qs.with_overdue_flag().order_by(
        "-is_overdue_flag", F("priority_rank").asc(nulls_last=True), F("due_date").asc(nulls_last=True), "id"
    )


def filtered(
    qs: ActionQuerySet,
    *,
    point: str = "",
    status: str = "",
    organisation: int | None = None,
    overdue: bool | None = None,
) -> ActionQuerySet:
    """Actions at one Star point (its key), with one status, of one organisation; ``overdue``
    True for only overdue actions, False for only those not overdue, None for both."""
    if point:
        qs = qs.filter(point__key=point)
    if status:
        qs = qs.filter(status=status)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if overdue is True:
        qs = qs.overdue()
    elif overdue is False:
        qs = qs.not_overdue()
    return qs


def owned_summary(qs: ActionQuerySet, user) -> dict[str, int]:
    """How many open actions in ``qs`` ``user`` owns, and how many of those are at risk, off track
    and overdue: one query."""
    return (
        qs.filter(owner_user=user)
        .exclude(status__in=CLOSED_STATUSES)
        .aggregate(
            open=Count("pk"),
            at_risk=Count("pk", filter=Q(status=Status.AT_RISK)),
            off_track=Count("pk", filter=Q(status=Status.OFF_TRACK)),
            overdue=Count("pk", filter=overdue_condition()),
        )
    )


def led_by(plans: ActionPlanQuerySet, user) -> ActionPlanQuerySet:
    """The plans in ``plans`` that ``user`` leads: they started it, or they facilitate its workshop
    (its facilitator, or a participant with the facilitator role). The weekly digest's rule too."""
    facilitating = Participant.objects.filter(user=user, role=ParticipantRole.FACILITATOR).values("workshop_id")
    return plans.filter(Q(created_by=user) | Q(workshop__facilitator=user) | Q(workshop__in=facilitating))


def without_updates(qs: ActionQuerySet, *, on: datetime.date | None = None, days: int | None = None) -> ActionQuerySet:
    """Open actions in ``qs`` that have started (or have no start date) whose latest progress update
    (or, with none, the day they were added) is ``days`` or more before ``on`` (today). ``days``
    is ``LODESTAR_STALE_UPDATE_DAYS`` (60) unless given: the reminders' rule."""
    on = on or today()
    days = settings.LODESTAR_STALE_UPDATE_DAYS if days is None else days
    cutoff = on - datetime.timedelta(days=days)
    updates = ProgressUpdate.objects.filter(action=OuterRef("pk"))
    return (
        qs.exclude(status__in=CLOSED_STATUSES)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .exclude(Exists(updates.filter(date__gt=cutoff)))
        .filter(Exists(updates) | Q(created_at__date__lte=cutoff))
    )
