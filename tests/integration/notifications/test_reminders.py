"""Scheduled reminders: which actions each one picks on a given day, that a day's run sent twice
sends each email once, and what the weekly digest says."""

from __future__ import annotations

import datetime
import io
import smtplib
from unittest import mock

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone

from lodestar.notifications import actions, queries, tasks
from lodestar.notifications.models import NotificationKind
from lodestar.plans.models import Action, Status
from lodestar.workshops.models import ParticipantRole, WorkshopStatus
from tests.factories import UserFactory
from tests.factories.plans import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.factories.workshops import ContributionFactory, WorkshopFactory, participant

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)
ON = datetime.date(2027, 3, 1)  # a Monday: the digest's default weekday


def day(n: int) -> datetime.date:
    return ON + datetime.timedelta(days=n)


def titles(queryset) -> list[str]:
    return sorted(a.title for a in queryset)


def owned(world, title, added=-5, **values):
    """An open action Cal owns, added ``added`` days before ON."""
    values = {"owner_user": world["cal"], "plan": world["plan"], "start_date": day(-400), **values}
    action = ActionFactory(title=title, **values)
    added_on(action, day(added))
    return action


def added_on(action, date):
    Action.objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
    )


def test_due_soon_is_due_from_today_to_14_days_ahead_open_and_owned(world):
    owned(world, "today", due_date=ON)
    owned(world, "in 14 days", due_date=day(14))
    owned(world, "in 15 days", due_date=day(15))
    owned(world, "yesterday", due_date=day(-1))
    owned(world, "done", due_date=day(3), status=Status.DONE)
    owned(world, "stopped", due_date=day(3), status=Status.STOPPED)
    owned(world, "nobody's", due_date=day(3), owner_user=None, owner_name="Someone outside")
    assert titles(queries.due_soon(ON)) == ["in 14 days", "today"]


def test_overdue_is_due_before_today_and_not_done(world):
    owned(world, "yesterday", due_date=day(-1))
    owned(world, "a year ago", due_date=day(-365))
    owned(world, "today", due_date=ON)
    owned(world, "done late", due_date=day(-5), status=Status.DONE)
    owned(world, "no due date", due_date=None)
    assert titles(queries.overdue(ON)) == ["a year ago", "yesterday"]


def test_no_update_is_60_days_or_more_since_the_last_update_or_since_it_was_added(world):
    for title, last in [("updated 60 days ago", -60), ("updated 59 days ago", -59), ("updated long ago", -90)]:
        action = owned(world, title, due_date=day(200))
        ProgressUpdateFactory(action=action, date=day(last))
        if last == -90:
            ProgressUpdateFactory(action=action, date=day(-100))
    owned(world, "never updated, added 61 days ago", added=-61, due_date=day(200))
    owned(world, "never updated, added 10 days ago", added=-10, due_date=day(200))
    owned(world, "not started yet", added=-100, due_date=day(200), start_date=day(5))
    found = {a.title: a.last_update for a in queries.without_updates(ON)}
    assert found == {
        "updated 60 days ago": day(-60),
        "updated long ago": day(-90),
        "never updated, added 61 days ago": None,
    }


def test_the_no_update_period_is_a_setting(world, settings):
    settings.LODESTAR_STALE_UPDATE_DAYS = 30
    ProgressUpdateFactory(action=owned(world, "quiet for 45 days", due_date=day(200)), date=day(-45))
    assert titles(queries.without_updates(ON)) == ["quiet for 45 days"]


def test_a_days_reminders_run_twice_send_each_email_once(world, mailoutbox):
    owned(world, "Recruit two nurses", due_date=day(10))
    owned(world, "Rota review", due_date=day(-3))
    ProgressUpdateFactory(action=owned(world, "Training plan", due_date=day(100)), date=day(-70))
    first = tasks.send_reminders.call(ON.isoformat(), False)
    second = tasks.send_reminders.call(ON.isoformat(), False)
    assert first == {"due_soon": 1, "overdue": 1, "no_update": 1}
    assert second == {"due_soon": 0, "overdue": 0, "no_update": 0}
    assert sorted(m.subject for m in mailoutbox) == [
        "Due in 10 days: Recruit two nurses",
        "No progress update for 60 days or more: Training plan",
        "Overdue: Rota review",
    ]
    assert all(m.to == ["cal@example.nhs.uk"] for m in mailoutbox)
    overdue = next(m for m in mailoutbox if m.subject.startswith("Overdue"))
    assert "was due on 26 February 2027, 3 days ago, and is not done" in overdue.body


def test_a_refused_email_does_not_stop_the_others_and_the_next_run_sends_it(world, mailoutbox):
    owned(world, "Recruit two nurses", due_date=day(10))
    owned(world, "Rota review", due_date=day(-3))
    real_send = EmailMessage.send

    def refuse_overdue(message, *args, **kwargs):
        if message.subject.startswith("Overdue"):
            raise smtplib.SMTPException("down")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(EmailMessage, "send", refuse_overdue),
        pytest.raises(RuntimeError, match="1 reminder emails could not be sent"),
    ):
        tasks.send_reminders.call(ON.isoformat(), True)
    assert [m.subject for m in mailoutbox] == ["Due in 10 days: Recruit two nurses", "Your Lodestar week (2027-W09)"]
    again = tasks.send_reminders.call(ON.isoformat(), False)
    assert again == {"due_soon": 0, "overdue": 1, "no_update": 0}


