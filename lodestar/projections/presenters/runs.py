"""What a run's pages show: its progress, then its results, read from the run's stored small
tables only (``lodestar.projections.results``), never recomputed (results page p95 target 300 ms).

    page = RunPresenter(run, group="registered-nurses")
    page.headline          # the gap in the final year with its range, and the chance supply meets demand
    page.fan_chart         # supply's likely ranges and median against demand, for the chosen staff group
    page.gap_rows          # the gap by year with its range and the probability supply meets demand
    page.cost_rows         # cost by intervention
    page.group_rows        # the final year by staff group

Numbers are written for people: whole FTE with thousands separators, probabilities as percentages,
ranges as "likely range: lowest to highest" (the 5th to the 95th percentile of the runs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from lodestar.projections import charts, results
from lodestar.projections.models import Run, RunKind, RunStatus

ALL = "all"
STATUS_TAGS = {
    RunStatus.QUEUED: "nhsuk-tag--grey",
    RunStatus.RUNNING: "nhsuk-tag--blue",
    RunStatus.DONE: "nhsuk-tag--green",
    RunStatus.FAILED: "nhsuk-tag--red",
}


def fte(value: float | None) -> str:
    """A number of FTE as a person reads it: 1,234 (negative: -12)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not known"
    rounded = round(value)
    return f"{rounded + 0:,}"  # + 0: no "-0"


def percent(value: float | None) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not known"
    return f"{value * 100:.0f}%"


def money(value: float | None) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not known"
    return f"£{round(value):,}"


def group_label(key: str) -> str:
    """A staff group key as words: "registered-nurses" -> "Registered nurses"; "all" -> every group."""
    if key == ALL:
        return "All staff groups"
    words = key.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def likely_range(low: float | None, high: float | None) -> str:
    return f"{fte(low)} to {fte(high)}"


@dataclass(frozen=True)
class Headline:
    year: int
    gap_mean: float
    gap_low: float
    gap_high: float
    probability: float | None

    @property
    def gap_words(self) -> str:
        if self.gap_mean >= 0:
            return f"a shortfall of {fte(self.gap_mean)} FTE on average"
        return f"a surplus of {fte(-self.gap_mean)} FTE on average"


