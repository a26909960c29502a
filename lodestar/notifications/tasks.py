"""The tasks the worker runs (``manage.py db_worker``). Each takes ids and dates, never objects,
re-reads what it needs and sends through ``delivery.send_once``, so running one twice sends
nothing twice. The actions enqueue them with ``transaction.on_commit``; ``send_reminders``
is enqueued by the ``send_reminders`` command (daily, from cron, a timer or ``run_scheduler``)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lodestar.accounts.models import User
from lodestar.notifications import emails, learning_digest, network_tasks, queries
from lodestar.notifications.delivery import send_once
from lodestar.notifications.models import NotificationKind
from lodestar.plans.models import Action
from lodestar.workshops.models import Participant, Workshop

logger = logging.getLogger(__name__)


@task()
def send_added_to_workshop(participant_id: int) -> bool:
    participant = Participant.objects.select_related("workshop", "user").filter(pk=participant_id).first()
    if participant is None or participant.user is None:
        return False
    return send_once(
        kind=NotificationKind.ADDED_TO_WORKSHOP,
        recipient=participant.user,
        subject=participant,
        build=lambda: emails.added_to_workshop(participant),
    )


@task()
def send_rating_requests(workshop_id: int, asked_by_id: int | None, day: str) -> int:
    """Ask the workshop's facilitators and contributors (not the asker) to rate; once a day at most."""
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    asked_by = User.objects.filter(pk=asked_by_id).first() if asked_by_id else None
    raters = queries.raters_to_ask(workshop, asked_by)
    return sum(
        send_once(
            kind=NotificationKind.RATING_REQUESTED,
            recipient=p.user,
            subject=workshop,
            period=day,
            build=lambda: emails.rating_requested(workshop, asked_by),
        )
        for p in raters
    )


@task()
def send_owner_assigned(action_id: int, owner_id: int, assigned_by_id: int | None, version: int) -> bool:
    """Tell the new owner, unless the action has had another owner since (then that one is told)."""
    action = Action.objects.select_related("owner_user", "plan").filter(pk=action_id).first()
    if action is None or action.owner_user_id != owner_id:
        return False
    assigned_by = User.objects.filter(pk=assigned_by_id).first() if assigned_by_id else None
    return send_once(
        kind=NotificationKind.OWNER_ASSIGNED,
        recipient=action.owner_user,
        subject=action,
        period=f"v{version}",
        build=lambda: emails.owner_assigned(action, assigned_by),
    )


def _send_all(emails) -> tuple[int, int]:
    """``send_once(**email)`` for each of ``emails``; (sent, failed). One failure does not stop the rest."""
    sent = failed = 0
    for email in emails:
        try:
            sent += send_once(**email)
        except Exception:  # logged by send_once; the next run sends it (its key was released)
            failed += 1
    return sent, failed


def _each(kind, actions, period, build) -> tuple[int, int]:
    """Send ``build(action)`` to each action's owner."""
    return _send_all(
        {
            "kind": kind,
            "recipient": action.owner_user,
            "subject": action,
            "period": period(action),
            "build": lambda action=action: build(action),
        }
        for action in actions
    )


def _digests(on: datetime.date) -> tuple[int, int]:
    end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    now, week = min(timezone.now(), end_of_day), queries.iso_week(on)

    def digests():
        for person in queries.digest_recipients():
            if sections := queries.digest_for(person, now):
                yield {
                    "kind": NotificationKind.WEEKLY_DIGEST,
                    "recipient": person,
                    "subject": person,
                    "period": week,
                    "build": lambda sections=sections: emails.weekly_digest(sections, week),
                }

    return _send_all(digests())


@task()
def send_reminders(on: str, digest: bool | None = None) -> dict[str, int]:
    """Every scheduled email for the day ``on`` (ISO date): due soon, overdue, no update, and the
    weekly digest on ``LODESTAR_DIGEST_WEEKDAY`` (or when ``digest`` is True). Counts what was sent."""
    day = datetime.date.fromisoformat(on)
    stale_days = settings.LODESTAR_STALE_UPDATE_DAYS
    results = {
        "due_soon": _each(
            NotificationKind.DUE_SOON,
            queries.due_soon(day),
            lambda a: f"due-{a.due_date}",
            lambda a: emails.due_soon(a, day),
        ),
        "overdue": _each(
            NotificationKind.OVERDUE,
            queries.overdue(day),
            lambda a: f"due-{a.due_date}",
            lambda a: emails.overdue(a, day),
        ),
        "no_update": _each(
            NotificationKind.NO_UPDATE,
            queries.without_updates(day),
            lambda a: f"last-{a.last_update or 'none'}",
            lambda a: emails.no_update(a, day, stale_days),
        ),
    }
    if digest or (digest is None and day.weekday() == settings.LODESTAR_DIGEST_WEEKDAY):
        results["weekly_digest"] = _digests(day)
        results["network_digest"] = network_tasks.network_digests(day, _send_all)  # network_tasks.py
        results["learning_digest"] = learning_digest.send_digests(day)  # learning_digest.py: what people follow
    failed = sum(f for _, f in results.values())
    if failed:
        raise RuntimeError(f"{failed} reminder emails could not be sent; run send_reminders again to retry them")
    return {name: sent for name, (sent, _) in results.items()}
