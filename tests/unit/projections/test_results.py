"""A run's stored tables: the engine's own, and a plan run's ``closed`` table."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from lodestar.engine import EXAMPLE_SCENARIO, load_scenario, run
from lodestar.projections import results


def example(runs=80, seed=3):
    return run(load_scenario(EXAMPLE_SCENARIO), runs=runs, seed=seed)


def test_stored_tables_read_back_as_the_engines_frames():
    result = example()
    stored = results.stored(result)
    assert set(stored) == set(results.TABLES)
    for name in results.TABLES:
        assert results.table(stored, name).equals(result.tables()[name]), name


def test_a_plan_runs_closed_range_is_taken_run_by_run_not_added_up_from_its_actions():
    result = example()
    stored = results.stored(result, baseline_step=1)  # the example's first intervention is the scenario's own
    closed = results.table(stored, results.CLOSED).filter(pl.col("year") == result.years[-1]).row(0, named=True)
    gaps = result.gap_by_step[:, :, -1]
    by_run = gaps[:, 1] - gaps[:, -1]
    # Summed in a different order than NumPy's pairwise mean: equal to the last bits, not bit for bit.
    assert closed["closed_fte_mean"] == pytest.approx(float(by_run.mean()), rel=1e-12)
    assert (closed["closed_fte_p5"], closed["closed_fte_p95"]) == pytest.approx(
        (float(np.percentile(by_run, 5)), float(np.percentile(by_run, 95))), rel=1e-12
    )
    # The actions' ranges added up are wider than the plan's own range.
    steps = result.waterfall().filter(pl.col("kind") == "intervention").slice(1)
    added_width = float((steps["change_fte_p95"] - steps["change_fte_p5"]).sum())
    assert closed["closed_fte_p95"] - closed["closed_fte_p5"] < added_width


def test_a_scenario_run_has_no_closed_table():
    stored = results.stored(example(runs=5))
    assert results.table(stored, results.CLOSED).is_empty()
