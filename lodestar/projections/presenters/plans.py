"""An action plan's modelled view, shaped for its page and the portfolio (templates compute nothing).

Every figure comes from the stored tables of the plan's latest finished run
(``lodestar.projections.results``): the ``steps`` table at the target year gives the waterfall
(step ``b`` is the gap without the plan, where ``b`` is the number of the scenario's own
interventions; each later step adds one action; the gap closed by an action is minus its
change), the probability the gap is closed without the plan (step ``b``) and with it (the last
step), and the ``cost`` table gives each action's cost to the target year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import polars as pl
from markupsafe import Markup

from lodestar.engine.levers import LEVER_TYPES
from lodestar.projections import modelling, queries, results
from lodestar.projections.models import RunStatus
from lodestar.projections.presenters.runs import fte, group_label, money, percent
from lodestar.workforce.charts import INK, LIGHT, WHITE, _open, _text, nice_top, number


def effect_words(value) -> str:
    """An effect (a fraction or a likely range) in per cent: "-10% to -1%, most likely -5%"."""

    def pct(v: float) -> str:
        return f"{v * 100:,.1f}".rstrip("0").rstrip(".") + "%"

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return pct(value)
    if isinstance(value, dict) and value.get("dist") == "triangular":
        return f"{pct(value['low'])} to {pct(value['high'])}, most likely {pct(value['mode'])}"
    if isinstance(value, dict):
        return "an uncertain amount"
    return "not set"


def amount_words(value, key: str) -> str:
    unit = {"extra_places": "training places a year", "fte_per_year": "FTE a year", "fte": "FTE"}.get(key, "")
    if isinstance(value, dict) and value.get("dist") == "triangular":
        return f"{value['low']:,g} to {value['high']:,g} {unit}, most likely {value['mode']:,g}"
    return f"{value:,g} {unit}" if isinstance(value, (int, float)) else "not set"


@dataclass
class ActionRow:
    action: object
    model: object | None
    state: str  # "modelled", "not modelled", "not set", "stopped"
    lever: str = ""
    staff_group: str = ""
    scale: str = ""
    start: str = ""
    reason: str = ""
    warning: str = ""  # why the lever can have no effect in this scenario


def lever_warning(model, spec: dict | None) -> str:
    """Why a modelled action can change nothing in the scenario, in words ("" when it can)."""
    if spec is None or model.lever != "retirement_deferral":
        return ""
    rates = (spec.get("rates") or {}).get(model.staff_group) or {}
    if rates.get("retirement_rate_by_age"):
        return ""
    return (
        "This lever works on retirements, and the scenario has no retirement rates for this staff group, "
        "so it changes nothing: give the scenario retirement rates by age band (for example from staff "
        "records of two dates) to model it"
    )


def action_row(action, model, spec: dict | None) -> ActionRow:
    from lodestar.plans.models import Status

    if model is not None and not model.modelled:
        return ActionRow(action, model, "not modelled", reason=model.reason)
    if not modelling.is_modelled(model):
        return ActionRow(action, model, "not set")
    kind = LEVER_TYPES[model.lever]
    scale = (
        amount_words(model.amount, kind.amount_key)
        if model.amount is not None and kind.amount_key
        else effect_words(model.effect)
    )
    start = ""
    if spec is not None:
        chosen = modelling.start_year(action, model, spec)
        start = f"{chosen.year} ({chosen.words})"
    state = "stopped" if action.status == Status.STOPPED else "modelled"
    return ActionRow(
        action,
        model,
        state,
        kind.label,
        group_label(model.staff_group),
        scale,
        start,
        warning=lever_warning(model, spec),
    )


@dataclass
class StepRow:
    label: str
    closed_mean: float
    closed_low: float
    closed_high: float
    gap_after: float
    cost: float = 0.0
    share: float | None = None

    @property
    def cost_per_fte(self) -> str:
        return money(self.cost / self.closed_mean) if self.closed_mean > 0.5 else "no FTE gained"

    @property
    def range_words(self) -> str:
        return f"{fte(self.closed_low)} to {fte(self.closed_high)}"


@dataclass
class Outcome:
    """The plan's effect by the target year, from one finished run."""

    year: int
    gap_without: float
    gap_without_low: float
    gap_without_high: float
    gap_with: float
    gap_with_low: float
    gap_with_high: float
    probability_without: float
    probability_with: float
    rows: list[StepRow] = field(default_factory=list)
    # the plan's whole effect, run by run (results.closed_table); None for runs stored without it
    closed_range: tuple[float, float] | None = None

    @property
    def closed(self) -> float:
        return sum(r.closed_mean for r in self.rows)

    @property
    def closed_low(self) -> float:
        return self.closed_range[0] if self.closed_range else sum(r.closed_low for r in self.rows)

    @property
    def closed_high(self) -> float:
        return self.closed_range[1] if self.closed_range else sum(r.closed_high for r in self.rows)

    @property
    def cost(self) -> float:
        return sum(r.cost for r in self.rows)

    @property
    def cost_per_fte(self) -> str:
        return money(self.cost / self.closed) if self.closed > 0.5 else "no FTE gained"

    @property
    def by_effect(self) -> list[StepRow]:
        return sorted(self.rows, key=lambda r: -r.closed_mean)


