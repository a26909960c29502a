"""Projection results as tidy Polars tables (schema in docs/engine/results.md).

A ``ProjectionResult`` holds small per-run aggregates (runs x years x staff groups) and
computes the tables from them on request; percentiles use NumPy's default linear
interpolation between runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from lodestar.engine.spec import Scenario

MEASURES = ("supply_fte", "supply_headcount", "demand_fte", "gap_fte")
PERCENTILES = (5, 25, 50, 75, 95)
ALL = "all"


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
    final_gap_by_step: np.ndarray  # (runs, interventions + 1)
    cost_by_run: np.ndarray  # (runs, interventions, years)

    @property
    def years(self) -> list[int]:
        return list(range(self.scenario.start_year, self.scenario.end_year + 1))

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

    def waterfall(self) -> pl.DataFrame:
        """The gap at the final year (all staff groups) and the change each intervention brings, in order."""
        g = self.final_gap_by_step
        rows = [("Gap without interventions", "baseline", g[:, 0], g[:, 0])]
        for k, iv in enumerate(self.scenario.interventions):
            rows.append((iv.name, "intervention", g[:, k + 1] - g[:, k], g[:, k + 1]))
        rows.append(("Gap with all interventions", "total", g[:, -1], g[:, -1]))
        return pl.DataFrame(
            {
                "step": list(range(len(rows))),
                "label": [r[0] for r in rows],
                "kind": [r[1] for r in rows],
                "change_fte_mean": [float(r[2].mean()) for r in rows],
                "change_fte_p5": [float(np.percentile(r[2], 5)) for r in rows],
                "change_fte_p95": [float(np.percentile(r[2], 95)) for r in rows],
                "gap_after_mean": [float(r[3].mean()) for r in rows],
            },
            schema={
                "step": pl.Int64,
                "label": pl.String,
                "kind": pl.String,
                "change_fte_mean": pl.Float64,
                "change_fte_p5": pl.Float64,
                "change_fte_p95": pl.Float64,
                "gap_after_mean": pl.Float64,
            },
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
        }
