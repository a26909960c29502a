"""The networks' actions: what each refuses (nothing written) and the audit rows each writes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions, actions_content
from lodestar.networks.models import Network, NetworkEvent, NetworkMember
from tests.factories.networks import add_member, network

pytestmark = pytest.mark.django_db


def refused(action, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as caught:
        action(**kwargs)
    return caught.value.problems


def events(prefix="networks.") -> list[str]:
    return list(AuditEvent.objects.filter(action__startswith=prefix).order_by("pk").values_list("action", flat=True))


def test_every_network_event_has_a_label():
    assert all(member.label and member.label != member.value for member in NetworkEvent)


def test_starting_a_network_records_it_and_makes_the_creator_coordinator(world):
    cora = world["people"]["coordinator"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora, visibility="ics")
    [event] = AuditEvent.objects.filter(action=NetworkEvent.CREATE.value)
    assert (event.actor, event.organisation, event.target_id) == (cora, world["orgs"]["trust_a"], str(cop.pk))
    assert event.after == {
        "name": "Nursing associates community of practice",
        "host_id": world["orgs"]["trust_a"].pk,
        "visibility": "ics",
        "joining": "request",
        "topic": "nursing",
    }
    place = NetworkMember.objects.get(network=cop)
    assert (place.user, place.status, place.is_coordinator, place.sector) == (cora, "member", True, "nhs")


def test_only_facilitators_at_the_host_start_a_network(world):
    problems = refused(
        actions.start_network,
        actor=world["people"]["nurse"],
        host=world["orgs"]["pcn_a"],
        name="Mine",
        purpose="Ours",
        topic="other",
        visibility="everyone",
        joining="open",
    )
    assert problems == [("host", "You can only start a network for an organisation where you run workshops")]
    assert not Network.objects.exists() and not events()


def test_a_host_outside_any_ics_cannot_limit_finding_to_its_ics(world):
    regional = world["people"]["regional"]
    from lodestar.orgs.models import Membership
    from tests.factories import role

    Membership.objects.filter(user=regional).update(role=role("facilitator"))
    problems = refused(
        actions.start_network,
        actor=regional,
        host=world["orgs"]["region"],
        name="Regional leads",
        purpose="Leads",
        topic="leadership",
        visibility="ics",
        joining="open",
    )
    assert problems == [("visibility", "The host organisation is not in an integrated care system: choose another")]
    assert not Network.objects.exists()


def test_join_request_accept_appoint_remove_leave_are_each_audited(world):
    cora, cal, val = world["people"]["coordinator"], world["people"]["carer"], world["people"]["volunteer"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    place = actions.join(actor=cal, network=cop, organisation=world["orgs"]["care_home"])
    assert refused(actions.accept, actor=cal, network=cop, member=place) == [
        ("", "Only the network's coordinators can do that")
    ]
    actions.accept(actor=cora, network=cop, member=place)
    actions.appoint(actor=cora, network=cop, member=place)
    other = actions.join(actor=val, network=cop, organisation=world["orgs"]["charity"])
    actions.decline(actor=cal, network=cop, member=other)
    actions.remove(actor=cal, network=cop, member=NetworkMember.objects.get(network=cop, user=cora))
    assert refused(actions.leave, actor=cal, network=cop) == [
        ("", "You are the network's only coordinator: appoint another before you leave")
    ]
    assert events("networks.member.") == [
        "networks.member.request",
        "networks.member.accept",
        "networks.member.appoint",
        "networks.member.request",
        "networks.member.decline",
        "networks.member.remove",
    ]
    accept = AuditEvent.objects.get(action=NetworkEvent.ACCEPT.value)
    assert (accept.before["status"], accept.after["status"]) == ("requested", "member")


def test_asking_twice_is_refused(world):
    cop = network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"])
    actions.join(actor=world["people"]["carer"], network=cop, organisation=world["orgs"]["care_home"])
    assert refused(
        actions.join, actor=world["people"]["carer"], network=cop, organisation=world["orgs"]["care_home"]
    ) == [("", "You are already a member or have already asked to join")]
    assert NetworkMember.objects.filter(user=world["people"]["carer"]).count() == 1


def test_non_members_cannot_post_or_sign_up(world):
    cop = network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"], joining="open")
    nurse = world["people"]["nurse"]
    assert refused(actions_content.start_thread, actor=nurse, network=cop, title="Hi", body="Hello") == [
        ("", "Join the network first")
    ]
    start = timezone.now() + datetime.timedelta(days=1)
    event = actions_content.add_event(
        actor=world["people"]["coordinator"],
        network=cop,
        title="Meet",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Here",
    )
    assert refused(actions_content.sign_up, actor=nurse, event=event) == [("", "Join the network first")]
    assert not event.signups.exists()


def test_content_actions_are_audited(world):
    cora = world["people"]["coordinator"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    add_member(cop, world["people"]["carer"])
    thread = actions_content.start_thread(actor=cora, network=cop, title="Rotas", body="How?")
    post = actions_content.reply(actor=world["people"]["carer"], thread=thread, body="Like this")
    actions_content.hide_post(actor=cora, post=post, reason="Off topic")
    actions_content.restore_post(actor=cora, post=post)
    start = timezone.now() + datetime.timedelta(days=1)
    event = actions_content.add_event(
        actor=cora,
        network=cop,
        title="Meet",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Here",
    )
    actions_content.sign_up(actor=cora, event=event)
    actions_content.cancel_sign_up(actor=cora, event=event)
    assert events()[-7:] == [
        "networks.thread.start",
        "networks.post.reply",
        "networks.post.hide",
        "networks.post.restore",
        "networks.event.add",
        "networks.event.sign_up",
        "networks.event.cancel",
    ]
    hide = AuditEvent.objects.get(action=NetworkEvent.POST_HIDE.value)
    assert (hide.actor, hide.after) == (cora, {"hidden": True, "reason": "Off topic"})


def test_a_case_study_link_must_be_one_the_person_may_read(world):
    from tests.factories.learning import case_study

    cora = world["people"]["coordinator"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    draft = case_study(world["orgs"]["trust_c"], title="Someone else's draft")
    assert refused(actions_content.share_link, actor=cora, network=cop, case_study=draft) == [
        ("case_study", "Choose a published case study you can read")
    ]
    assert not cop.resources.exists()


def test_only_the_sharer_or_a_coordinator_removes_a_resource(world):
    from tests.factories.star import InterventionFactory

    cora, carer, nurse = (world["people"][k] for k in ("coordinator", "carer", "nurse"))
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    for who in (carer, nurse):
        add_member(cop, who)
    mine, theirs = (
        actions_content.share_link(actor=who, network=cop, intervention=InterventionFactory()) for who in (carer, nurse)
    )
    assert refused(actions_content.remove_resource, actor=carer, resource=theirs) == [
        ("", "Only the member who shared it or a coordinator can remove it")
    ]
    assert cop.resources.count() == 2 and "networks.resource.remove" not in events()
    actions_content.remove_resource(actor=carer, resource=mine)
    actions_content.remove_resource(actor=cora, resource=theirs)
    assert not cop.resources.exists()
    removed = AuditEvent.objects.filter(action="networks.resource.remove").order_by("pk")
    assert [(e.actor, e.organisation) for e in removed] == [(carer, cop.host), (cora, cop.host)]


def _meeting(days=7, **overrides):
    start = timezone.now() + datetime.timedelta(days=days)
    values = {"title": "Meet", "starts_at": start, "ends_at": start + datetime.timedelta(hours=1), "place": "Room 1"}
    return values | overrides


def test_who_added_an_event_or_a_coordinator_changes_it_and_each_change_is_a_version(world):
    cora, carer, nurse = (world["people"][k] for k in ("coordinator", "carer", "nurse"))
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    for who in (carer, nurse):
        add_member(cop, who)
    event = actions_content.add_event(actor=carer, network=cop, **_meeting())
    assert refused(actions_content.change_event, actor=nurse, event=event, **_meeting(title="Mine")) == [
        ("", "Only the member who added the event or a coordinator can change it, before it ends")
    ]
    event = actions_content.change_event(actor=carer, event=event, **_meeting(title="Rotas meet-up"))
    event = actions_content.change_event(actor=cora, event=event, **_meeting(title="Rotas meet-up", place="Room 2"))
    event.refresh_from_db()
    assert (event.title, event.place, event.sequence) == ("Rotas meet-up", "Room 2", 2)
    changes = AuditEvent.objects.filter(action="networks.event.change").order_by("pk")
    assert [(e.actor, e.before["title"], e.after["title"]) for e in changes] == [
        (carer, "Meet", "Rotas meet-up"),
        (cora, "Rotas meet-up", "Rotas meet-up"),
    ]
    assert (changes[1].before["place"], changes[1].after["place"]) == ("Room 1", "Room 2")


def test_a_change_is_checked_like_a_new_event_and_a_refused_one_changes_nothing(world):
    cora = world["people"]["coordinator"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    event = actions_content.add_event(actor=cora, network=cop, **_meeting())
    start = event.starts_at
    assert refused(actions_content.change_event, actor=cora, event=event, **_meeting(ends_at=start, title="")) == [
        ("title", "Enter a title for the event"),
        ("ends_at", "The event must end after it starts"),
    ]
    actions_content.sign_up(actor=cora, event=event)
    assert refused(actions_content.change_event, actor=cora, event=event, **_meeting(capacity=0)) == [
        ("capacity", "The number of places must be 1 or more, or leave it empty for no limit")
    ]
    unchanged = actions_content.change_event(
        actor=cora, event=event, **_meeting() | {"starts_at": start, "ends_at": event.ends_at}
    )
    event.refresh_from_db()
    assert (event.title, event.sequence, unchanged.sequence) == ("Meet", 0, 0)
    assert "networks.event.change" not in events()


def test_an_event_that_has_ended_cannot_be_changed(world):
    cora = world["people"]["coordinator"]
    cop = network(world["orgs"]["trust_a"], coordinator=cora)
    event = actions_content.add_event(actor=cora, network=cop, **_meeting())
    ended = timezone.now() - datetime.timedelta(hours=1)
    type(event).objects.filter(pk=event.pk).update(starts_at=ended - datetime.timedelta(hours=1), ends_at=ended)
    event.refresh_from_db()
    assert refused(actions_content.change_event, actor=cora, event=event, **_meeting(title="Later")) == [
        ("", "Only the member who added the event or a coordinator can change it, before it ends")
    ]