def _value(frame: pl.DataFrame, column: str) -> float:
    value = frame[column][0] if frame.height else None
    return float(value) if value is not None and math.isfinite(value) else 0.0


def _closed_range(result: dict | None, year: int) -> tuple[float, float] | None:
    closed = results.table(result, results.CLOSED)
    if closed.is_empty():
        return None
    at = closed.filter(pl.col("year") == year)
    return (_value(at, "closed_fte_p5"), _value(at, "closed_fte_p95")) if at.height else None


def outcome(run, year: int) -> Outcome | None:
    """The waterfall, probabilities and costs at ``year`` from ``run``'s stored tables."""
    steps = results.table(run.result, "steps")
    if steps.is_empty() or year not in set(steps["year"].to_list()):
        return None
    at = steps.filter(pl.col("year") == year).sort("step")
    base = modelling.own_count(run)
    interventions = at.filter(pl.col("kind") == "intervention")
    last = at.filter(pl.col("step") == interventions["step"].max()) if interventions.height else None
    before = at.filter(pl.col("step") == base)
    after = last if last is not None and interventions.height > base else before
    cost = results.table(run.result, "cost")
    spent = {}
    if not cost.is_empty():
        spent = dict(
            cost.filter(pl.col("year") <= year).group_by("intervention").agg(pl.col("cost_mean").sum()).iter_rows()
        )
    rows = []
    for row in interventions.filter(pl.col("step") > base).iter_rows(named=True):
        rows.append(
            StepRow(
                label=row["label"],
                closed_mean=-row["change_fte_mean"],
                closed_low=-row["change_fte_p95"],
                closed_high=-row["change_fte_p5"],
                gap_after=row["gap_after_mean"],
                cost=float(spent.get(row["label"], 0.0) or 0.0),
            )
        )
    result = Outcome(
        year=year,
        gap_without=_value(before, "gap_after_mean"),
        gap_without_low=_value(before, "gap_after_p5"),
        gap_without_high=_value(before, "gap_after_p95"),
        gap_with=_value(after, "gap_after_mean"),
        gap_with_low=_value(after, "gap_after_p5"),
        gap_with_high=_value(after, "gap_after_p95"),
        probability_without=_value(before, "probability_closed"),
        probability_with=_value(after, "probability_closed"),
        rows=rows,
        closed_range=_closed_range(run.result, year),
    )
    total = sum(r.closed_mean for r in rows if r.closed_mean > 0)
    for r in rows:
        r.share = r.closed_mean / total if total > 0 and r.closed_mean > 0 else None
    return result


# --------------------------------------------------------------------------- the waterfall chart