def test_the_next_day_sends_nothing_new_but_a_new_due_date_is_a_new_reminder(world, mailoutbox):
    action = owned(world, "Recruit two nurses", due_date=day(10))
    tasks.send_reminders.call(ON.isoformat(), False)
    tasks.send_reminders.call(day(1).isoformat(), False)
    assert len(mailoutbox) == 1
    Action.objects.filter(pk=action.pk).update(due_date=day(12))
    tasks.send_reminders.call(day(2).isoformat(), False)
    assert [m.subject for m in mailoutbox] == [
        "Due in 10 days: Recruit two nurses",
        "Due in 10 days: Recruit two nurses",
    ]


def test_a_reminder_turned_off_is_not_sent(world, mailoutbox):
    owned(world, "Rota review", due_date=day(-3))
    owned(world, "Recruit", due_date=day(3))
    kinds = [k for k in NotificationKind.values if k != NotificationKind.OVERDUE]
    actions.save_preferences(actor=world["cal"], user=world["cal"], enabled_kinds=kinds)
    assert tasks.send_reminders.call(ON.isoformat(), False) == {"due_soon": 1, "overdue": 0, "no_update": 0}
    assert [m.subject for m in mailoutbox] == ["Due in 3 days: Recruit"]


# ------------------------------------------------------------------------------ the digest


def test_the_digest_tells_a_facilitator_what_changed_and_what_is_overdue(world, mailoutbox):
    participant(world["workshop"], ParticipantRole.CONTRIBUTOR, user=world["cal"])
    ContributionFactory(workshop=world["workshop"])
    owned(world, "Rota review", due_date=timezone.localdate() - datetime.timedelta(days=3))
    today = timezone.localdate()
    sent = tasks.send_reminders.call(today.isoformat(), True)
    assert sent["weekly_digest"] == 1
    [digest] = [m for m in mailoutbox if m.subject.startswith("Your Lodestar week")]
    assert digest.to == ["fran@example.nhs.uk"]
    assert digest.subject == f"Your Lodestar week ({queries.iso_week(today)})"
    body = digest.body
    assert "Workshop: Community nursing" in body and "- 1 new participant" in body and "- 1 new contribution" in body
    assert f"/workshops/{world['workshop'].pk}/" in body
    assert "Action plan: Community nursing plan" in body and "- 1 action added" in body
    assert "Overdue actions (1):" in body and "- Rota review (due " in body and "owner: Cal Contributor)" in body
    assert tasks.send_reminders.call(today.isoformat(), True)["weekly_digest"] == 0  # once a week


def test_no_digest_for_a_quiet_week_or_a_completed_workshop(world, mailoutbox):
    busy = WorkshopFactory(lead_organisation=world["orgs"]["trust_a"], status=WorkshopStatus.COMPLETED)
    busy.facilitator = UserFactory(email="past@example.nhs.uk")
    busy.save()
    participant(busy, ParticipantRole.CONTRIBUTOR)
    world["plan"].delete()
    assert tasks.send_reminders.call(timezone.localdate().isoformat(), True)["weekly_digest"] == 0
    assert mailoutbox == []


def test_the_digest_goes_only_on_its_weekday(world, settings):
    participant(world["workshop"], ParticipantRole.CONTRIBUTOR, user=world["cal"])
    settings.LODESTAR_DIGEST_WEEKDAY = 2  # Wednesday
    assert "weekly_digest" not in tasks.send_reminders.call(ON.isoformat())
    assert "weekly_digest" in tasks.send_reminders.call(day(2).isoformat())


def test_send_reminders_command_runs_now_or_queues_for_the_worker(world, mailoutbox):
    owned(world, "Rota review", due_date=day(-3))
    out = io.StringIO()
    call_command("send_reminders", "--date", day(1).isoformat(), "--now", stdout=out)  # a Tuesday: no digest
    assert out.getvalue() == "due_soon: 0 sent, overdue: 1 sent, no_update: 0 sent\n"
    out = io.StringIO()
    call_command("send_reminders", "--date", day(2).isoformat(), stdout=out)  # queued: here the immediate backend
    assert f"Reminders for {day(2).isoformat()} queued for the task worker" in out.getvalue()
    assert len(mailoutbox) == 1


def test_run_scheduler_once_queues_the_days_reminders(world, mailoutbox):
    owned(world, "Rota review", due_date=timezone.localdate() - datetime.timedelta(days=1))
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "queued for the task worker" in out.getvalue()
    assert [m.subject for m in mailoutbox] == ["Overdue: Rota review"]


def test_a_plan_is_led_by_whoever_facilitates_its_workshop_even_once_the_workshop_is_completed(world, mailoutbox):
    workshop = WorkshopFactory(
        lead_organisation=world["orgs"]["trust_a"], title="Finished", status=WorkshopStatus.COMPLETED
    )
    co = participant(workshop, ParticipantRole.FACILITATOR, user=UserFactory(email="co@example.nhs.uk"))
    plan = ActionPlanFactory(organisation=world["orgs"]["trust_a"], workshop=workshop, title="Finished plan")
    ActionFactory(plan=plan, title="Late one", start_date=day(-400), due_date=timezone.localdate() - WEEK)
    world["plan"].delete()
    assert tasks.send_reminders.call(timezone.localdate().isoformat(), True)["weekly_digest"] == 1
    [digest] = mailoutbox
    assert digest.to == [co.email] and "Action plan: Finished plan" in digest.body and "- Late one (due" in digest.body
    assert "Workshop: Finished" not in digest.body  # completed workshops are left out
