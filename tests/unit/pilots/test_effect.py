"""From a pilot's measured result to a catalogue lever (ADR 0038)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from lodestar.pilots import effect as e


def test_a_retention_pilot_that_cut_leavers_from_14_to_10_per_cent_becomes_fewer_leavers():
    found = e.effect(lever="leaver_rate_change", before=Decimal("14"), after=Decimal("10"), unit="%", cohort_size=60)
    assert found.measured == pytest.approx(-0.2857, abs=1e-4)
    assert found.weight == pytest.approx(2 / 3, abs=1e-4)
    # the optimistic end is the whole measured change, the likeliest two thirds of it, the cautious a third
    assert (found.low, found.mode, found.high) == pytest.approx((-0.2857, -0.1905, -0.0952), abs=1e-4)
    assert found.as_lever() == {
        "type": "leaver_rate_change",
        "effect": {"dist": "triangular", "low": found.low, "mode": found.mode, "high": found.high},
        "ramp_up_years": 1,
    }


@pytest.mark.parametrize(("cohort", "weight"), [(None, 0.5), (0, 0.5), (30, 0.5), (90, 0.75), (270, 0.9)])
def test_the_evidence_weight_grows_with_the_cohort(cohort, weight):
    assert e.weight(cohort) == pytest.approx(weight)


def test_a_small_pilot_may_have_had_no_effect_at_all():
    found = e.effect(lever="leaver_rate_change", before=20, after=10, unit="%", cohort_size=10)
    assert (found.low, found.high) == (-0.5, 0.0)


def test_less_demand_is_the_relative_fall_in_the_measure():
    found = e.effect(lever="productivity", before=200, after=180, unit="hours", cohort_size=30)
    assert found.measured == pytest.approx(0.1)
    assert (found.low, found.mode, found.high) == pytest.approx((0.0, 0.05, 0.1))


def test_joiners_are_percentage_points_of_staff_in_post():
    found = e.effect(lever="extra_joiners", before=5, after=7, unit="%", cohort_size=30)
    assert found.measured == pytest.approx(0.02)


def test_the_range_is_kept_within_the_levers_plausible_range():
    found = e.effect(lever="productivity", before=100, after=10, unit="hours", cohort_size=1000)
    assert found.high == 0.5 and found.mode <= 0.5


@pytest.mark.parametrize(
    ("lever", "before", "after", "unit", "message"),
    [
        ("leaver_rate_change", 10, 10, "%", e.NO_CHANGE),
        ("leaver_rate_change", 0, 3, "%", e.ZERO_BEFORE),
        ("extra_joiners", 5, 7, "people", e.NOT_PERCENT),
        ("substitution", 5, 7, "%", "Choose the kind of effect from the list"),
    ],
)
def test_results_that_cannot_be_modelled_say_why(lever, before, after, unit, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        e.effect(lever=lever, before=before, after=after, unit=unit, cohort_size=30)


@pytest.mark.parametrize(
    ("name", "lever"),
    [
        ("Newly qualified nurses leaving in a year", "leaver_rate_change"),
        ("Staff turnover", "leaver_rate_change"),
        ("Nurses retiring early", "retirement_deferral"),
        ("Returners to practice", "return_to_practice"),
        ("GP appointments per week", None),
        ("Hours of agency cover", "productivity"),
    ],
)
def test_a_measures_name_suggests_its_lever(name, lever):
    assert e.suggest(name) == lever
