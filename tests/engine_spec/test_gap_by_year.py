"""The gap by a chosen year: the waterfall at any year, and how likely each step closes the gap.

A plan is judged "by a year" (say 2028): how big the gap is then without any interventions,
how much each intervention changes it, and the probability that the gap is closed (demand
met, gap at or below 0) with and without the plan. ``result.steps()`` holds the waterfall of
every year of the projection with those figures; ``result.waterfall(year)`` is one year of it.
Each test runs on the fused kernel, the NumPy kernel and the reference engine (conftest.py).
"""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from lodestar.engine import load_scenario


def small_plan(**overrides):
    """100 nurses, nobody leaves, demand 120 FTE: a gap of 20 FTE every year without a plan.

    The plan: recruit 5 FTE a year from 2027, and work smarter from 2028 (10 % less demand).
    """
    base = {
        "name": "small plan",
        "start_year": 2026,
        "years": 3,
        "leaver_rate_denominator": "opening_stock",
        "cohorts": [{"staff_group": "nurses", "fte": 100.0}],
        "rates": {"nurses": {"leaver_rate": 0.0}},
        "demand": {"base_fte": {"nurses": 120}},
        "interventions": [
            {
                "name": "Recruit",
                "lever": "extra_joiners",
                "staff_group": "nurses",
                "fte_per_year": 5,
                "start_year": 2027,
            },
            {
                "name": "Work smarter",
                "lever": "productivity",
                "staff_group": "nurses",
                "effect": 0.1,
                "start_year": 2028,
            },
        ],
    }
    base.update(overrides)
    return load_scenario(base)


def at(steps, year, column):
    return steps.filter(year=year).sort("step")[column].to_list()


def test_the_steps_table_is_the_waterfall_of_every_year(engine):
    steps = engine.run(small_plan()).steps()
    assert steps["year"].unique().sort().to_list() == [2026, 2027, 2028, 2029]
    assert at(steps, 2028, "label") == [
        "Gap without interventions",
        "Recruit",
        "Work smarter",
        "Gap with all interventions",
    ]
    assert at(steps, 2028, "kind") == ["baseline", "intervention", "intervention", "total"]
    # the base year is as it was: nothing has started
    assert at(steps, 2026, "gap_after_mean") == pytest.approx([20.0, 20.0, 20.0, 20.0])
    # 2027: recruiting has brought 5 FTE; working smarter starts only in 2028
    assert at(steps, 2027, "change_fte_mean") == pytest.approx([20.0, -5.0, 0.0, 15.0])
    # 2028: 10 recruited, and demand 10 % lower (120 -> 108): 20 - 10 - 12 = -2, a surplus
    assert at(steps, 2028, "change_fte_mean") == pytest.approx([20.0, -10.0, -12.0, -2.0])
    assert at(steps, 2028, "gap_after_mean") == pytest.approx([20.0, 10.0, -2.0, -2.0])
    # 2029: 15 recruited
    assert at(steps, 2029, "gap_after_mean") == pytest.approx([20.0, 5.0, -7.0, -7.0])


def test_one_run_closes_the_gap_or_not(engine):
    """With one (deterministic) run the probability is 0 or 1: is the gap closed after this step?"""
    steps = engine.run(small_plan()).steps()
    assert at(steps, 2027, "probability_closed") == [0.0, 0.0, 0.0, 0.0]
    assert at(steps, 2028, "probability_closed") == [0.0, 0.0, 1.0, 1.0]
    assert at(steps, 2029, "gap_after_p5") == at(steps, 2029, "gap_after_p95")  # no uncertainty, no range


def uncertain_plan():
    """Demand about 150 FTE against 100 nurses of whom about 10 % leave a year: a shortfall in
    every run. The plan: a big recruitment drive of 80 to 100 FTE a year from 2027."""
    return load_scenario(
        {
            "name": "big drive",
            "start_year": 2026,
            "years": 2,
            "leaver_rate_denominator": "opening_stock",
            "cohorts": [{"staff_group": "nurses", "fte": 100.0}],
            "rates": {"nurses": {"leaver_rate": {"dist": "triangular", "low": 0.06, "mode": 0.1, "high": 0.14}}},
            "demand": {"base_fte": {"nurses": {"dist": "normal", "mean": 150, "sd": 10}}},
            "interventions": [
                {
                    "name": "Recruitment drive",
                    "lever": "extra_joiners",
                    "staff_group": "nurses",
                    "fte_per_year": {"dist": "uniform", "low": 80, "high": 100},
                    "start_year": 2027,
                }
            ],
        }
    )


def test_probability_the_gap_is_closed_without_and_with_the_plan(engine):
    steps = engine.run(uncertain_plan(), runs=200, seed=3).steps()
    without = steps.filter(year=2028, kind="baseline").row(0, named=True)
    with_plan = steps.filter(year=2028, kind="total").row(0, named=True)
    assert without["probability_closed"] == 0.0
    assert with_plan["probability_closed"] > 0.9
    # the likely range of the gap: lowest (p5), most likely (mean), highest (p95)
    assert without["gap_after_p5"] > 0  # a shortfall even in the best 5 % of runs
    assert with_plan["gap_after_p95"] < 0  # a surplus even in the worst 5 %
    assert with_plan["gap_after_p5"] < with_plan["gap_after_mean"] < with_plan["gap_after_p95"]


def test_probability_closed_is_the_share_of_runs_with_no_gap_left(engine):
    result = engine.run(uncertain_plan(), runs=50, seed=8)
    steps = result.steps()
    for t, year in enumerate(result.years):
        for step in (0, 1):
            share = float((result.gap_by_step[:, step, t] <= 0).mean())
            assert steps.filter(year=year, step=step)["probability_closed"][0] == share


def test_the_waterfall_at_a_year_is_that_year_of_the_steps_table(engine):
    result = engine.run(uncertain_plan(), runs=20, seed=1)
    steps = result.steps()
    for year in result.years:
        w = result.waterfall(year)
        assert_frame_equal(w, steps.filter(year=year).select(w.columns))
    assert_frame_equal(result.waterfall(), result.waterfall(2028))  # by default, the final year


@pytest.mark.parametrize("year", [2025, 2029, 2028.5, "2027", True])
def test_a_waterfall_year_outside_the_projection_is_refused_with_the_valid_range(engine, year):
    result = engine.run(uncertain_plan())
    with pytest.raises(ValueError, match="2026 to 2028"):
        result.waterfall(year)


def test_the_gap_after_all_interventions_is_the_summary_gap(engine):
    """The total row at each year is the summary's gap for all staff groups together, and its
    probability of closing the gap is the probability that supply meets demand."""
    result = engine.run(uncertain_plan(), runs=30, seed=2)
    total = result.steps().filter(kind="total").sort("year")
    gap = result.summary().filter(staff_group="all", measure="gap_fte").sort("year")
    assert total["gap_after_mean"].to_list() == pytest.approx(gap["mean"].to_list())
    assert total["gap_after_p5"].to_list() == pytest.approx(gap["p5"].to_list())
    assert total["gap_after_p95"].to_list() == pytest.approx(gap["p95"].to_list())
    meets = result.probability_meets_demand().filter(staff_group="all").sort("year")
    assert total["probability_closed"].to_list() == meets["probability"].to_list()
