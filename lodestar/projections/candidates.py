"""A workshop's candidate interventions, each modelled on its own against a scenario (issue 11, item 4).

``candidate_spec`` makes the scenario a candidates run projects: the linked scenario (the
baseline, with any levers of its own) plus one intervention for each lever template of each
candidate that has one (``lodestar.engine.spec.from_catalogue``). A candidate's interventions
are named after its catalogue code: ``"<code> (candidate)"``, or ``"<code> (candidate, lever 2
of 3)"`` when it has several, so ``compute`` can tell them from the scenario's own levers.

``compute`` projects each candidate ALONE against the baseline, not one after another: for each
candidate it projects the baseline plus that candidate's interventions, up to the year of
judgement (five years on, or the scenario's last year when shorter). In one engine run the
gap without the candidate and the gap with it come from the same random draws (common random
numbers, docs/adr/0007-monte-carlo-seeding.md: adding parameters changes which draws the
baseline's uniform parameters get, so runs with different candidates are NOT compared with
each other run by run; each candidate is compared with its own baseline step). The gap closed
is therefore the difference within each Monte Carlo run, and its range is the 5th to 95th
percentile of those differences.

Cost: the catalogue has no cost in pounds, only a cost band. A candidate's yearly cost is taken
as a likely range across its band (``COST_PER_YEAR``): an assumption the page states.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

import numpy as np

from lodestar.engine import SpecError
from lodestar.engine import run as engine_run
from lodestar.engine.spec import from_catalogue
from lodestar.projections import specs

YEARS_AHEAD = 5
NO_LEVERS = "no evidence-based effect in the catalogue"
MARK = "candidate"
NAME = re.compile(rf"^(?P<code>\S+) \({MARK}(?:, lever \d+ of \d+)?\)$")

# The catalogue's cost bands (lodestar.star.vocab.COST_BANDS) as a yearly cost with a likely
# range: low is under £50,000, medium £50,000 to £250,000, high over £250,000 (taken up to £500,000).
COST_PER_YEAR = {
    "low": {"dist": "triangular", "low": 10_000, "mode": 25_000, "high": 50_000},
    "medium": {"dist": "triangular", "low": 50_000, "mode": 120_000, "high": 250_000},
    "high": {"dist": "triangular", "low": 250_000, "mode": 350_000, "high": 500_000},
}
COST_WORDS = (
    "Costs are taken from each intervention's cost band in the catalogue as a yearly cost: "
    "low £10,000 to £50,000, medium £50,000 to £250,000, high £250,000 to £500,000 a year."
)


def intervention_name(code: str, k: int, n: int) -> str:
    return f"{code} ({MARK})" if n == 1 else f"{code} ({MARK}, lever {k} of {n})"


def candidate_code(name: str) -> str | None:
    """The catalogue code of a candidate's intervention name; None for the scenario's own levers."""
    m = NAME.match(str(name))
    return m.group("code") if m else None


def _split(lever: dict) -> tuple[dict, int]:
    template = {k: v for k, v in lever.items() if k != "ramp_up_years"}
    return template, max(int(lever.get("ramp_up_years", 1) or 1), 1)


def _problem_words(err: SpecError) -> str:
    reasons = [reason for _path, reason in err.problems][:2]
    return "the catalogue's effect cannot be applied to this scenario (" + "; ".join(reasons) + ")"


def candidate_interventions(intervention, *, staff_group: str, start_year: int) -> list[dict]:
    """The scenario interventions of one catalogue intervention (empty when it has no levers).
    Raises SpecError when a lever template cannot be made into one."""
    levers = [lever for lever in (intervention.levers or []) if isinstance(lever, dict)]
    out = []
    for k, lever in enumerate(levers, start=1):
        template, ramp = _split(lever)
        out.append(
            from_catalogue(
                template,
                name=intervention_name(intervention.code, k, len(levers)),
                staff_group=staff_group,
                start_year=start_year,
                ramp_up_years=ramp,
                # The intervention costs once, whatever number of levers it has: on its first.
                cost_per_year=copy.deepcopy(COST_PER_YEAR.get(getattr(intervention, "cost_band", ""), 0.0))
                if k == 1
                else 0.0,
            )
        )
    return out


def not_modelled(baseline_spec: dict, interventions, *, staff_group: str, start_year: int) -> dict[str, str]:
    """Catalogue code -> why the candidate is not modelled, for candidates ``candidate_spec`` leaves out."""
    reasons: dict[str, str] = {}
    for intervention in interventions:
        if not intervention.levers:
            reasons[intervention.code] = NO_LEVERS
            continue
        try:
            ivs = candidate_interventions(intervention, staff_group=staff_group, start_year=start_year)
            trial = copy.deepcopy(baseline_spec)
            trial["interventions"] = [*trial.get("interventions", []), *ivs]
            specs.check(trial)
        except SpecError as err:
            reasons[intervention.code] = _problem_words(err)
    return reasons


def candidate_spec(baseline_spec: dict, interventions, staff_group: str, start_year: int) -> dict:
    """The baseline plus each modelled candidate's interventions (those with levers that apply here)."""
    skipped = not_modelled(baseline_spec, interventions, staff_group=staff_group, start_year=start_year)
    spec = copy.deepcopy(baseline_spec)
    own = [iv for iv in spec.get("interventions", []) if candidate_code(iv.get("name", "")) is None]
    added = []
    for intervention in interventions:
        if intervention.code in skipped:
            continue
        added.extend(candidate_interventions(intervention, staff_group=staff_group, start_year=start_year))
    spec["interventions"] = [*own, *added]
    return spec


