"""The weekly network digest: each member gets what is new in the networks they belong to since
their last digest, only what they may see, not their own posts; once a week; nothing new, no email."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lodestar.networks import actions_content
from lodestar.notifications import network_tasks, tasks
from tests.factories.networks import add_member, network

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(world):
    cora, cal = world["people"]["coordinator"], world["people"]["carer"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    add_member(cop, cal)
    thread = actions_content.start_thread(actor=cora, network=cop, title="Rotas that work", body="Share yours")
    actions_content.reply(actor=cal, thread=thread, body="Ours is self-rostered")
    start = timezone.now() + datetime.timedelta(days=10)
    actions_content.add_event(
        actor=cora,
        network=cop,
        title="Spring meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Room 1",
    )
    other = network(world["orgs"]["trust_a"], coordinator=cora, name="Private planners")
    actions_content.start_thread(actor=cora, network=other, title="Budget secrets", body="Members only")
    return cop


def _digest_to(person) -> str:
    [email] = [m for m in mail.outbox if m.to == [person.email]]
    return email.body


def test_members_get_what_is_new_in_their_networks_only(world, busy):
    sent = tasks.send_reminders.call(timezone.localdate().isoformat(), True)
    assert sent["network_digest"] == 2  # Cora and Cal
    body = _digest_to(world["people"]["carer"])
    assert "Nursing associates community of practice" in body
    assert "New discussion: Rotas that work" in body
    assert "New event: Spring meeting" in body
    assert "Budget secrets" not in body and "Private planners" not in body  # not a member there
    assert "Stop these emails" in body
    cora = _digest_to(world["people"]["coordinator"])
    assert "1 new reply in discussions" in cora and "New discussion: Rotas that work" not in cora  # her own


def test_the_digest_is_sent_once_a_week(world, busy):
    day = timezone.localdate().isoformat()
    assert tasks.send_reminders.call(day, True)["network_digest"] == 2
    assert tasks.send_reminders.call(day, True)["network_digest"] == 0


def test_nothing_new_means_no_digest(world):
    network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"])
    assert network_tasks.digest_for(world["people"]["coordinator"], timezone.now()) == []
    assert tasks.send_reminders.call(timezone.localdate().isoformat(), True)["network_digest"] == 0


def test_a_member_who_turned_the_digest_off_gets_none(world, busy):
    from lodestar.notifications import actions as notification_actions

    cal = world["people"]["carer"]
    notification_actions.unsubscribe(user=cal, kind="network_digest")
    tasks.send_reminders.call(timezone.localdate().isoformat(), True)
    assert not [m for m in mail.outbox if m.to == [cal.email] and "networks" in m.subject]
