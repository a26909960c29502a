"""Projection results as tidy Polars tables (schema in docs/engine/results.md).

A ``ProjectionResult`` holds small per-run aggregates (runs x years x staff groups) and
computes the tables from them on request; percentiles use NumPy's default linear
interpolation between runs.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import polars as pl

from lodestar.engine.spec import Scenario

MEASURES = ("supply_fte", "supply_headcount", "demand_fte", "gap_fte")
PERCENTILES = (5, 25, 50, 75, 95)
ALL = "all"
STEPS_SCHEMA = {
    "year": pl.Int64,
    "step": pl.Int64,
    "label": pl.String,
    "kind": pl.String,
    "change_fte_mean": pl.Float64,
    "change_fte_p5": pl.Float64,
    "change_fte_p95": pl.Float64,
    "gap_after_mean": pl.Float64,
    "gap_after_p5": pl.Float64,
    "gap_after_p95": pl.Float64,
    "probability_closed": pl.Float64,
}
WATERFALL_COLUMNS = ("step", "label", "kind", "change_fte_mean", "change_fte_p5", "change_fte_p95", "gap_after_mean")


@dataclass
class ProjectionResult:
    """The outcome of ``run``: a scenario projected ``runs`` times with ``seed``."""

    scenario: Scenario
    runs: int
    seed: int
    groups: list[str]  # result staff groups, in order
    supply_fte: np.ndarray  # (runs, years + 1, groups)
    headcount: np.ndarray
    demand_fte: np.ndarray
    gap_by_step: np.ndarray  # (runs, interventions + 1, years + 1): all groups, step v = interventions[:v]
    cost_by_run: np.ndarray  # (runs, interventions, years)

    @property
    def years(self) -> list[int]:
        return list(range(self.scenario.start_year, self.scenario.end_year + 1))

    @property
    def final_gap_by_step(self) -> np.ndarray:
        """The gap at the final year for each step: (runs, interventions + 1)."""
        return self.gap_by_step[:, :, -1]

    def _with_all(self, a: np.ndarray) -> np.ndarray:
        return np.concatenate([a, a.sum(axis=2, keepdims=True)], axis=2)

    def measure(self, name: str) -> np.ndarray:
        """Per-run values (runs, years + 1, groups + 1); the last group is "all"."""
        if name == "supply_fte":
            return self._with_all(self.supply_fte)
        if name == "supply_headcount":
            return self._with_all(self.headcount)
        if name == "demand_fte":
            return self._with_all(self.demand_fte)
        if name == "gap_fte":
            return self._with_all(self.demand_fte) - self._with_all(self.supply_fte)
        raise KeyError(name)

    def summary(self) -> pl.DataFrame:
        """year, staff_group, measure, mean, p5, p25, p50, p75, p95."""
        names = [*self.groups, ALL]
        frames = []
        years = np.array(self.years)
        for m in MEASURES:
            a = self.measure(m)
            q = np.percentile(a, PERCENTILES, axis=0)  # (5, years, groups)
            mean = a.mean(axis=0)
            ny, ng = mean.shape
            frames.append(
                pl.DataFrame(
                    {
                        "year": np.tile(years, ng),
                        "staff_group": [g for g in names for _ in range(ny)],
                        "measure": [m] * (ny * ng),
                        "mean": mean.T.ravel(),
                        **{f"p{p}": q[i].T.ravel() for i, p in enumerate(PERCENTILES)},
                    },
                    schema={
                        "year": pl.Int64,
                        "staff_group": pl.String,
                        "measure": pl.String,
                        "mean": pl.Float64,
                        **{f"p{p}": pl.Float64 for p in PERCENTILES},
                    },
                )
            )
        return pl.concat(frames)

    def probability_meets_demand(self) -> pl.DataFrame:
        """year, staff_group, probability: the share of runs in which supply >= demand."""
        meets = self.measure("supply_fte") >= self.measure("demand_fte")
        prob = meets.mean(axis=0)
        names = [*self.groups, ALL]
        ny, ng = prob.shape
        return pl.DataFrame(
            {
                "year": np.tile(np.array(self.years), ng),
                "staff_group": [g for g in names for _ in range(ny)],
                "probability": prob.T.ravel(),
            },
            schema={"year": pl.Int64, "staff_group": pl.String, "probability": pl.Float64},
        )

    def waterfall(self, year: int | None = None) -> pl.DataFrame:
        """The gap at ``year`` (default the final year; all staff groups) and the change each intervention
        brings, in order: ``steps()`` at that year, without the gap's range and probability."""
        return self._steps_frame([self._year_index(year)]).select(WATERFALL_COLUMNS)

    def steps(self) -> pl.DataFrame:
        """The waterfall at every year, with the gap's range and the probability it is closed after each step.

        year, step, label, kind, change_fte_mean, change_fte_p5, change_fte_p95, gap_after_mean,
        gap_after_p5, gap_after_p95, probability_closed (share of runs with gap_after <= 0).
        """
        return self._steps_frame(range(len(self.years)))

    def _year_index(self, year: int | None) -> int:
        years = self.years
        if year is None:
            return len(years) - 1
        if isinstance(year, bool) or not isinstance(year, numbers.Integral) or not years[0] <= year <= years[-1]:
            raise ValueError(f"year must be a year of the projection, {years[0]} to {years[-1]} (got {year!r})")
        return int(year) - years[0]

    def _steps_frame(self, year_indexes) -> pl.DataFrame:
        """The step rows (baseline, each intervention, total) at each year index, year by year."""
        labels = ["Gap without interventions", *(iv.name for iv in self.scenario.interventions)]
        labels.append("Gap with all interventions")
        rows = len(labels)
        kinds = ["baseline", *(["intervention"] * (rows - 2)), "total"]
        year_indexes = list(year_indexes)
        stats = np.empty((len(year_indexes), 7, rows))
        for i, t in enumerate(year_indexes):  # a year at a time: memory stays (runs x steps)
            g = self.gap_by_step[:, :, t]
            # per run: the baseline and total rows' "change" is the gap itself
            change = np.concatenate([g[:, :1], np.diff(g, axis=1), g[:, -1:]], axis=1)
            after = np.concatenate([g, g[:, -1:]], axis=1)
            stats[i, 0] = change.mean(axis=0)
            stats[i, 1:3] = np.percentile(change, (5, 95), axis=0)
            stats[i, 3] = after.mean(axis=0)
            stats[i, 4:6] = np.percentile(after, (5, 95), axis=0)
            stats[i, 6] = (after <= 0).mean(axis=0)
        n = len(year_indexes)
        columns = [name for name in STEPS_SCHEMA if name not in ("year", "step", "label", "kind")]
        return pl.DataFrame(
            {
                "year": np.repeat(np.array(self.years)[year_indexes], rows),
                "step": np.tile(np.arange(rows), n),
                "label": labels * n,
                "kind": kinds * n,
                **{name: stats[:, j, :].ravel() for j, name in enumerate(columns)},
            },
            schema=STEPS_SCHEMA,
        )

    def cost(self) -> pl.DataFrame:
        """year, intervention, cost_mean, cost_p5, cost_p95 (GBP a year), projection years only."""
        c = self.cost_by_run
        K, T = c.shape[1], c.shape[2]
        names = [iv.name for iv in self.scenario.interventions]
        years = np.array(self.years[1:])
        mean = c.mean(axis=0) if K else np.zeros((0, T))
        p5 = np.percentile(c, 5, axis=0) if K else np.zeros((0, T))
        p95 = np.percentile(c, 95, axis=0) if K else np.zeros((0, T))
        return pl.DataFrame(
            {
                "year": np.tile(years, K),
                "intervention": [n for n in names for _ in range(T)],
                "cost_mean": mean.ravel(),
                "cost_p5": p5.ravel(),
                "cost_p95": p95.ravel(),
            },
            schema={
                "year": pl.Int64,
                "intervention": pl.String,
                "cost_mean": pl.Float64,
                "cost_p5": pl.Float64,
                "cost_p95": pl.Float64,
            },
        )

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "summary": self.summary(),
            "probability_meets_demand": self.probability_meets_demand(),
            "waterfall": self.waterfall(),
            "cost": self.cost(),
            "steps": self.steps(),
        }