class RunPresenter:
    def __init__(self, run: Run, group: str | None = None):
        self.run = run
        self.pk = run.pk
        self._group = group

    # ------------------------------------------------------------------ status

    @property
    def status(self) -> str:
        return self.run.status

    @property
    def status_label(self) -> str:
        return RunStatus(self.run.status).label

    @property
    def tag(self) -> str:
        return STATUS_TAGS.get(self.run.status, "nhsuk-tag--grey")

    @property
    def in_progress(self) -> bool:
        return self.run.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def done(self) -> bool:
        return self.run.status == RunStatus.DONE and bool(self.run.result)

    @property
    def failed(self) -> bool:
        return self.run.status == RunStatus.FAILED

    @property
    def percent(self) -> int:
        total = self.run.progress_total or self.run.runs or 1
        return max(0, min(100, int(100 * self.run.progress_done / total)))

    @property
    def stage(self) -> str:
        if self.run.status == RunStatus.QUEUED:
            return "Waiting to start"
        return f"Projecting: {self.run.progress_done:,} of {self.run.runs:,} runs done"

    # ------------------------------------------------------------------ inputs

    @property
    def scenario(self):
        return self.run.scenario_version.scenario

    @property
    def version(self):
        return self.run.scenario_version

    @property
    def title(self) -> str:
        return f"Run {self.pk} of {self.scenario.name}"

    @property
    def kind_label(self) -> str:
        return RunKind(self.run.kind).label

    @property
    def seconds_text(self) -> str:
        if self.run.seconds is None:
            return ""
        return f"{self.run.seconds:,.1f} seconds"

    @property
    def requested_by(self) -> str:
        person = self.run.requested_by
        return (getattr(person, "full_name", "") or getattr(person, "email", "")) if person else "Lodestar"

    # ------------------------------------------------------------------ tables

    @cached_property
    def summary(self) -> pl.DataFrame:
        return results.table(self.run.result, "summary")

    @cached_property
    def probability(self) -> pl.DataFrame:
        return results.table(self.run.result, "probability_meets_demand")

    @cached_property
    def cost(self) -> pl.DataFrame:
        return results.table(self.run.result, "cost")

    @cached_property
    def steps(self) -> pl.DataFrame:
        return results.table(self.run.result, "steps")

    @cached_property
    def groups(self) -> list[str]:
        """Staff group keys in the result: every group together first, then each by name."""
        if self.summary.is_empty():
            return []
        found = sorted(set(self.summary["staff_group"].to_list()) - {ALL})
        return [ALL, *found]

    @property
    def group(self) -> str:
        return self._group if self._group in self.groups else ALL

    @property
    def group_label(self) -> str:
        return group_label(self.group)

    @property
    def group_items(self) -> list[dict]:
        return [{"value": g, "text": group_label(g), "selected": g == self.group} for g in self.groups]

    @cached_property
    def years(self) -> list[int]:
        if self.summary.is_empty():
            return []
        return sorted(set(self.summary["year"].to_list()))

    def measure(self, group: str, measure: str) -> dict[str, list]:
        """Columns (year, mean, p5 ... p95) of one measure for one group, by year."""
        if "staff_group" not in self.summary.columns:
            return {}
        frame = self.summary.filter((pl.col("staff_group") == group) & (pl.col("measure") == measure)).sort("year")
        return {name: frame[name].to_list() for name in frame.columns}

    def probabilities(self, group: str) -> dict[int, float]:
        if "staff_group" not in self.probability.columns:
            return {}
        frame = self.probability.filter(pl.col("staff_group") == group)
        return dict(zip(frame["year"].to_list(), frame["probability"].to_list(), strict=True))

    @cached_property
    def headline(self) -> Headline | None:
        gap = self.measure(ALL, "gap_fte")
        if not gap.get("year"):
            return None
        year = gap["year"][-1]
        return Headline(year, gap["mean"][-1], gap["p5"][-1], gap["p95"][-1], self.probabilities(ALL).get(year))

    @property
    def fan_chart(self):
        supply = self.measure(self.group, "supply_fte")
        demand = self.measure(self.group, "demand_fte")
        if not supply.get("year"):
            return None
        return charts.fan_chart(
            uid=f"fan-{self.pk}",
            title=f"Supply against demand: {self.group_label.lower() if self.group == ALL else self.group_label}",
            years=supply["year"],
            supply=supply,
            demand=demand["mean"],
        )

    @property
    def fan_rows(self) -> list[list[str]]:
        supply = self.measure(self.group, "supply_fte")
        demand = self.measure(self.group, "demand_fte")
        return [
            [str(year), fte(supply["p5"][i]), fte(supply["p25"][i]), fte(supply["p50"][i]), fte(supply["p75"][i]),
             fte(supply["p95"][i]), fte(demand["mean"][i])]
            for i, year in enumerate(supply.get("year", []))
        ]  # fmt: skip

    FAN_HEADINGS = (
        "Year",
        "Supply: lowest (5th percentile)",
        "25th percentile",
        "Most likely (median)",
        "75th percentile",
        "Supply: highest (95th percentile)",
        "Demand",
    )

    @property
    def gap_chart(self):
        gap = self.measure(self.group, "gap_fte")
        if not gap.get("year"):
            return None
        return charts.gap_chart(
            uid=f"gap-{self.pk}",
            title=f"The gap by year: {self.group_label.lower() if self.group == ALL else self.group_label}",
            years=gap["year"],
            mean=gap["mean"],
            low=gap["p5"],
            high=gap["p95"],
        )

    GAP_HEADINGS = ("Year", "Gap, average (FTE)", "Likely range: lowest", "Likely range: highest",
                    "Probability supply meets demand")  # fmt: skip

    @property
    def gap_rows(self) -> list[list[str]]:
        gap = self.measure(self.group, "gap_fte")
        chances = self.probabilities(self.group)
        return [
            [str(year), fte(gap["mean"][i]), fte(gap["p5"][i]), fte(gap["p95"][i]), percent(chances.get(year))]
            for i, year in enumerate(gap.get("year", []))
        ]

    COST_HEADINGS = ("Intervention", "Years with a cost", "Total cost, average", "Cost a year: lowest",
                     "Cost a year: highest")  # fmt: skip

    @property
    def cost_rows(self) -> list[list[str]]:
        if "intervention" not in self.cost.columns:
            return []
        rows = []
        for name in dict.fromkeys(self.cost["intervention"].to_list()):
            frame = self.cost.filter((pl.col("intervention") == name) & (pl.col("cost_mean") != 0))
            if frame.is_empty():
                rows.append([name, "none", money(0), money(0), money(0)])
                continue
            years = frame["year"].to_list()
            rows.append(
                [
                    name,
                    f"{min(years)} to {max(years)}" if len(years) > 1 else str(years[0]),
                    money(frame["cost_mean"].sum()),
                    money(frame["cost_p5"].min()),
                    money(frame["cost_p95"].max()),
                ]
            )
        return rows

    GROUP_HEADINGS = ("Staff group", "Supply (FTE)", "Supply: likely range", "Demand (FTE)", "Gap (FTE)",
                      "Gap: likely range", "Probability supply meets demand")  # fmt: skip

    @property
    def group_rows(self) -> list[list[str]]:
        """Each staff group (and all together) in the final year."""
        if not self.years:
            return []
        year = self.years[-1]
        final = self.summary.filter(pl.col("year") == year)
        rows = []
        for group in [*self.groups[1:], ALL]:
            by_measure = {r["measure"]: r for r in final.filter(pl.col("staff_group") == group).iter_rows(named=True)}
            supply, demand, gap = (by_measure.get(m, {}) for m in ("supply_fte", "demand_fte", "gap_fte"))
            rows.append(
                [
                    group_label(group),
                    fte(supply.get("mean")),
                    likely_range(supply.get("p5"), supply.get("p95")),
                    fte(demand.get("mean")),
                    fte(gap.get("mean")),
                    likely_range(gap.get("p5"), gap.get("p95")),
                    percent(self.probabilities(group).get(year)),
                ]
            )
        return rows

    @property
    def final_year(self) -> int | None:
        return self.years[-1] if self.years else None

    STEP_HEADINGS = ("Step", "Change in the gap (FTE)", "Change: likely range", "Gap after this step (FTE)",
                     "Gap after: likely range", "Probability the gap is closed")  # fmt: skip

    @property
    def step_rows(self) -> list[list[str]]:
        """The waterfall at the final year: the gap without interventions, each one's change, the total."""
        if "step" not in self.steps.columns or not self.years:
            return []
        frame = self.steps.filter(pl.col("year") == self.years[-1]).sort("step")
        return [
            [r["label"], fte(r["change_fte_mean"]), likely_range(r["change_fte_p5"], r["change_fte_p95"]),
             fte(r["gap_after_mean"]), likely_range(r["gap_after_p5"], r["gap_after_p95"]),
             percent(r["probability_closed"])]
            for r in frame.iter_rows(named=True)
            if r["kind"] != "total"
        ]  # fmt: skip


