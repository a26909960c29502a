"""The weekly shared-learning digest: what is new about the case studies and interventions a person
follows, only what they may read, each digest once, after which the follows' coverage moves on.

Uses the case-study library's ``world`` (tests/integration/learning/conftest.py): PCN A in ICS A
in the test region, Trust B in ICS B in the same region, Trust C in another region."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lodestar.learning import actions_adoption, actions_discussion
from lodestar.learning.models import Follow, Status
from lodestar.notifications import learning_digest, tasks
from lodestar.notifications.models import NotificationKind, NotificationPreference
from tests.factories.learning import case_study
from tests.factories.star import InterventionFactory
from tests.integration.learning.conftest import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def mentoring():
    return InterventionFactory(title="Mentoring for newly qualified nurses")


def _published(world, org, title, intervention, visibility="region"):  # noqa: F811
    people = world["people"]
    return case_study(
        org,
        author=people["platform"],
        reviewer=people["platform"],
        status=Status.PUBLISHED,
        title=title,
        visibility=visibility,
        interventions=[intervention],
    )


def _stage(world, org, stage="piloting", **subject):  # noqa: F811
    return actions_adoption.record_stage(
        actor=world["people"]["platform"], organisation=org, stage=stage, since=datetime.date(2026, 11, 2), **subject
    )


def _digest(mailoutbox, person):
    mine = [m for m in mailoutbox if m.to == [person.email]]
    assert len(mine) <= 1
    return mine[0].body if mine else None


def test_a_follower_of_an_intervention_hears_only_of_what_they_may_read(world, mentoring, mailoutbox):  # noqa: F811
    orgs, reader = world["orgs"], world["people"]["other_ics"]  # Trust B: reaches Trust B, reads region-wide
    actions_discussion.follow(actor=reader, intervention=mentoring)
    _published(world, orgs["pcn_a"], "Mentors on every ward", mentoring)  # region-wide: readable
    _published(world, orgs["pcn_a"], "Only for PCN A", mentoring, visibility="organisation")  # out of reach
    _published(world, orgs["trust_c"], "Another region's story", mentoring)  # another region
    case_study(orgs["pcn_a"], author=world["people"]["editor"], title="A draft", interventions=[mentoring])
    _stage(world, orgs["trust_b"], intervention=mentoring)  # Trust B's own record: in reach
    _stage(world, orgs["trust_a"], "adopted", intervention=mentoring)  # ICS A's organisation-only record
    assert learning_digest.send_digests(today()) == (1, 0)
    body = _digest(mailoutbox, reader)
    assert "Intervention: Mentoring for newly qualified nurses" in body
    assert "New case study: Mentors on every ward (PCN A)" in body
    assert "Trust B is now at the stage piloting (from 2 November 2026)" in body
    for secret in ("Only for PCN A", "Another region's story", "A draft", "Trust A"):
        assert secret not in body
    assert "Stop these emails:" in body and "/learning/following/" in body


def test_a_follower_of_a_case_study_hears_of_new_questions_and_answers_but_not_hidden_or_their_own(
    world,  # noqa: F811
    mentoring,
    mailoutbox,
):
    people = world["people"]
    cs = _published(world, world["orgs"]["pcn_a"], "Mentors on every ward", mentoring)
    actions_discussion.follow(actor=people["sibling"], case_study=cs)
    mine = actions_discussion.ask_question(actor=people["sibling"], case_study=cs, text="My own question")
    actions_discussion.answer_question(actor=people["editor"], question=mine, text="An answer")
    other = actions_discussion.ask_question(actor=people["ics_viewer"], case_study=cs, text="Another question")
    hidden = actions_discussion.ask_question(actor=people["ics_viewer"], case_study=cs, text="Rude question")
    actions_discussion.hide_post(actor=people["reviewer"], post=hidden, reason="Rude")
    actions_discussion.answer_question(actor=people["editor"], question=other, text="Second answer")
    learning_digest.send_digests(today())
    body = _digest(mailoutbox, people["sibling"])
    assert "Case study: Mentors on every ward" in body
    assert "- 1 new question\n" in body and "- 2 new answers\n" in body


def test_a_case_study_no_longer_readable_is_left_out(world, mentoring, mailoutbox):  # noqa: F811
    people = world["people"]
    cs = _published(world, world["orgs"]["pcn_a"], "Mentors on every ward", mentoring)
    actions_discussion.follow(actor=people["other_ics"], case_study=cs)
    actions_discussion.ask_question(actor=people["ics_viewer"], case_study=cs, text="A question")
    from lodestar.learning import actions

    actions.edit_case_study(  # back to draft: no longer in the library
        actor=people["editor"], case_study=cs, data={"title": cs.title, "visibility": "region"}
    )
    assert learning_digest.send_digests(today()) == (0, 0)
    assert _digest(mailoutbox, people["other_ics"]) is None


def test_each_digest_is_sent_once_and_its_coverage_moves_on(world, mentoring, mailoutbox):  # noqa: F811
    reader = world["people"]["other_ics"]
    follow = actions_discussion.follow(actor=reader, intervention=mentoring)
    _published(world, world["orgs"]["pcn_a"], "Mentors on every ward", mentoring)
    assert tasks.send_reminders.call(today().isoformat(), True)["learning_digest"] == 1
    assert tasks.send_reminders.call(today().isoformat(), True)["learning_digest"] == 0
    assert len([m for m in mailoutbox if m.to == [reader.email]]) == 1
    follow.refresh_from_db()
    assert follow.digest_sent_until is not None
    next_week = today() + datetime.timedelta(days=7)
    assert learning_digest.send_digests(next_week) == (0, 0)  # nothing new since the last digest


def test_no_digest_for_someone_who_turned_it_off_and_their_coverage_waits(world, mentoring, mailoutbox):  # noqa: F811
    reader = world["people"]["other_ics"]
    NotificationPreference.objects.create(user=reader, kind=NotificationKind.LEARNING_DIGEST, enabled=False)
    actions_discussion.follow(actor=reader, intervention=mentoring)
    _published(world, world["orgs"]["pcn_a"], "Mentors on every ward", mentoring)
    assert learning_digest.send_digests(today()) == (0, 0)
    assert mailoutbox == [] and Follow.objects.get(user=reader).digest_sent_until is None
