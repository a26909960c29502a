"""The projection method, one rule at a time (these tests double as its documentation).

Each test builds the smallest scenario that shows a rule of docs/engine/method.md and
checks the figures a planner could work out by hand.  Each runs on both engines, the fast
kernel and the reference (the ``engine`` fixture in conftest.py), which must give the same
figures; test_reference_agreement.py also compares them on generated scenarios.
"""

from __future__ import annotations

import pytest

from lodestar.engine import load_scenario


def scenario(**overrides):
    base = {
        "name": "one group",
        "start_year": 2026,
        "years": 1,
        "leaver_rate_denominator": "opening_stock",
        "cohorts": [{"staff_group": "nurses", "fte": 100.0}],
        "rates": {"nurses": {"leaver_rate": 0.1}},
    }
    base.update(overrides)
    return load_scenario(base)


def value(result, measure, year, group="nurses", stat="mean"):
    t = result.summary()
    row = t.filter((t["measure"] == measure) & (t["year"] == year) & (t["staff_group"] == group))
    assert row.height == 1
    return row[stat][0]


def test_leavers_are_the_leaver_rate_times_the_opening_stock(engine):
    # 100 FTE, 10 % leave, 5 join: 100 - 10 + 5 = 95
    sc = scenario(rates={"nurses": {"leaver_rate": 0.1, "joiners_per_year": 5}})
    assert value(engine.run(sc), "supply_fte", 2027) == pytest.approx(95.0)


def test_with_the_mean_stock_convention_leavers_are_the_rate_times_mean_of_opening_and_closing_stock(engine):
    # L = 0.1 * (100 + S1) / 2 and S1 = 100 + 5 - L, so L = 0.1 * 205 / 2.1 = 9.7619...
    sc = scenario(leaver_rate_denominator="mean_stock", rates={"nurses": {"leaver_rate": 0.1, "joiners_per_year": 5}})
    s1 = value(engine.run(sc), "supply_fte", 2027)
    leavers = 105 - s1
    assert leavers == pytest.approx(0.1 * 205 / 2.1)
    assert leavers == pytest.approx(0.1 * (100 + s1) / 2)


@pytest.mark.parametrize("denominator", ["opening_stock", "mean_stock"])
def test_constant_joiners_and_leaver_rate_converge_to_joiners_over_rate(engine, denominator):
    # the steady state of S' = S + J - r * stock is S = J / r under either convention
    sc = scenario(
        years=100, leaver_rate_denominator=denominator, rates={"nurses": {"leaver_rate": 0.08, "joiners_per_year": 12}}
    )
    assert value(engine.run(sc), "supply_fte", 2126) == pytest.approx(12 / 0.08, rel=1e-3)


def test_joiner_rate_is_a_fraction_of_the_opening_stock(engine):
    sc = scenario(rates={"nurses": {"leaver_rate": 0.1, "joiner_rate": 0.1}})
    assert value(engine.run(sc), "supply_fte", 2027) == pytest.approx(100.0)


def test_every_joiner_source_adds_up(engine):
    sc = scenario(
        rates={
            "nurses": {
                "leaver_rate": 0.0,
                "joiners_per_year": 1,
                "international_recruits_per_year": 2,
                "returners_per_year": 3,
            }
        }
    )
    assert value(engine.run(sc), "supply_fte", 2027) == pytest.approx(106.0)


def test_a_tenth_of_a_ten_year_age_band_ages_into_the_next_band_each_year(engine):
    sc = scenario(
        age_bands=["25-34", "35-44", "45+"],
        cohorts=[{"staff_group": "nurses", "age_band": "25-34", "fte": 100.0}],
        rates={"nurses": {"leaver_rate": 0.0, "retirement_rate_by_age": {"35-44": 0.5}}},
        years=2,
    )
    r = engine.run(sc)
    # year 1: 10 FTE age into 35-44; year 2: half of them retire, 9 more age in
    assert value(r, "supply_fte", 2027) == pytest.approx(100.0)
    assert value(r, "supply_fte", 2028) == pytest.approx(100.0 - 5.0)


def test_headcount_follows_each_cohorts_headcount_per_fte(engine):
    sc = scenario(
        cohorts=[{"staff_group": "nurses", "fte": 80.0, "headcount": 100}],
        rates={"nurses": {"leaver_rate": 0.5}},
    )
    r = engine.run(sc)
    assert value(r, "supply_headcount", 2026) == pytest.approx(100.0)
    assert value(r, "supply_headcount", 2027) == pytest.approx(50.0)


