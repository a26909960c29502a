"""A training pathway as a projection lever (docs/adr/0039): intake, course length and attrition."""

from __future__ import annotations

import pytest

from lodestar.core.validation import ValidationProblem
from lodestar.pathways.modelling import attrition, course_years, describe, pathway_intervention


@pytest.mark.parametrize(("months", "years"), [(1, 1), (12, 1), (13, 2), (24, 2), (30, 3)])
def test_course_length_is_the_stages_months_rounded_up_to_whole_years(months, years):
    assert course_years(months) == years


def test_attrition_is_withdrawn_over_those_with_an_outcome():
    assert attrition([(18, 2)]) == 0.1


def test_cohorts_alike_give_one_pooled_figure():
    assert attrition([(90, 10), (89, 10)]) == pytest.approx(0.1005, abs=1e-4)


def test_cohorts_that_differ_give_a_likely_range_lowest_pooled_highest():
    assert attrition([(18, 2), (15, 5), (19, 1)]) == {"dist": "triangular", "low": 0.05, "mode": 0.1333, "high": 0.25}


def test_no_cohort_with_an_outcome_leaves_attrition_to_the_scenario():
    assert attrition([]) is None
    assert attrition([(0, 0)]) is None


def test_a_pathway_into_a_group_is_extra_training_places():
    lever = pathway_intervention(
        name="Nursing (training pathway)",
        staff_group="registered-nurses",
        places_per_year=40,
        total_months=30,
        outcomes=[(18, 2)],
    )
    assert lever == {
        "name": "Nursing (training pathway)",
        "lever": "extra_training_places",
        "staff_group": "registered-nurses",
        "extra_places": 40,
        "course_years": 3,
        "attrition": 0.1,
    }
    assert describe(lever) == [
        "40 extra training places a year for registered-nurses",
        "They qualify after 3 years",
        "10% do not complete, from the cohorts' own figures",
    ]


def test_a_pathway_from_another_group_is_a_conversion():
    lever = pathway_intervention(
        name="ACP",
        staff_group="advanced-practitioners",
        source_group="registered-nurses",
        places_per_year=12,
        total_months=24,
        outcomes=[],
        start_year=2027,
    )
    assert lever == {
        "name": "ACP",
        "lever": "conversion",
        "staff_group": "advanced-practitioners",
        "source_group": "registered-nurses",
        "fte_per_year": 12,
        "course_years": 2,
        "start_year": 2027,
    }
    assert describe(lever)[2].startswith("No cohort has finished yet")


def test_a_pathway_without_stages_cannot_be_used():
    with pytest.raises(ValidationProblem) as refused:
        pathway_intervention(name="x", staff_group="g", places_per_year=10, total_months=0, outcomes=[])
    assert refused.value.problems == [("pathway", "Add the pathway's stages first: the course length comes from them")]