def judgement_year(spec: dict) -> int:
    return int(spec["start_year"]) + min(YEARS_AHEAD, int(spec["years"]))


def _split_spec(spec: dict) -> tuple[list[dict], dict[str, list[dict]]]:
    """The scenario's own interventions, and each candidate's (by code, in order)."""
    own: list[dict] = []
    by_code: dict[str, list[dict]] = {}
    for iv in spec.get("interventions", []) or []:
        code = candidate_code(iv.get("name", ""))
        if code is None:
            own.append(iv)
        else:
            by_code.setdefault(code, []).append(iv)
    return own, by_code


def _pct(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q))


def _figures(closed: np.ndarray, cost: np.ndarray) -> dict:
    closed_mean = float(closed.mean())
    cost_mean = float(cost.mean())
    return {
        "gap_closed_mean": closed_mean,
        "gap_closed_p5": _pct(closed, 5),
        "gap_closed_p95": _pct(closed, 95),
        "cost_total_mean": cost_mean,
        "cost_per_fte": cost_mean / closed_mean if closed_mean > 1e-9 else None,
        "modelled": True,
        "reason": "",
    }


def compute(spec: dict, runs: int, seed: int, progress: Callable[[int, int], None] | None = None) -> dict:
    """Each candidate's effect on its own against the baseline, by the year of judgement (JSON-able).

    ``{"year": Y, "runs": n, "seed": s, "candidates": {code: {gap_closed_mean, gap_closed_p5,
    gap_closed_p95, cost_total_mean, cost_per_fte, modelled, reason, year}}}``: the gap (demand minus
    supply, every staff group together) closed in FTE by ``Y``, the cost from the first year to
    ``Y`` and the cost per FTE of gap closed (None when it closes none).
    """
    year = judgement_year(spec)
    own, by_code = _split_spec(spec)
    short = copy.deepcopy(spec)
    short["years"] = year - int(spec["start_year"])

    # The scenario's own levers starting after the year of judgement change nothing by then.
    def starts_by(iv: dict) -> bool:
        return int(iv.get("start_year", spec["start_year"])) <= year

    own = [iv for iv in own if starts_by(iv)]
    total = max(len(by_code), 1) * runs
    out: dict[str, dict] = {}
    for i, (code, all_ivs) in enumerate(by_code.items()):
        ivs = [iv for iv in all_ivs if starts_by(iv)]
        if not ivs:  # starts after the year of judgement: it closes nothing by then
            out[code] = _figures(np.zeros(runs), np.zeros(runs))
            continue
        one = copy.deepcopy(short)
        one["interventions"] = copy.deepcopy([*own, *ivs])
        offset = i * runs

        def step(done: int, _total: int, offset=offset) -> None:
            if progress is not None:
                progress(offset + done, total)

        result = engine_run(specs.check(one), runs=runs, seed=seed, progress=step)
        gaps = result.final_gap_by_step  # (runs, interventions + 1)
        nb, nc = len(own), len(ivs)
        closed = gaps[:, nb] - gaps[:, nb + nc]
        cost = result.cost_by_run[:, nb : nb + nc, :].sum(axis=(1, 2)) if nc else np.zeros(runs)
        out[code] = _figures(closed, cost)
    if progress is not None:
        progress(total, total)
    for figures in out.values():
        figures["year"] = year
    return {"year": year, "runs": runs, "seed": seed, "candidates": out}
