"""Result tables keep their documented shape, and Monte Carlo runs are reproducible."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from lodestar.engine import EXAMPLE_SCENARIO, ProjectionResult, load_scenario, run


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(EXAMPLE_SCENARIO)


@pytest.fixture(scope="module")
def result(scenario) -> ProjectionResult:
    return run(scenario, runs=60, seed=5)


def test_tables_have_the_documented_columns(result):
    t = result.tables()
    assert list(t) == ["summary", "probability_meets_demand", "waterfall", "cost", "steps"]
    assert t["summary"].schema == pl.Schema(
        {"year": pl.Int64, "staff_group": pl.String, "measure": pl.String, "mean": pl.Float64}
        | {f"p{p}": pl.Float64 for p in (5, 25, 50, 75, 95)}
    )
    assert set(t["summary"]["measure"]) == {"supply_fte", "supply_headcount", "demand_fte", "gap_fte"}
    assert set(t["summary"]["staff_group"]) == {"registered-nurses", "nursing-associates", "support-workers", "all"}
    assert t["probability_meets_demand"].columns == ["year", "staff_group", "probability"]
    assert t["waterfall"].columns == [
        "step",
        "label",
        "kind",
        "change_fte_mean",
        "change_fte_p5",
        "change_fte_p95",
        "gap_after_mean",
    ]
    assert t["cost"].columns == ["year", "intervention", "cost_mean", "cost_p5", "cost_p95"]
    assert t["cost"]["year"].min() == 2027 and t["cost"]["year"].max() == 2041
    assert t["steps"].schema == pl.Schema(
        {"year": pl.Int64, "step": pl.Int64, "label": pl.String, "kind": pl.String}
        | {f"{m}_{s}": pl.Float64 for m in ("change_fte", "gap_after") for s in ("mean", "p5", "p95")}
        | {"probability_closed": pl.Float64}
    )
    assert t["steps"].height == 16 * 6  # every year 2026-2041, baseline + four interventions + total
    assert t["steps"]["year"].unique().sort().to_list() == list(range(2026, 2042))


def test_the_steps_table_has_ordered_ranges_and_probabilities(result):
    s = result.steps()
    assert (s["change_fte_p5"] <= s["change_fte_p95"]).all()
    assert ((s["gap_after_p5"] <= s["gap_after_mean"]) & (s["gap_after_mean"] <= s["gap_after_p95"])).all()
    assert s["probability_closed"].is_between(0, 1).all()
    assert s.filter(kind="total")["gap_after_mean"].to_list() == pytest.approx(
        result.summary().filter(staff_group="all", measure="gap_fte").sort("year")["mean"].to_list()
    )


def test_the_final_gap_by_step_is_the_last_year_of_the_gap_by_step(result):
    assert result.gap_by_step.shape == (60, 5, 16)
    assert (result.final_gap_by_step == result.gap_by_step[:, :, -1]).all()


def test_percentiles_are_ordered_and_the_gap_is_demand_less_supply(result):
    s = result.summary()
    assert (s["p5"] <= s["p25"]).all() and (s["p25"] <= s["p50"]).all() and (s["p75"] <= s["p95"]).all()
    wide = s.filter(staff_group="all").pivot(on="measure", index="year", values="mean")
    assert (wide["demand_fte"] - wide["supply_fte"] - wide["gap_fte"]).abs().max() < 1e-9
    p = result.probability_meets_demand()["probability"]
    assert ((p >= 0) & (p <= 1)).all()


def test_the_waterfall_adds_up(result):
    w = result.waterfall()
    assert w["kind"].to_list() == ["baseline"] + ["intervention"] * 4 + ["total"]
    steps = w.filter(kind="intervention")["change_fte_mean"].sum()
    assert w["change_fte_mean"][0] + steps == pytest.approx(w["change_fte_mean"][-1])
    final_gap = result.summary().filter(staff_group="all", measure="gap_fte", year=2041)["mean"][0]
    assert w["change_fte_mean"][-1] == pytest.approx(final_gap)


def test_the_same_seed_gives_the_same_tables_whatever_the_blocks_and_threads(scenario, result):
    again = run(scenario, runs=60, seed=5, block_size=7, threads=1)
    for name, table in result.tables().items():
        assert_frame_equal(again.tables()[name], table, check_exact=True)
    other = run(scenario, runs=60, seed=6)
    assert not other.summary().equals(result.summary())


def test_progress_is_reported_as_blocks_finish(scenario):
    seen = []
    run(scenario, runs=25, seed=1, block_size=10, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(10, 25), (20, 25), (25, 25)] or sorted(seen) == seen and seen[-1] == (25, 25)


def test_bad_run_arguments_are_refused(scenario):
    with pytest.raises(ValueError, match="runs"):
        run(scenario, runs=0)
    with pytest.raises(ValueError, match="seed"):
        run(scenario, seed=-1)
