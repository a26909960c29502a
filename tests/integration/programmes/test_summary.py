"""The programmes table the regional dashboard draws: counts by theme and status, only over the
organisations given."""

from __future__ import annotations

import pytest

from lodestar.programmes.summary import regional_summary
from tests.factories.programmes import programme, theme

pytestmark = pytest.mark.django_db


def test_programmes_are_counted_by_theme_and_status_over_the_organisations_given(orgs):
    roles = theme(orgs["region"], "New roles")
    leaders = theme(orgs["region"], "Workforce leaders")
    programme(orgs["region"], theme_=roles, name="A", status="active")
    programme(orgs["ics_a"], theme_=roles, name="B", status="active")
    programme(orgs["ics_a"], theme_=leaders, name="C", status="paused")
    programme(orgs["ics_b"], theme_=leaders, name="D", status="proposed")

    everything = regional_summary([o.pk for o in orgs.values()])
    assert everything.columns == ("Theme", "Proposed", "Active", "Paused", "Closed", "Total")
    assert everything.rows == (("New roles", 0, 2, 0, 0, 2), ("Workforce leaders", 1, 0, 1, 0, 2))

    ics_a = regional_summary([orgs["ics_a"].pk, orgs["trust_a"].pk])
    assert ics_a.rows == (("New roles", 0, 1, 0, 0, 1), ("Workforce leaders", 0, 0, 1, 0, 1))
    assert regional_summary([]).rows == ()


def test_the_summary_takes_one_query(orgs, django_assert_num_queries):
    programme(orgs["region"])
    with django_assert_num_queries(1):
        regional_summary([orgs["region"].pk])
