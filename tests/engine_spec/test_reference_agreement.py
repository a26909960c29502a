"""The fast engine agrees with the reference engine on generated scenarios.

The reference (lodestar/engine/reference.py) is a plain loop over runs, years and cohorts
written to be read beside docs/engine/method.md; the kernel is the vectorised engine used
in production.  Any difference beyond rounding is a bug in one of them.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings

from lodestar.engine import load_scenario, run
from lodestar.engine.reference import reference_run
from tests.engine_spec.strategies import scenarios

REL = 1e-9


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9)


def assert_agree(scenario, runs=1, seed=0):
    fast = run(scenario, runs=runs, seed=seed, block_size=2)
    slow = reference_run(scenario, runs=runs, seed=seed)
    years = range(scenario.start_year, scenario.end_year + 1)
    for r, ref in enumerate(slow):
        for gi, g in enumerate(fast.groups):
            for t, y in enumerate(years):
                for name, arr, d in (
                    ("supply", fast.supply_fte, ref["full"].supply_fte),
                    ("headcount", fast.headcount, ref["full"].headcount),
                    ("demand", fast.demand_fte, ref["full"].demand_fte),
                ):
                    assert close(arr[r, t, gi], d[(y, g)]), (name, r, g, y, arr[r, t, gi], d[(y, g)])
        for k, gaps in enumerate(ref["gap_by_step"]):  # every waterfall step, every year
            for t, gap in enumerate(gaps):
                got = fast.gap_by_step[r, k, t]
                assert close(got, gap), ("waterfall step", k, "year", t, got, gap)
        for k, iv in enumerate(scenario.interventions):
            for t, y in enumerate(list(years)[1:]):
                assert close(fast.cost_by_run[r, k, t], ref["full"].cost[(y, iv.name)])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_deterministic_runs_agree_with_the_reference(data):
    assert_agree(load_scenario(data))


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_groups=2))
def test_monte_carlo_runs_agree_with_the_reference(data):
    """With the same draws the engines agree run by run, not just in the deterministic case."""
    assert_agree(load_scenario(data), runs=3, seed=11)


def test_the_example_scenario_gives_the_same_tables_on_both_engines():
    """The tables a planner sees (summary, waterfall, cost, steps) match, not only the per-run arrays."""
    from polars.testing import assert_frame_equal

    from lodestar.engine import EXAMPLE_SCENARIO
    from lodestar.engine.reference import reference_result

    scenario = load_scenario(EXAMPLE_SCENARIO)
    fast = run(scenario, runs=4, seed=5)
    slow = reference_result(scenario, runs=4, seed=5)
    for table in ("summary", "waterfall", "cost", "steps"):
        assert_frame_equal(getattr(fast, table)(), getattr(slow, table)(), rel_tol=REL, abs_tol=1e-6)
