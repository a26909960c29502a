"""A tiny stand-in for lodestar.engine's ProjectionResult with the contract's tables.

Used by the CLI and chart unit tests so they check formatting and drawing without running
the engine (CONTRACT.md documents the real tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

PERCENTILES = {"p5": -0.08, "p25": -0.03, "p50": 0.0, "p75": 0.03, "p95": 0.08}


@dataclass
class FakeScenario:
    name: str = "Riverside test scenario"


@dataclass
class FakeProjectionResult:
    runs: int = 200
    seed: int = 7
    years: tuple[int, ...] = (2026, 2027, 2028, 2029, 2030)
    groups: tuple[str, ...] = ("registered-nurses", "support-workers")
    interventions: tuple[tuple[str, float], ...] = (("Retention programme", -60.0), ("Extra training places", -25.0))
    scenario: FakeScenario = field(default_factory=FakeScenario)

    def _level(self, group: str, measure: str, i: int) -> float:
        base = {"registered-nurses": 1000.0, "support-workers": 500.0}.get(group, 800.0)
        if group == "all":
            return sum(self._level(g, measure, i) for g in self.groups)
        supply = base * (1 - 0.01 * i)
        demand = base * (1 + 0.02 * i)
        return {
            "supply_fte": supply,
            "supply_headcount": supply * 1.1,
            "demand_fte": demand,
            "gap_fte": demand - supply,
        }[measure]

    def summary(self) -> pl.DataFrame:
        rows = []
        for i, year in enumerate(self.years):
            for group in ("all", *self.groups):
                for measure in ("supply_fte", "supply_headcount", "demand_fte", "gap_fte"):
                    level = self._level(group, measure, i)
                    spread = 0.0 if measure == "demand_fte" else abs(level) * i / 10
                    row = {"year": year, "staff_group": group, "measure": measure, "mean": level}
                    row.update({p: level + f * spread for p, f in PERCENTILES.items()})
                    rows.append(row)
        return pl.DataFrame(rows, schema_overrides={"year": pl.Int64})

    def probability_meets_demand(self) -> pl.DataFrame:
        rows = [
            {"year": y, "staff_group": g, "probability": max(0.0, 1 - 0.2 * i)}
            for i, y in enumerate(self.years)
            for g in ("all", *self.groups)
        ]
        return pl.DataFrame(rows, schema_overrides={"year": pl.Int64})

    def waterfall(self, year: int | None = None) -> pl.DataFrame:
        columns = ["step", "label", "kind", "change_fte_mean", "change_fte_p5", "change_fte_p95", "gap_after_mean"]
        year = self.years[-1] if year is None else year
        if year not in self.years:
            raise ValueError(
                f"year must be a year of the projection, {self.years[0]} to {self.years[-1]} (got {year!r})"
            )
        return self.steps().filter(year=year).select(columns)

    def steps(self) -> pl.DataFrame:
        rows = []
        for i, year in enumerate(self.years):
            gap = self._level("all", "gap_fte", i)
            share = (i + 1) / len(self.years)  # interventions grow in, to their full effect by the final year
            step_rows = [("Gap without interventions", "baseline", gap, gap - 20, gap + 20)]
            for label, change in self.interventions:
                gap += change * share
                step_rows.append((label, "intervention", change * share, change * share * 1.5, change * share * 0.5))
            step_rows.append(("Gap with all interventions", "total", gap, gap - 30, gap + 30))
            after = [r[2] for r in step_rows[:1]]
            for r in step_rows[1:-1]:
                after.append(after[-1] + r[2])
            after.append(after[-1])
            for step, ((label, kind, change, p5, p95), gap_after) in enumerate(zip(step_rows, after, strict=True)):
                rows.append(
                    {
                        "year": year,
                        "step": step,
                        "label": label,
                        "kind": kind,
                        "change_fte_mean": change,
                        "change_fte_p5": p5,
                        "change_fte_p95": p95,
                        "gap_after_mean": gap_after,
                        "gap_after_p5": gap_after - 25,
                        "gap_after_p95": gap_after + 25,
                        "probability_closed": 1.0 if gap_after + 25 <= 0 else (0.5 if gap_after - 25 <= 0 else 0.0),
                    }
                )
        return pl.DataFrame(rows, schema_overrides={"year": pl.Int64, "step": pl.Int64})

    def cost(self) -> pl.DataFrame:
        rows = [
            {"year": y, "intervention": label, "cost_mean": 250000.0, "cost_p5": 200000.0, "cost_p95": 300000.0}
            for y in self.years
            for label, _ in self.interventions
        ]
        return pl.DataFrame(rows, schema_overrides={"year": pl.Int64})

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "summary": self.summary(),
            "probability_meets_demand": self.probability_meets_demand(),
            "waterfall": self.waterfall(),
            "cost": self.cost(),
            "steps": self.steps(),
        }
