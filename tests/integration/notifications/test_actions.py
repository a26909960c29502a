"""The emails that follow what people do: sent once the change is committed, never for a change
that rolled back, once however often the task runs, and never to someone who turned them off."""

from __future__ import annotations

import datetime
import smtplib
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction

from lodestar.core.models import AuditEvent
from lodestar.notifications import actions, tasks
from lodestar.notifications.models import NotificationEvent, NotificationKind, SentNotification
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Status
from lodestar.workshops import actions as workshop_actions
from lodestar.workshops.models import Participant, ParticipantRole
from tests.factories import UserFactory
from tests.factories.plans import ActionFactory, all_points
from tests.factories.workshops import participant

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 31)


def add_cal(world):
    return workshop_actions.add_member_participant(
        actor=world["fran"], workshop=world["workshop"], user=world["cal"], role=ParticipantRole.CONTRIBUTOR
    )


def test_a_person_added_to_a_workshop_is_emailed_once_it_is_committed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_cal(world)
        assert mailoutbox == []  # not while the transaction is open
    [email] = mailoutbox
    assert email.to == ["cal@example.nhs.uk"]
    assert email.subject == "You have been added to the workshop Community nursing"
    assert "Dear Cal Contributor," in email.body and "as a contributor" in email.body
    assert f"https://lodestar.example.nhs.uk/workshops/{world['workshop'].pk}/" in email.body
    assert "Stop these emails: https://lodestar.example.nhs.uk/notifications/unsubscribe/" in email.body
    assert "Choose which emails you get: https://lodestar.example.nhs.uk/notifications/settings/" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith("<https://lodestar.example.nhs.uk/notifications/unsub")


