"""The reference engine: the projection method as a plain loop over runs, years and cohorts.

Slow and written to be read next to docs/engine/method.md; the fast kernel
(``lodestar.engine.kernel``) must agree with it (tests/engine_spec/test_reference_agreement.py).
It shares only the parsed ``Scenario`` and the parameter draws (``lodestar.engine.sampling``)
with the kernel, nothing of the kernel's arrays or index tricks.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """Every run of the scenario: the full projection plus the gap at the end for each waterfall step.

    Returns one dict per run: {"full": RunOutput, "final_gap_by_step": [gap without interventions,
    gap with the first intervention, ..., gap with all]}.
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
            end = scenario.end_year
            steps.append(
                sum(o.demand_fte[(end, g)] for g in scenario.result_groups)
                - sum(o.supply_fte[(end, g)] for g in scenario.result_groups)
            )
        out.append({"full": full, "final_gap_by_step": steps})
    return out


def project_one(scenario: Scenario, value, active: tuple[Intervention, ...]) -> RunOutput:
    """One run of the projection with the ``active`` interventions; ``value(param)`` gives each number."""
    sc = scenario
    bands = [b.name for b in sc.age_bands]
    ageing = {b.name: (0.0 if b.years is None else 1.0 / b.years) for b in sc.age_bands}
    groups = list(sc.staff_groups)

    # --- the cohort grid: every (organisation, staff group, band) gets every age band
    segments = list(dict.fromkeys((c.organisation, c.staff_group, c.band) for c in sc.cohorts))
    given = {(c.organisation, c.staff_group, c.band, c.age_band): c for c in sc.cohorts}
    stock = {}
    ratio = {}
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
    base_group_fte = {g: sum(v for k, v in stock.items() if k[1] == g) for g in groups}

    # --- where joiners land: organisation and band in proportion to base-year FTE, age by the profile
    seg_fte0 = {seg: sum(stock[(*seg, a)] for a in bands) for seg in segments}
    share = {}  # group -> {segment: share}
    for g in groups:
        segs = [s for s in segments if s[1] == g]
        total = sum(seg_fte0[s] for s in segs)
        share[g] = {s: (seg_fte0[s] / total if total > 0 else 1.0 / len(segs)) for s in segs}
    org_share = {}  # (org, group) -> {segment: share}, for conversions arriving at an organisation
    for s in segments:
        org_share.setdefault((s[0], s[1]), {})
    for (o, g), d in org_share.items():
        segs = [s for s in segments if s[0] == o and s[1] == g]
        total = sum(seg_fte0[s] for s in segs)
        for s in segs:
            d[s] = seg_fte0[s] / total if total > 0 else 1.0 / len(segs)
    profile = {}
    for g in groups:
        weights = sc.rates[g].joiner_age_profile
        if weights is None:
            weights = {a: sum(stock[(*s, a)] for s in segments if s[1] == g) for a in bands}
        total = sum(weights.get(a, 0.0) for a in bands)
        profile[g] = {a: (weights.get(a, 0.0) / total if total > 0 else 1.0 / len(bands)) for a in bands}

    # --- conversion routes (base conversions and conversion levers)
    routes = []
    for cv in sc.conversions:
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
    for iv in active:
        if iv.lever == "conversion":
            amount = value(iv.effect) if iv.effect is not None else value(iv.amount) / base_group_fte[iv.source_group]
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

    def org_stock(st, org, g):
        return sum(v for k, v in st.items() if k[0] == org and k[1] == g)

    def route_rates(year, base_only=False):
        """Each route's rate this year, scaled down if a group's routes would take more than all of it."""
        rates = [(rt["rate"](year) if (rt["base"] or not base_only) else 0.0) for rt in routes]
        totals = {}
        for rt, x in zip(routes, rates, strict=True):
            totals[rt["src"]] = totals.get(rt["src"], 0.0) + x
        scaled = [x / totals[rt["src"]] if totals[rt["src"]] > 1 else x for rt, x in zip(routes, rates, strict=True)]
        conv = {g: min(totals.get(g, 0.0), 1.0) for g in groups}
        return scaled, conv

    orgs = list(dict.fromkeys(s[0] for s in segments))
    first_rates, _ = route_rates(sc.start_year, base_only=True)
    in_flight = [
        {o: first_rates[i] * org_stock(stock, o, rt["src"]) for o in orgs} if rt["base"] else dict.fromkeys(orgs, 0.0)
        for i, rt in enumerate(routes)
    ]
    outflow_history = [{} for _ in routes]  # route -> {year: {org: FTE starting the conversion}}

    supply, headcount, demand, cost = {}, {}, {}, {}

    def record(year, st):
        for g in groups:
            supply[(year, g)] = sum(v for k, v in st.items() if k[1] == g)
            headcount[(year, g)] = sum(v * ratio[k] for k, v in st.items() if k[1] == g)

    record(sc.start_year, stock)
    for year in range(sc.start_year + 1, sc.end_year + 1):
        opening = dict(stock)
        # multipliers from retention and retirement levers
        m_leave = dict.fromkeys(groups, 1.0)
        m_retire = dict.fromkeys(groups, 1.0)
        for iv in active:
            if iv.lever == "leaver_rate_change":
                m_leave[iv.staff_group] *= 1.0 + value(iv.effect) * iv.ramp(year)
            elif iv.lever == "retirement_deferral":
                m_retire[iv.staff_group] *= 1.0 + value(iv.effect) * iv.ramp(year)
        scaled, conv = route_rates(year)
        for i, rt in enumerate(routes):
            outflow_history[i][year] = {o: scaled[i] * org_stock(opening, o, rt["src"]) for o in orgs}

        # joiners per group
        joiners = {}
        for g in groups:
            gr = sc.rates[g]
            j = value(gr.joiners_per_year) + value(gr.international_recruits_per_year) + value(gr.returners_per_year)
            j += value(gr.joiner_rate) * sum(v for k, v in opening.items() if k[1] == g)
            for pl in sc.pipelines:
                if pl.staff_group == g:
                    j += value(pl.intake_per_year) * (1 - value(pl.attrition)) * value(pl.share_taking_posts)
            joiners[g] = j
        for iv in active:
            g = iv.staff_group
            if iv.lever == "extra_training_places":
                places = value(iv.amount) if iv.amount is not None else value(iv.effect) * base_group_fte[g]
                joiners[g] += (
                    places * iv.ramp(year - iv.course_years) * (1 - value(iv.attrition)) * value(iv.share_taking_posts)
                )
            elif iv.lever in ("international_recruitment", "return_to_practice", "extra_joiners"):
                amount = value(iv.amount) if iv.amount is not None else value(iv.effect) * base_group_fte[g]
                joiners[g] += amount * iv.ramp(year)

        # inflow per segment: joiners by share, conversions arriving at their own organisation
        seg_in = {s: joiners[s[1]] * share[s[1]][s] for s in segments}
        for i, rt in enumerate(routes):
            src_year = year - rt["delay"]
            started = outflow_history[i][src_year] if src_year > sc.start_year else in_flight[i]
            for o in orgs:
                arriving = started[o] * rt["keep"]
                target = org_share.get((o, rt["dst"]))
                if target:
                    for s, w in target.items():
                        seg_in[s] += arriving * w
                else:
                    for s, w in share[rt["dst"]].items():
                        seg_in[s] += arriving * w

        # each cohort: conversions out, leavers and retirements, inflow
        new = {}
        for key, s_open in opening.items():
            o, g, b, a = key
            gr = sc.rates[g]
            leave = min(value(gr.leaver_rate[a]) * m_leave[g], 1.0)
            retire = min(value(gr.retirement_rate.get(a)) * m_retire[g], 1.0)
            rate = min(leave + retire, 1.0)
            c = conv[g]
            inflow = seg_in[(o, g, b)] * profile[g][a]
            remaining = (1 - c) * s_open
            if sc.leaver_rate_denominator == "opening_stock":
                leavers = rate * remaining
            else:  # mean of opening and closing stock: L = rate * (remaining + closing) / 2, solved for L
                leavers = rate * (2 * remaining + inflow) / (2 + rate)
            new[key] = remaining + inflow - leavers

        # ageing: 1 / width of each band moves up one band
        stock = {}
        for o, g, b in segments:
            moving_in = 0.0
            for a in bands:
                moving_out = new[(o, g, b, a)] * ageing[a]
                stock[(o, g, b, a)] = new[(o, g, b, a)] - moving_out + moving_in
                moving_in = moving_out
        record(year, stock)

    # --- demand
    d = sc.demand
    pop_base = sum(vals[0] * d.utilisation[a] for a, vals in d.population.items())
    for g in sc.result_groups:
        for year in range(sc.start_year, sc.end_year + 1):
            supply.setdefault((year, g), 0.0)
            headcount.setdefault((year, g), 0.0)
    ndg, prod = value(d.non_demographic_growth), value(d.productivity_gain)
    for t in range(sc.years + 1):
        year = sc.start_year + t
        pop = sum(vals[t] * d.utilisation[a] for a, vals in d.population.items()) / pop_base if d.population else 1.0
        factor = pop * (1 + ndg) ** t * (1 - prod) ** t
        for g in sc.result_groups:
            if g in d.base_fte:
                base = value(d.base_fte[g])
            elif g in d.vacancies_fte:
                base = supply[(sc.start_year, g)] + value(d.vacancies_fte[g])
            else:
                base = supply[(sc.start_year, g)] if g in groups else 0.0
            demand[(year, g)] = base * factor
        if t == 0:
            continue
        for iv in active:
            if iv.lever == "productivity":
                demand[(year, iv.staff_group)] *= 1 - value(iv.effect) * iv.ramp(year)
        covered_before = dict(demand)
        for iv in active:
            if iv.lever == "substitution":
                cover = covered_before[(year, iv.staff_group)]
                posts = (value(iv.amount) if iv.amount is not None else value(iv.effect) * cover) * iv.ramp(year)
                demand[(year, iv.staff_group)] -= value(iv.equivalence) * posts
                demand[(year, iv.new_role)] += posts
                if iv.new_role not in groups:
                    supply[(year, iv.new_role)] += posts  # posts assumed filled (no cohorts to model them)
                    headcount[(year, iv.new_role)] += posts
        for g in sc.result_groups:
            demand[(year, g)] = max(demand[(year, g)], 0.0)
    for t in range(1, sc.years + 1):
        year = sc.start_year + t
        for iv in sc.interventions:
            cost[(year, iv.name)] = value(iv.cost_per_year) if (iv in active and year >= iv.start_year) else 0.0
    return RunOutput(supply, headcount, demand, cost)
