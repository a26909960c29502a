"""The regional dashboard's table of pilots by stage: counts over the organisations given only."""

from __future__ import annotations

import pytest

from lodestar.pilots.summary import regional_summary
from tests.factories.pilots import pilot

pytestmark = pytest.mark.django_db


def test_pilots_are_counted_by_stage_over_the_organisations_given(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    pilot(fran, orgs["trust_a"])
    pilot(fran, orgs["trust_a"], stage="running")
    pilot(fran, orgs["trust_a"], stage="decided")
    pilot(world["people"]["other_ics"], orgs["trust_b"], stage="running")
    table = regional_summary([orgs["trust_a"].pk])
    assert table.key == "pilots" and table.columns == ("Stage", "Pilots")
    assert dict(table.rows) == {
        "Proposed": 1,
        "Approved": 0,
        "Running": 1,
        "Evaluating": 0,
        "Decided: scale up": 0,
        "Decided: stop": 1,
    }
    assert dict(regional_summary([orgs["trust_a"].pk, orgs["trust_b"].pk]).rows)["Running"] == 2
    assert sum(n for _label, n in regional_summary([]).rows) == 0


def test_the_summary_takes_one_query(world, django_assert_num_queries):
    pilot(world["people"]["facilitator"], world["orgs"]["trust_a"])
    with django_assert_num_queries(1):
        regional_summary([world["orgs"]["trust_a"].pk])