# ---------------------------------------------------------------------- compare

COMPARE_MIN, COMPARE_MAX = 2, 4


def run_label(run: Run) -> str:
    version = run.scenario_version
    kind = "" if run.kind == RunKind.SCENARIO else f" ({RunKind(run.kind).label.lower()})"
    return f"Run {run.pk}: {version.scenario.name}, version {version.number}{kind}"


class ComparePresenter:
    """2 to 4 finished runs side by side: the gap (all staff groups) by year, its average and
    likely range for each; a plan run also shows its "without the plan" gap (step 0 of its steps)."""

    def __init__(self, runs: list[Run]):
        self.runs = runs
        self.pages = [RunPresenter(run) for run in runs]

    @cached_property
    def series(self) -> list[dict]:
        """One entry per line: name, kind ("run" or "without"), {year: (mean, p5, p95)}."""
        out = []
        for page in self.pages:
            gap = page.measure(ALL, "gap_fte")
            by_year = {y: (gap["mean"][i], gap["p5"][i], gap["p95"][i]) for i, y in enumerate(gap.get("year", []))}
            out.append(
                {
                    "name": run_label(page.run),
                    "short": f"Run {page.pk}",
                    "kind": "run",
                    "values": by_year,
                    "run": page.run,
                }
            )
            if page.run.kind == RunKind.PLAN and "step" in page.steps.columns:
                base = page.steps.filter(pl.col("step") == 0).sort("year")
                values = {
                    r["year"]: (r["gap_after_mean"], r["gap_after_p5"], r["gap_after_p95"])
                    for r in base.iter_rows(named=True)
                }
                name = f"Run {page.pk} without the plan"
                out.append({"name": name, "short": name, "kind": "without", "values": values, "run": page.run})
        return out

    @cached_property
    def years(self) -> list[int]:
        return sorted({y for s in self.series for y in s["values"]})

    def _column(self, s: dict, index: int) -> list[float | None]:
        return [s["values"].get(y, (None, None, None))[index] for y in self.years]

    @property
    def chart(self):
        if not self.years:
            return None
        bands = [
            charts.Band(f"{s['short']}: likely range", self._column(s, 1), self._column(s, 2)) for s in self.series
        ]
        lines = [charts.Series(f"{s['short']}: average", self._column(s, 0)) for s in self.series]
        names = "; ".join(s["name"] for s in self.series)
        return charts.band_chart(
            uid="compare",
            title="The gap by year, runs compared",
            description=(
                f"The gap between demand and supply, all staff groups (FTE; above zero is a shortfall), from "
                f"{self.years[0]} to {self.years[-1]} for {names}: each line is a run's average gap and each band "
                f"its likely range (5th to 95th percentile)."
            ),
            labels=[str(y) for y in self.years],
            bands=bands,
            lines=lines,
            unit="FTE",
            overlap=True,
        )

    @property
    def headings(self) -> list[str]:
        out = ["Year"]
        for s in self.series:
            out += [f"{s['name']}: gap, average", f"{s['name']}: lowest", f"{s['name']}: highest"]
        return out

    @property
    def rows(self) -> list[list[str]]:
        return [
            [str(y)] + [fte(v) for s in self.series for v in s["values"].get(y, (None, None, None))] for y in self.years
        ]

    @property
    def download_rows(self) -> list[list]:
        """The same figures unrounded, for the CSV and XLSX downloads."""
        return [[y] + [v for s in self.series for v in s["values"].get(y, (None, None, None))] for y in self.years]

    @property
    def about(self) -> list[list]:
        return [
            [page.pk, f"{run_label(page.run)}; {page.run.runs:,} runs, seed {page.run.seed}"] for page in self.pages
        ]
