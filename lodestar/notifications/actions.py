"""Writes about emails, and the hooks other apps' actions call when something happens.

The ``notify_*`` functions are called from inside another action's transaction. They send
nothing themselves: ``transaction.on_commit`` enqueues a task once that transaction has
committed, so a change that rolls back emails nobody (ADR 0021).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record
from lodestar.core.validation import Problems
from lodestar.notifications import tasks
from lodestar.notifications.models import NotificationEvent, NotificationKind, NotificationPreference
from lodestar.notifications.queries import preferences_for


def _after_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


# ------------------------------------------------------------------- hooks for other apps


def notify_participant_added(*, participant, actor=None) -> None:
    """A member of an organisation was added to a workshop (not when they added themselves)."""
    if participant.user_id and participant.user_id != getattr(actor, "pk", None):
        _after_commit(tasks.send_added_to_workshop, participant.pk)


def notify_owner_assigned(*, action, actor=None, previous_owner_id=None) -> None:
    """``action`` has an owner who did not have it before (and who did not choose themselves)."""
    owner_id = action.owner_user_id
    if owner_id and owner_id != previous_owner_id and owner_id != getattr(actor, "pk", None):
        _after_commit(tasks.send_owner_assigned, action.pk, owner_id, getattr(actor, "pk", None), action.version)


@transaction.atomic
def ask_for_ratings(*, actor, workshop) -> None:
    """The facilitator asks the workshop's facilitators and contributors to rate the candidates
    (an email each, at most one a day)."""
    record(
        actor=actor,
        action=NotificationEvent.RATING_REQUEST,
        target=workshop,
        organisation=workshop.lead_organisation,
        after={"workshop_id": workshop.pk},
    )
    day = timezone.localdate().isoformat()
    _after_commit(tasks.send_rating_requests, workshop.pk, getattr(actor, "pk", None), day)


# ------------------------------------------------------------------------- email settings


def _set(user, kind: str, enabled: bool) -> None:
    NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"enabled": enabled})


@transaction.atomic
def save_preferences(*, actor, user, enabled_kinds) -> dict[str, bool]:
    """Turn on the kinds in ``enabled_kinds`` and off every other kind, for ``user``."""
    problems = Problems()
    unknown = [kind for kind in enabled_kinds if kind not in NotificationKind.values]
    if unknown:
        problems.add("enabled_kinds", "Choose only emails from the list")
    problems.raise_any()
    before = preferences_for(user)
    after = {kind: kind in enabled_kinds for kind in NotificationKind.values}
    for kind, enabled in after.items():
        if before[kind] != enabled:
            _set(user, kind, enabled)
    if before != after:
        record(actor=actor, action=NotificationEvent.PREFERENCES_SAVE, target=user, before=before, after=after)
    return after


@transaction.atomic
def unsubscribe(*, user, kind: str) -> None:
    """Turn one kind of email off from the link in that email (the person need not sign in)."""
    kind = NotificationKind(kind).value
    if not preferences_for(user)[kind]:
        return
    _set(user, kind, False)
    record(actor=user, action=NotificationEvent.UNSUBSCRIBE, target=user, before={kind: True}, after={kind: False})
