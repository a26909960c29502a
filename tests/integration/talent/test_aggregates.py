"""The pipeline tables: counts by organisation, staff group and equality answer, each person
once (their latest conversation), small counts hidden and not recoverable from the totals."""

from __future__ import annotations

import datetime

import pytest

from lodestar.talent import aggregates
from tests.factories import member
from tests.factories.talent import conversation, succession_plan

pytestmark = pytest.mark.django_db


def record(org, n, lead, manager, **fields):
    for i in range(n):
        conversation(actor=lead, organisation=org, person=member(org, "viewer"), line_manager=manager,
                     held_on=datetime.date(2026, 2, 1 + i), **fields)  # fmt: skip


@pytest.fixture
def figures(orgs):
    a, b = orgs["trust_a"], orgs["trust_b"]
    lead_a, manager_a = member(a, "talent_lead"), member(a, "viewer")
    lead_b, manager_b = member(b, "talent_lead"), member(b, "viewer")
    record(a, 6, lead_a, manager_a, readiness="ready_now", sex="female")
    record(a, 2, lead_a, manager_a, readiness="ready_later", staff_group="ahps")
    record(b, 7, lead_b, manager_b, readiness="ready_now", sex="female")
    record(b, 5, lead_b, manager_b, readiness="ready_later", sex="male")
    succession_plan(actor=lead_a, organisation=a, successors=[("X", "ready_now")])
    for post in ("Chief nurse", "Head of therapies", "Estates lead", "Chief pharmacist", "Finance lead"):
        succession_plan(actor=lead_b, organisation=b, post=post, risk="medium")
    return [o.pk for o in orgs.values()]


def test_by_organisation_hides_the_small_count_and_a_second_one_in_its_row_and_column(figures):
    table = aggregates.by_organisation(figures)
    assert table.columns == ("Organisation", "Ready now", "Ready in 1 to 2 years", "Ready later", "All")
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Trust A"] == (None, 0, None, 8)  # 2 ready later hidden; 6 too, or 8 - 6 gives it away
    assert rows["Trust B"] == (None, 0, None, 12)  # hidden in turn down the columns
    assert rows["Total"] == (13, 0, 7, 20)  # four hidden cells, three equations: none can be worked out


def test_by_equality_counts_what_people_reported_and_not_reported(figures):
    rows = {row[0]: row[1:] for row in aggregates.by_equality(figures, "sex").rows}
    assert rows["Female"] == (13, 0, 0, 13)
    assert rows["Not reported"] == (0, 0, None, None)  # Trust A's 2 ready later who did not say
    assert rows["Male"] == (0, 0, None, None)  # or 7 ready later - 5 would give the 2 away
    assert "Prefer not to say" not in rows  # nobody: no row


def test_critical_posts_without_a_ready_successor(figures):
    rows = {row[0]: row[1:] for row in aggregates.critical_posts(figures).rows}
    assert rows["Trust A"] == (None, None, 0)  # one post, at high risk
    assert rows["Trust B"] == (None, 0, 5)  # 5 posts hidden too, or 6 - 5 gives Trust A's 1
    assert rows["Total"] == (6, None, 5)


def test_no_table_shows_a_count_from_1_to_4(figures):
    for table in aggregates.every_table(figures):
        assert not [v for row in table.rows for v in row[1:] if v is not None and 0 < v < 5], table.key
