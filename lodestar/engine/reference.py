"""The reference engine: the projection method as a plain loop over runs, years and cohorts.

Slow and written to be read next to docs/engine/method.md; the fast kernel
(``lodestar.engine.kernel``) must agree with it (tests/engine_spec/test_reference_agreement.py).
It shares only the parsed ``Scenario`` and the parameter draws (``lodestar.engine.sampling``)
with the kernel, nothing of the kernel's arrays or index tricks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lodestar.engine.results import ProjectionResult
from lodestar.engine.sampling import draw
from lodestar.engine.spec import Intervention, Scenario


@dataclass
class RunOutput:
    """One run: dicts keyed by (year, staff group); cost by (year, intervention name)."""

    supply_fte: dict[tuple[int, str], float]
    headcount: dict[tuple[int, str], float]
    demand_fte: dict[tuple[int, str], float]
    cost: dict[tuple[int, str], float]


def reference_run(scenario: Scenario, *, runs: int = 1, seed: int = 0) -> list[dict]:
    """Every run of the scenario: the full projection plus the gap every year for each waterfall step.

    Returns one dict per run: {"full": RunOutput, "gap_by_step": [[gap each year without
    interventions], [gap each year with the first intervention], ..., [gap each year with all]]},
    the gap being demand less supply, all staff groups together, from the start year to the end.
    """
    matrix = draw(scenario, seed, 0, runs, runs)
    index = scenario.param_index()
    out = []
    for r in range(runs):
        row = matrix[r]

        def value(p, default=0.0, row=row):
            if p is None:
                return default
            j = index.get(p.path)
            return p.mean() if j is None else float(row[j])

        full = project_one(scenario, value, scenario.interventions)
        steps = []
        for k in range(len(scenario.interventions) + 1):
            o = full if k == len(scenario.interventions) else project_one(scenario, value, scenario.interventions[:k])
            steps.append(
                [
                    sum(o.demand_fte[(year, g)] for g in scenario.result_groups)
                    - sum(o.supply_fte[(year, g)] for g in scenario.result_groups)
                    for year in range(scenario.start_year, scenario.end_year + 1)
                ]
            )
        out.append({"full": full, "gap_by_step": steps})
    return out


def project_one(scenario: Scenario, value, active: tuple[Intervention, ...]) -> RunOutput:
    """One run of the projection with the ``active`` interventions; ``value(param)`` gives each number."""
    run = _OneRun(scenario, value, active)
    for year in range(scenario.start_year + 1, scenario.end_year + 1):
        run.step(year)
    run.project_demand()
    return RunOutput(run.supply, run.headcount, run.demand, run.costs())


class _OneRun:
    """The state of one run, advanced a year at a time by ``step`` (docs/engine/method.md, "One year")."""

    def __init__(self, sc: Scenario, value, active: tuple[Intervention, ...]) -> None:
        self.sc, self.value, self.active = sc, value, active
        self.bands = [b.name for b in sc.age_bands]
        self.ageing = {b.name: (0.0 if b.years is None else 1.0 / b.years) for b in sc.age_bands}
        self.groups = list(sc.staff_groups)
        self.supply, self.headcount, self.demand = {}, {}, {}
        self._cohort_grid()
        self._joiner_shares()
        self._conversion_routes()
        self.record(sc.start_year, self.stock)

    # --- the cohort grid: every (organisation, staff group, band) gets every age band
    def _cohort_grid(self) -> None:
        sc, bands = self.sc, self.bands
        self.segments = segments = list(dict.fromkeys((c.organisation, c.staff_group, c.band) for c in sc.cohorts))
        given = {(c.organisation, c.staff_group, c.band, c.age_band): c for c in sc.cohorts}
        self.stock, self.ratio = stock, ratio = {}, {}
        for seg in segments:
            seg_fte = sum(c.fte for k, c in given.items() if k[:3] == seg and c.fte > 0)
            seg_hc = sum(c.headcount for k, c in given.items() if k[:3] == seg and c.fte > 0)
            for a in bands:
                c = given.get((*seg, a))
                stock[(*seg, a)] = c.fte if c else 0.0
                if c is not None and c.fte > 0:
                    ratio[(*seg, a)] = c.headcount / c.fte
                else:
                    ratio[(*seg, a)] = seg_hc / seg_fte if seg_fte > 0 else 1.0
        self.base_group_fte = {g: sum(v for k, v in stock.items() if k[1] == g) for g in self.groups}
        self.orgs = list(dict.fromkeys(s[0] for s in segments))

    # --- where joiners land: organisation and band in proportion to base-year FTE, age by the profile
    def _joiner_shares(self) -> None:
        sc, bands, segments, stock = self.sc, self.bands, self.segments, self.stock
        seg_fte0 = {seg: sum(stock[(*seg, a)] for a in bands) for seg in segments}
        self.share = {}  # group -> {segment: share}
        for g in self.groups:
            segs = [s for s in segments if s[1] == g]
            total = sum(seg_fte0[s] for s in segs)
            self.share[g] = {s: (seg_fte0[s] / total if total > 0 else 1.0 / len(segs)) for s in segs}
        self.org_share = {}  # (org, group) -> {segment: share}, for conversions arriving at an organisation
        for s in segments:
            self.org_share.setdefault((s[0], s[1]), {})
        for (o, g), d in self.org_share.items():
            segs = [s for s in segments if s[0] == o and s[1] == g]
            total = sum(seg_fte0[s] for s in segs)
            for s in segs:
                d[s] = seg_fte0[s] / total if total > 0 else 1.0 / len(segs)
        self.profile = {}
        for g in self.groups:
            weights = sc.rates[g].joiner_age_profile
            if weights is None:
                weights = {a: sum(stock[(*s, a)] for s in segments if s[1] == g) for a in bands}
            total = sum(weights.get(a, 0.0) for a in bands)
            self.profile[g] = {a: (weights.get(a, 0.0) / total if total > 0 else 1.0 / len(bands)) for a in bands}

    # --- conversion routes (base conversions and conversion levers)
    def _conversion_routes(self) -> None:
        value = self.value
        self.routes = routes = []
        for cv in self.sc.conversions:
            base_rate = value(cv.rate)
            routes.append(
                {
                    "src": cv.from_group,
                    "dst": cv.to_group,
                    "delay": cv.course_years,
                    "keep": 1.0 - value(cv.attrition),
                    "rate": (lambda y, r=base_rate: r),
                    "base": True,
                }
            )
        for iv in self.active:
            if iv.lever == "conversion":
                amount = (
                    value(iv.effect)
                    if iv.effect is not None
                    else value(iv.amount) / self.base_group_fte[iv.source_group]
                )
                routes.append(
                    {
                        "src": iv.source_group,
                        "dst": iv.staff_group,
                        "delay": iv.course_years,
                        "keep": 1.0 - value(iv.attrition),
                        "rate": (lambda y, a=amount, iv=iv: a * iv.ramp(y)),
                        "base": False,
                    }
                )
        first_rates, _ = self.route_rates(self.sc.start_year, base_only=True)
        self.in_flight = [
            {o: first_rates[i] * self.org_stock(self.stock, o, rt["src"]) for o in self.orgs}
            if rt["base"]
            else dict.fromkeys(self.orgs, 0.0)
            for i, rt in enumerate(routes)
        ]
        self.outflow_history = [{} for _ in routes]  # route -> {year: {org: FTE starting the conversion}}

    def org_stock(self, st, org, g):
        return sum(v for k, v in st.items() if k[0] == org and k[1] == g)

    def route_rates(self, year, base_only=False):
        """Each route's rate this year, scaled down if a group's routes would take more than all of it."""
        routes = self.routes
        rates = [(rt["rate"](year) if (rt["base"] or not base_only) else 0.0) for rt in routes]
        totals = {}
        for rt, x in zip(routes, rates, strict=True):
            totals[rt["src"]] = totals.get(rt["src"], 0.0) + x
        scaled = [x / totals[rt["src"]] if totals[rt["src"]] > 1 else x for rt, x in zip(routes, rates, strict=True)]
        conv = {g: min(totals.get(g, 0.0), 1.0) for g in self.groups}
        return scaled, conv

    def record(self, year, st):
        for g in self.groups:
            self.supply[(year, g)] = sum(v for k, v in st.items() if k[1] == g)
            self.headcount[(year, g)] = sum(v * self.ratio[k] for k, v in st.items() if k[1] == g)

    # --- one year
    def step(self, year: int) -> None:
        opening = dict(self.stock)
        m_leave, m_retire = self.retention_multipliers(year)
        scaled, conv = self.route_rates(year)
        for i, rt in enumerate(self.routes):
            self.outflow_history[i][year] = {o: scaled[i] * self.org_stock(opening, o, rt["src"]) for o in self.orgs}
        seg_in = self.inflow(year, self.joiners(year, opening))
        new = self.leavers_and_retirements(opening, seg_in, m_leave, m_retire, conv)
        self.stock = self.age(new)
        self.record(year, self.stock)

    def retention_multipliers(self, year):
        """Multipliers of the leaver and retirement rates from retention and retirement levers."""
        m_leave = dict.fromkeys(self.groups, 1.0)
        m_retire = dict.fromkeys(self.groups, 1.0)
        for iv in self.active:
            if iv.lever == "leaver_rate_change":
                m_leave[iv.staff_group] *= 1.0 + self.value(iv.effect) * iv.ramp(year)
            elif iv.lever == "retirement_deferral":
                m_retire[iv.staff_group] *= 1.0 + self.value(iv.effect) * iv.ramp(year)
        return m_leave, m_retire

    def joiners(self, year, opening):
        """Joiners per group: the group's own routes, its pipelines and the joiner levers."""
        value, joiners = self.value, {}
        for g in self.groups:
            gr = self.sc.rates[g]
            j = value(gr.joiners_per_year) + value(gr.international_recruits_per_year) + value(gr.returners_per_year)
            j += value(gr.joiner_rate) * sum(v for k, v in opening.items() if k[1] == g)
            for pl in self.sc.pipelines:
                if pl.staff_group == g:
                    j += value(pl.intake_per_year) * (1 - value(pl.attrition)) * value(pl.share_taking_posts)
            joiners[g] = j
        for iv in self.active:
            g = iv.staff_group
            if iv.lever == "extra_training_places":
                places = value(iv.amount) if iv.amount is not None else value(iv.effect) * self.base_group_fte[g]
                joiners[g] += (
                    places * iv.ramp(year - iv.course_years) * (1 - value(iv.attrition)) * value(iv.share_taking_posts)
                )
            elif iv.lever in ("international_recruitment", "return_to_practice", "extra_joiners"):
                amount = value(iv.amount) if iv.amount is not None else value(iv.effect) * self.base_group_fte[g]
                joiners[g] += amount * iv.ramp(year)
        return joiners

    def inflow(self, year, joiners):
        """Inflow per segment: joiners by share, conversions arriving at their own organisation."""
        share = self.share
        seg_in = {s: joiners[s[1]] * share[s[1]][s] for s in self.segments}
        for i, rt in enumerate(self.routes):
            src_year = year - rt["delay"]
            started = self.outflow_history[i][src_year] if src_year > self.sc.start_year else self.in_flight[i]
            for o in self.orgs:
                arriving = started[o] * rt["keep"]
                target = self.org_share.get((o, rt["dst"]))
                for s, w in (target or share[rt["dst"]]).items():
                    seg_in[s] += arriving * w
        return seg_in

    def leavers_and_retirements(self, opening, seg_in, m_leave, m_retire, conv):
        """Each cohort: conversions out, leavers and retirements, inflow."""
        sc, value, new = self.sc, self.value, {}
        for key, s_open in opening.items():
            o, g, b, a = key
            gr = sc.rates[g]
            leave = min(value(gr.leaver_rate[a]) * m_leave[g], 1.0)
            retire = min(value(gr.retirement_rate.get(a)) * m_retire[g], 1.0)
            rate = min(leave + retire, 1.0)
            c = conv[g]
            inflow = seg_in[(o, g, b)] * self.profile[g][a]
            remaining = (1 - c) * s_open
            if sc.leaver_rate_denominator == "opening_stock":
                leavers = rate * remaining
            else:  # mean of opening and closing stock: L = rate * (remaining + closing) / 2, solved for L
                leavers = rate * (2 * remaining + inflow) / (2 + rate)
            new[key] = remaining + inflow - leavers
        return new

    def age(self, new):
        """Ageing: 1 / width of each band moves up one band."""
        stock = {}
        for o, g, b in self.segments:
            moving_in = 0.0
            for a in self.bands:
                moving_out = new[(o, g, b, a)] * self.ageing[a]
                stock[(o, g, b, a)] = new[(o, g, b, a)] - moving_out + moving_in
                moving_in = moving_out
        return stock

    # --- demand
    def project_demand(self) -> None:
        sc, value, supply, headcount, demand = self.sc, self.value, self.supply, self.headcount, self.demand
        d = sc.demand
        pop_base = sum(vals[0] * d.utilisation[a] for a, vals in d.population.items())
        for g in sc.result_groups:
            for year in range(sc.start_year, sc.end_year + 1):
                supply.setdefault((year, g), 0.0)
                headcount.setdefault((year, g), 0.0)
        ndg, prod = value(d.non_demographic_growth), value(d.productivity_gain)
        for t in range(sc.years + 1):
            year = sc.start_year + t
            pop = (
                sum(vals[t] * d.utilisation[a] for a, vals in d.population.items()) / pop_base if d.population else 1.0
            )
            factor = pop * (1 + ndg) ** t * (1 - prod) ** t
            for g in sc.result_groups:
                if g in d.base_fte:
                    base = value(d.base_fte[g])
                elif g in d.vacancies_fte:
                    base = supply[(sc.start_year, g)] + value(d.vacancies_fte[g])
                else:
                    base = supply[(sc.start_year, g)] if g in self.groups else 0.0
                demand[(year, g)] = base * factor
            if t > 0:
                self.demand_levers(year)

    def demand_levers(self, year: int) -> None:
        """Productivity, then substitution (new roles covering demand, against demand before substitution)."""
        value, demand = self.value, self.demand
        for iv in self.active:
            if iv.lever == "productivity":
                demand[(year, iv.staff_group)] *= 1 - value(iv.effect) * iv.ramp(year)
        covered_before = dict(demand)
        for iv in self.active:
            if iv.lever == "substitution":
                cover = covered_before[(year, iv.staff_group)]
                posts = (value(iv.amount) if iv.amount is not None else value(iv.effect) * cover) * iv.ramp(year)
                demand[(year, iv.staff_group)] -= value(iv.equivalence) * posts
                demand[(year, iv.new_role)] += posts
                if iv.new_role not in self.groups:
                    self.supply[(year, iv.new_role)] += posts  # posts assumed filled (no cohorts to model them)
                    self.headcount[(year, iv.new_role)] += posts
        for g in self.sc.result_groups:
            demand[(year, g)] = max(demand[(year, g)], 0.0)

    def costs(self):
        sc, cost = self.sc, {}
        for t in range(1, sc.years + 1):
            year = sc.start_year + t
            for iv in sc.interventions:
                cost[(year, iv.name)] = (
                    self.value(iv.cost_per_year) if (iv in self.active and year >= iv.start_year) else 0.0
                )
        return cost


def reference_result(scenario: Scenario, *, runs: int = 1, seed: int = 0) -> ProjectionResult:
    """The reference engine's runs as a ``ProjectionResult``, the same tables ``run`` gives.

    Lets every method test run on both engines (tests/engine_spec/conftest.py).
    """
    outputs = reference_run(scenario, runs=runs, seed=seed)
    groups = list(scenario.result_groups)
    years = range(scenario.start_year, scenario.end_year + 1)

    def table(name: str) -> np.ndarray:
        return np.array([[[getattr(o["full"], name)[(y, g)] for g in groups] for y in years] for o in outputs])

    cost = np.array(
        [[[o["full"].cost[(y, iv.name)] for y in years[1:]] for iv in scenario.interventions] for o in outputs]
    ).reshape(runs, len(scenario.interventions), scenario.years)
    return ProjectionResult(
        scenario=scenario,
        runs=runs,
        seed=seed,
        groups=groups,
        supply_fte=table("supply_fte"),
        headcount=table("headcount"),
        demand_fte=table("demand_fte"),
        gap_by_step=np.array([o["gap_by_step"] for o in outputs]).reshape(
            runs, len(scenario.interventions) + 1, scenario.years + 1
        ),
        cost_by_run=cost,
    )
