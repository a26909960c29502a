"""Reads of actions that the plan pages and the API share. Each starts from a queryset the
caller has already scoped (``Action.objects.visible_to(user)``)."""

from __future__ import annotations

from django.db.models import F

from lodestar.plans.models import ActionQuerySet


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
