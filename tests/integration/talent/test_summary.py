"""The regional dashboard's leadership pipeline: counts by readiness, small ones hidden."""

from __future__ import annotations

import datetime

import pytest

from lodestar.talent.summary import regional_summary
from tests.factories import member
from tests.factories.talent import conversation, succession_plan

pytestmark = pytest.mark.django_db


def people(org, n, readiness, lead, manager):
    for i in range(n):
        person = member(org, "viewer")
        conversation(actor=lead, organisation=org, person=person, line_manager=manager, readiness=readiness,
                     held_on=datetime.date(2026, 1, 1 + i % 28))  # fmt: skip


def test_pipeline_health_counts_each_latest_conversation_and_hides_small_counts(orgs):
    trust = orgs["trust_a"]
    lead, manager = member(trust, "talent_lead"), member(trust, "viewer")
    people(trust, 7, "ready_now", lead, manager)
    people(trust, 12, "ready_1_2_years", lead, manager)
    people(trust, 2, "ready_later", lead, manager)
    succession_plan(actor=lead, organisation=trust, successors=[("A", "ready_later")])
    table = regional_summary([o.pk for o in orgs.values()])
    rows = dict(table.rows)
    assert table.columns == ("Pipeline", "Count")
    assert rows["Ready later"] is None  # 2 people: fewer than 5
    assert rows["Ready now"] is None  # hidden too, or 21 - 12 - 7 would give the 2 away
    assert rows["Ready in 1 to 2 years"] == 12 and rows["All people with a talent conversation"] == 21
    assert rows["Critical posts without a successor ready now"] is None  # 1 post
    assert not any(isinstance(v, int) and 0 < v < 5 for _label, v in table.rows)


def test_a_newer_conversation_replaces_the_older_one_in_the_counts(orgs):
    trust = orgs["trust_a"]
    lead, manager, person = member(trust, "talent_lead"), member(trust, "viewer"), member(trust, "viewer")
    people(trust, 5, "ready_now", lead, manager)
    conversation(actor=lead, organisation=trust, person=person, line_manager=manager, readiness="ready_later",
                 held_on=datetime.date(2025, 1, 1))  # fmt: skip
    conversation(actor=lead, organisation=trust, person=person, line_manager=manager, readiness="ready_now",
                 held_on=datetime.date(2026, 3, 1))  # fmt: skip
    rows = dict(regional_summary([trust.pk]).rows)
    assert rows["Ready now"] == 6 and rows["Ready later"] == 0 and rows["All people with a talent conversation"] == 6


def test_organisations_not_given_are_not_counted(orgs):
    trust = orgs["trust_b"]
    people(trust, 6, "ready_now", member(trust, "talent_lead"), member(trust, "viewer"))
    rows = dict(regional_summary([orgs["trust_a"].pk]).rows)
    assert rows["All people with a talent conversation"] == 0
