"""The regional dashboard's table of learners by pathway: current counts only, the organisations given only."""

from __future__ import annotations

import pytest

from lodestar.pathways import actions
from lodestar.pathways.summary import regional_summary
from tests.factories import member
from tests.factories.pathways import D, pathway

pytestmark = pytest.mark.django_db


def test_learners_by_pathway_add_up_each_cohorts_latest_counts(orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = pathway(
        fran,
        orgs["ics_a"],
        cohorts=[
            (D(2024, 9, 1), D(2024, 12, 1), {0: (20, 18, 0, 2)}),
            (D(2025, 3, 1), D(2025, 6, 1), {0: (20, 20, 0, 0)}),
        ],
    )
    first = made.cohorts.order_by("intake_date").first()
    stages = list(made.stages.all())
    actions.record_counts(
        actor=fran,
        cohort=first,
        on=D(2025, 9, 1),
        counts={stages[0].pk: {"enrolled": 20, "progressing": 0, "completed": 17, "withdrawn": 3}},
    )
    pathway(
        member(orgs["ics_b"], "facilitator"),
        orgs["ics_b"],
        name="Other ICS pathway",
        cohorts=[(D(2024, 9, 1), D(2024, 12, 1), {0: (9, 9, 0, 0)})],
    )

    table = regional_summary([orgs["ics_a"].pk])

    assert table.key == "pathways"
    assert table.columns == ("Pathway", "Enrolled", "Progressing", "Completed", "Withdrawn")
    assert table.rows == (("Community nursing pathway", 40, 20, 17, 3),)


def test_no_pathways_is_an_empty_table(orgs):
    assert regional_summary([orgs["region"].pk]).rows == ()