def test_no_email_when_the_transaction_rolls_back(world, mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        add_cal(world)
        plan_actions.create_action(
            actor=world["fran"],
            plan=world["plan"],
            title="Rotas",
            point=all_points()[0],
            owner_user=world["cal"],
            due_date=DUE,
        )
        raise RuntimeError("something after the change failed")
    assert callbacks == [] and mailoutbox == []
    assert not Participant.objects.filter(user=world["cal"]).exists() and not SentNotification.objects.exists()


def test_the_task_run_twice_sends_the_email_once(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = add_cal(world)
    assert tasks.send_added_to_workshop.call(p.pk) is False  # a retry, or a second worker
    assert len(mailoutbox) == 1
    assert SentNotification.objects.get().kind == NotificationKind.ADDED_TO_WORKSHOP


def test_adding_yourself_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workshop_actions.add_member_participant(
            actor=world["cal"], workshop=world["workshop"], user=world["cal"], role=ParticipantRole.CONTRIBUTOR
        )
    assert mailoutbox == []


def test_the_new_owner_of_an_action_is_emailed_when_it_is_added_and_when_it_changes_hands(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    dee = UserFactory(full_name="Dee Deputy", email="dee@example.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_actions.create_action(
            actor=world["fran"],
            plan=world["plan"],
            title="Rotas",
            point=all_points()[0],
            owner_user=world["cal"],
            due_date=DUE,
        )
    with django_capture_on_commit_callbacks(execute=True):  # a change that keeps the owner: no email
        plan_actions.update_action(actor=world["fran"], action=action, expected_version=1, changes={"title": "Rota"})
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.update_action(actor=world["fran"], action=action, expected_version=2, changes={"owner_user": dee})
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["cal@example.nhs.uk"], "You are now the owner of the action Rotas"),
        (["dee@example.nhs.uk"], "You are now the owner of the action Rota"),
    ]
    assert "Fran Facilitator has made you the owner of an action." in mailoutbox[1].body
    assert "Action plan: Community nursing plan" in mailoutbox[1].body


def test_taking_an_action_yourself_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.create_action(
            actor=world["cal"],
            plan=world["plan"],
            title="Mine",
            point=all_points()[0],
            owner_user=world["cal"],
            due_date=DUE,
        )
    assert mailoutbox == []


def test_an_owner_changed_again_before_the_task_ran_is_not_told(world, mailoutbox):
    action = ActionFactory(plan=world["plan"], owner_user=world["fran"])
    assert tasks.send_owner_assigned.call(action.pk, world["cal"].pk, world["fran"].pk, 1) is False
    assert mailoutbox == []


def test_asking_for_ratings_emails_facilitators_and_contributors_once_a_day(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = world["workshop"]
    participant(workshop, ParticipantRole.CONTRIBUTOR, user=world["cal"])
    participant(workshop, ParticipantRole.FACILITATOR, user=UserFactory(email="co@example.nhs.uk"))
    participant(workshop, ParticipantRole.OBSERVER, user=UserFactory(email="watcher@example.nhs.uk"))
    participant(workshop, ParticipantRole.FACILITATOR, user=world["fran"])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            actions.ask_for_ratings(actor=world["fran"], workshop=workshop)
    assert sorted(m.to[0] for m in mailoutbox) == ["cal@example.nhs.uk", "co@example.nhs.uk"]
    assert mailoutbox[0].subject == "Please rate the candidate interventions for Community nursing"
    assert f"/workshops/{workshop.pk}/prioritisation/" in mailoutbox[0].body
    events = AuditEvent.objects.filter(action=NotificationEvent.RATING_REQUEST.value)
    assert events.count() == 2 and events.first().organisation == world["orgs"]["trust_a"]


def test_a_kind_turned_off_is_not_sent_and_the_change_is_audited(world, mailoutbox, django_capture_on_commit_callbacks):
    kept = [k for k in NotificationKind.values if k != NotificationKind.ADDED_TO_WORKSHOP]
    actions.save_preferences(actor=world["cal"], user=world["cal"], enabled_kinds=kept)
    with django_capture_on_commit_callbacks(execute=True):
        add_cal(world)
    assert mailoutbox == [] and not SentNotification.objects.exists()
    [event] = AuditEvent.objects.filter(action=NotificationEvent.PREFERENCES_SAVE.value)
    assert (event.actor, event.before["added_to_workshop"], event.after["added_to_workshop"]) == (
        world["cal"],
        True,
        False,
    )
    actions.save_preferences(actor=world["cal"], user=world["cal"], enabled_kinds=kept)  # no change, no event
    assert AuditEvent.objects.filter(action=NotificationEvent.PREFERENCES_SAVE.value).count() == 1


def test_an_unknown_kind_is_refused(world):
    from lodestar.core.validation import ValidationProblem

    with pytest.raises(ValidationProblem) as refused:
        actions.save_preferences(actor=world["cal"], user=world["cal"], enabled_kinds=["spam"])
    assert refused.value.problems == [("enabled_kinds", "Choose only emails from the list")]


def test_when_the_mail_server_refuses_the_next_run_sends_it(world, mailoutbox):
    action = ActionFactory(plan=world["plan"], owner_user=world["cal"], status=Status.ON_TRACK)
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("down")),
        pytest.raises(smtplib.SMTPException),
    ):
        tasks.send_owner_assigned.call(action.pk, world["cal"].pk, None, 1)
    assert not SentNotification.objects.exists()  # the claim was released
    assert tasks.send_owner_assigned.call(action.pk, world["cal"].pk, None, 1) is True
    assert len(mailoutbox) == 1


def test_every_notification_event_has_a_label():
    assert all(event.label and event.label != event.value for event in NotificationEvent)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_sends_what_was_queued(orgs, settings, mailoutbox):
    """The default set-up: the change queues a task row; `db_worker` (here one batch) sends the email."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from tests.factories import member
    from tests.factories.workshops import WorkshopFactory

    fran, cal = member(orgs["trust_a"], "facilitator"), member(orgs["trust_a"], "contributor")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=fran)
    workshop_actions.add_member_participant(actor=fran, workshop=workshop, user=cal, role=ParticipantRole.CONTRIBUTOR)
    assert DBTaskResult.objects.count() == 1 and mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.to for m in mailoutbox] == [[cal.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_observer_is_told_so_in_good_english(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workshop_actions.add_member_participant(
            actor=world["fran"], workshop=world["workshop"], user=world["cal"], role=ParticipantRole.OBSERVER
        )
    assert 'the Star workshop "Community nursing" as an observer.' in mailoutbox[0].body