def waterfall_chart(result: Outcome, uid: str = "plan-waterfall") -> Markup:
    """Horizontal floating bars: the gap without the plan, each action's part in closing it (with its
    likely range as a line), and the gap with the plan. Greys only; every value written beside its bar."""
    bars = [("Gap without the plan", 0.0, result.gap_without, None)]
    level = result.gap_without
    for row in result.rows:
        bars.append((row.label, level, level - row.closed_mean, (level - row.closed_low, level - row.closed_high)))
        level -= row.closed_mean
    bars.append(("Gap with the plan", 0.0, result.gap_with, None))
    values = [v for _l, a, b, r in bars for v in (a, b, *(r or ()))]
    low, high = min(0.0, *values), max(0.0, *values)
    top = nice_top(high) if high > 0 else 0.0
    bottom = -nice_top(-low) if low < 0 else 0.0
    left, right, bar_h, gap, width = 230, 70, 18, 12, 640
    height = 40 + (bar_h + gap) * len(bars) + 30
    inner = width - left - right
    span = (top - bottom) or 1.0

    def x(v: float) -> float:
        return left + inner * (v - bottom) / span

    description = (
        f"By {result.year} the gap is {fte(result.gap_without)} FTE without the plan and {fte(result.gap_with)} FTE "
        f"with it; the plan's actions close {fte(result.closed)} FTE between them."
    )
    out = _open(uid, f"How each action closes the gap by {result.year}", description, width, height)
    out.append(_text(left, 14, "FTE short (positive) or spare (negative)", size=11))
    for value in (bottom, 0.0, top):
        out.append(f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="24" y2="{height - 30}" stroke="{LIGHT}"/>')
        out.append(_text(x(value), height - 12, number(value), anchor="middle", size=11))
    for i, (label, start, end, whisker) in enumerate(bars):
        y = 30 + i * (bar_h + gap)
        total = whisker is None
        x0, x1 = sorted((x(start), x(end)))
        fill = INK if total else WHITE
        out.append(
            f'<rect class="lodestar-chart__bar" x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" '
            f'fill="{fill}" stroke="{INK}" stroke-width="1"/>'
        )
        if whisker is not None:
            w0, w1 = sorted((x(whisker[0]), x(whisker[1])))
            mid = y + bar_h / 2
            out.append(f'<line x1="{w0:.1f}" x2="{w1:.1f}" y1="{mid}" y2="{mid}" stroke="{INK}" stroke-width="2"/>')
        shown = label if len(label) <= 34 else label[:33] + "…"
        out.append(_text(left - 8, y + 13, shown, anchor="end", size=11))
        value = end if total else start - end
        out.append(_text(max(x0, x1) + 4, y + 13, number(round(value, 1)), size=11))
    out.append("</svg>")
    return Markup("\n".join(out))


# --------------------------------------------------------------------------- the page


class PlanModelPage:
    """Everything the modelled view shows for ``plan`` (already found in reach)."""

    def __init__(self, plan, user):
        self.plan = plan
        self.plan_model = queries.plan_model(plan)
        self.can_edit = plan.can_edit(user)
        self.state = modelling.staleness(plan, self.plan_model) if self.plan_model else None
        runs = queries.plan_runs(plan)
        self.latest_run = queries.latest_run(runs)
        self.finished_run = queries.latest_run(runs.filter(status=RunStatus.DONE))
        spec = self.plan_model.scenario.latest.spec if self.plan_model and self.plan_model.scenario.latest else None
        models = queries.action_models(plan)
        self.rows = [action_row(a, models.get(a.pk), spec) for a in modelling.plan_actions(plan)]
        self.outcome = (
            outcome(self.finished_run, self.plan_model.target_year)
            if self.finished_run is not None and self.plan_model
            else None
        )

    @property
    def in_progress(self) -> bool:
        return self.latest_run is not None and self.latest_run.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def failed(self) -> bool:
        return self.latest_run is not None and self.latest_run.status == RunStatus.FAILED

    @property
    def chart(self) -> Markup | None:
        return waterfall_chart(self.outcome) if self.outcome else None

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.state] = out.get(row.state, 0) + 1
        return out


# --------------------------------------------------------------------------- the portfolio


@dataclass(frozen=True)
class PortfolioFigures:
    year: int
    closed: float
    closed_low: float
    closed_high: float
    probability: float

    @property
    def closed_words(self) -> str:
        return f"{fte(self.closed)} FTE ({fte(self.closed_low)} to {fte(self.closed_high)})"

    @property
    def probability_words(self) -> str:
        return percent(self.probability)


def portfolio_figures(plans) -> dict[int, PortfolioFigures]:
    """Per plan with a finished plan run: the gap closed by its target year (mean, and the 5th to 95th
    percentile of the plan's whole effect, run by run) and the chance the gap is closed with the plan.
    Two queries."""
    ids = [plan.pk for plan in plans]
    models = queries.plan_models(ids)
    runs = queries.latest_finished_plan_runs(ids)
    out = {}
    for plan_id, run in runs.items():
        plan_model = models.get(plan_id)
        result = outcome(run, plan_model.target_year) if plan_model is not None else None
        if result is None:
            continue
        out[plan_id] = PortfolioFigures(
            result.year, result.closed, result.closed_low, result.closed_high, result.probability_with
        )
    return out