def test_training_graduates_arrive_after_the_course_less_attrition_and_those_not_taking_posts(engine):
    sc = scenario(
        years=4,
        rates={"nurses": {"leaver_rate": 0.0}},
        pipelines=[
            {
                "staff_group": "nurses",
                "intake_per_year": 20,
                "course_years": 3,
                "attrition": 0.25,
                "share_taking_posts": 0.8,
            }
        ],
        interventions=[
            {
                "name": "More places",
                "lever": "extra_training_places",
                "staff_group": "nurses",
                "extra_places": 10,
                "start_year": 2027,
            }
        ],
    )
    r = engine.run(sc)
    # students already in training graduate from the first year: 20 * 0.75 * 0.8 = 12 a year
    assert value(r, "supply_fte", 2027) == pytest.approx(112.0)
    # the extra places start in 2027 and graduate 3 years later, in 2030: 10 * 0.75 * 0.8 = 6
    assert value(r, "supply_fte", 2029) == pytest.approx(136.0)
    assert value(r, "supply_fte", 2030) == pytest.approx(136.0 + 12 + 6)


def test_conversions_move_staff_between_groups_after_the_course_at_the_same_organisation(engine):
    sc = scenario(
        years=2,
        cohorts=[
            {"organisation": "RX1", "staff_group": "support", "fte": 100.0},
            {"organisation": "RX1", "staff_group": "associates", "fte": 10.0},
            {"organisation": "RX2", "staff_group": "associates", "fte": 10.0},
        ],
        rates={},
        conversions=[
            {"from_group": "support", "to_group": "associates", "rate": 0.1, "course_years": 1, "attrition": 0.2}
        ],
    )
    r = engine.run(sc)
    # 10 % start each year (leaving support); 80 % of them arrive a year later. Those already in
    # training at the start arrive in the first year.
    assert value(r, "supply_fte", 2027, "support") == pytest.approx(90.0)
    assert value(r, "supply_fte", 2027, "associates") == pytest.approx(20.0 + 8.0)
    assert value(r, "supply_fte", 2028, "associates") == pytest.approx(28.0 + 8.0)
    assert r.supply_fte[0, 2, r.groups.index("associates")] == pytest.approx(36.0)


def test_demand_follows_population_times_utilisation_plus_growth_less_productivity(engine):
    sc = scenario(
        years=2,
        demand={
            "base_fte": {"nurses": 100},
            "population": {"0-64": [1000, 1000, 1000], "65+": [100, 110, 121]},
            "utilisation": {"65+": 4.0},
            "non_demographic_growth": 0.01,
            "productivity_gain": 0.02,
        },
    )
    r = engine.run(sc)
    weighted = [1000 + 4 * p for p in (100, 110, 121)]
    for t, year in enumerate((2026, 2027, 2028)):
        expected = 100 * weighted[t] / weighted[0] * 1.01**t * 0.98**t  # t compounding periods
        assert value(r, "demand_fte", year) == pytest.approx(expected)


def test_demand_defaults_to_staff_in_post_plus_vacancies(engine):
    sc = scenario(demand={"vacancies_fte": {"nurses": 7}})
    assert value(engine.run(sc), "demand_fte", 2026) == pytest.approx(107.0)
    assert value(engine.run(sc), "gap_fte", 2026) == pytest.approx(7.0)


def test_lever_effects_ramp_up_linearly_from_the_start_year(engine):
    sc = scenario(
        years=4,
        rates={"nurses": {"leaver_rate": 0.0}},
        interventions=[
            {
                "name": "Recruit abroad",
                "lever": "international_recruitment",
                "staff_group": "nurses",
                "fte_per_year": 12,
                "start_year": 2027,
                "ramp_up_years": 3,
            }
        ],
    )
    r = engine.run(sc)
    # 2027: 1/3 of 12, 2028: 2/3, 2029 on: all
    assert [value(r, "supply_fte", y) for y in (2027, 2028, 2029, 2030)] == pytest.approx([104, 112, 124, 136])


def test_retention_lowers_the_leaver_rate_relatively(engine):
    sc = scenario(
        interventions=[
            {"name": "Keep", "lever": "leaver_rate_change", "staff_group": "nurses", "effect": -0.2, "start_year": 2027}
        ]
    )
    assert value(engine.run(sc), "supply_fte", 2027) == pytest.approx(100 - 100 * 0.1 * 0.8)


def test_substitution_covers_demand_at_the_equivalence_ratio(engine):
    sc = scenario(
        demand={"base_fte": {"nurses": 100}},
        interventions=[
            {
                "name": "Physician associates",
                "lever": "substitution",
                "staff_group": "nurses",
                "fte": 10,
                "equivalence": 0.8,
                "new_role": "associates",
                "start_year": 2027,
            }
        ],
    )
    r = engine.run(sc)
    assert value(r, "demand_fte", 2027) == pytest.approx(92.0)
    # with no cohorts of the new role, its posts are assumed filled
    assert value(r, "supply_fte", 2027, "associates") == pytest.approx(10.0)
    assert value(r, "gap_fte", 2027, "associates") == pytest.approx(0.0)


def test_the_waterfall_attributes_the_change_in_gap_to_each_intervention_in_order(engine):
    sc = scenario(
        demand={"base_fte": {"nurses": 120}},
        interventions=[
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
                "start_year": 2027,
            },
        ],
    )
    w = engine.run(sc).waterfall()
    assert w["label"].to_list() == [
        "Gap without interventions",
        "Recruit",
        "Work smarter",
        "Gap with all interventions",
    ]
    assert w["change_fte_mean"].to_list() == pytest.approx([30.0, -5.0, -12.0, 13.0])
    assert w["gap_after_mean"].to_list() == pytest.approx([30.0, 25.0, 13.0, 13.0])


def test_cost_is_counted_from_the_start_year(engine):
    sc = scenario(
        years=3,
        interventions=[
            {
                "name": "Keep",
                "lever": "leaver_rate_change",
                "staff_group": "nurses",
                "effect": -0.1,
                "start_year": 2028,
                "cost_per_year": 1000,
            }
        ],
    )
    c = engine.run(sc).cost()
    assert c["year"].to_list() == [2027, 2028, 2029]
    assert c["cost_mean"].to_list() == [0.0, 1000.0, 1000.0]


def test_a_single_run_uses_each_distributions_mean(engine):
    sc = scenario(rates={"nurses": {"leaver_rate": {"dist": "triangular", "low": 0.05, "mode": 0.1, "high": 0.15}}})
    r = engine.run(sc, runs=1, seed=123)
    assert value(r, "supply_fte", 2027) == pytest.approx(90.0)
    assert value(r, "supply_fte", 2027, stat="p5") == value(r, "supply_fte", 2027, stat="p95")


def test_conversions_conserve_staff_counting_those_in_training_apart_from_attrition(engine):
    """Nobody leaves: the two groups plus the staff part-way through converting stay constant."""
    sc = scenario(
        years=6,
        cohorts=[{"staff_group": "support", "fte": 100.0}, {"staff_group": "associates", "fte": 50.0}],
        rates={"support": {"leaver_rate": 0.0}, "associates": {"leaver_rate": 0.0}},
        conversions=[{"from_group": "support", "to_group": "associates", "rate": 0.1, "course_years": 2}],
    )
    r = engine.run(sc)
    support = [value(r, "supply_fte", 2026 + t, "support") for t in range(7)]
    associates = [value(r, "supply_fte", 2026 + t, "associates") for t in range(7)]
    # in training at the end of year t: those who started in the last two years (the base
    # year's route is already in flight: 2 x 0.1 x 100 at the start)
    started = [0.1 * s for s in support[:-1]]  # started in year t + 1 from the opening stock
    in_training = [20.0] + [started[t - 1] + (started[t - 2] if t >= 2 else 10.0) for t in range(1, 7)]
    for t in range(7):
        assert support[t] + associates[t] + in_training[t] == pytest.approx(170.0, rel=1e-12)


def test_percentiles_and_probability_that_supply_meets_demand_over_runs(engine):
    """Supply is fixed at 100; demand is uniform between 50 and 150, so supply meets it in about half the runs."""
    import numpy as np

    sc = scenario(
        demand={"base_fte": {"nurses": {"dist": "uniform", "low": 50, "high": 150}}},
        rates={"nurses": {"leaver_rate": 0.0}},
    )
    r = engine.run(sc, runs=400, seed=3)
    demand = r.demand_fte[:, 1, 0]
    assert value(r, "demand_fte", 2027, stat="p5") == pytest.approx(np.percentile(demand, 5))
    assert value(r, "demand_fte", 2027, stat="p95") == pytest.approx(np.percentile(demand, 95))
    assert 52 < value(r, "demand_fte", 2027, stat="p5") < 62 and 138 < value(r, "demand_fte", 2027, stat="p95") < 148
    assert value(r, "gap_fte", 2027, stat="p50") == pytest.approx(np.median(demand) - 100)
    p = r.probability_meets_demand()
    share = p.filter((p["year"] == 2027) & (p["staff_group"] == "nurses"))["probability"][0]
    assert share == pytest.approx((demand <= 100).mean())
    assert 0.4 < share < 0.6
