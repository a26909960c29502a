"""The fast engine: the projection method vectorised over (runs, cohorts) with NumPy.

The same method as ``lodestar.engine.reference`` (docs/engine/method.md), organised for speed:

* ``compile_scenario`` lays every cohort out once as a dense grid ``(segments, age bands)``,
  where a segment is one (staff group, organisation, AfC band); segments of a staff group
  are contiguous and staff groups linked by conversions form a *component* (conversions are
  the only flows between staff groups, so components are independent systems).
* ``run_block`` projects a block of runs: state arrays shaped ``(runs, segments, age bands)``
  step year by year; each year's cohort update is ``S <- a * S + b * inflow`` with
  coefficients that change only when a lever ramps, then ageing moves ``1 / width`` of each
  band up one band.  Cohorts are reduced to staff-group totals inside the block, so memory
  is (runs x years x staff groups), never (runs x cohorts x years).
* The waterfall re-projects, with the same draws, only the component an intervention acts
  on, and only for interventions that change supply; demand-side levers just recompute demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lodestar.engine.levers import SUPPLY_LEVERS
from lodestar.engine.sampling import Values, draw
from lodestar.engine.spec import Intervention, Scenario


@dataclass
class Compiled:
    scenario: Scenario
    groups: list[str]  # cohort staff groups, component by component
    result_groups: list[str]
    seg_group: np.ndarray  # (nseg,) index into groups
    seg_org: np.ndarray  # (nseg,) index into orgs
    orgs: list[str]
    group_start: np.ndarray  # (G + 1,) segment offsets of each group
    s0: np.ndarray  # (nseg, A) base FTE
    ratio: np.ndarray  # (nseg, A) headcount per FTE
    share: np.ndarray  # (nseg,) share of the group's joiners landing in the segment
    profile: np.ndarray  # (G, A) joiners' age profile
    org_target: dict  # (group index) -> (norg, nseg) share of conversions from each org landing in each segment
    ageing: np.ndarray  # (A,) fraction moving up a band each year (0 for the last)
    components: list[list[int]]  # group indices of each component (contiguous)
    base_group_fte: np.ndarray  # (G,)


def compile_scenario(sc: Scenario) -> Compiled:
    bands = [b.name for b in sc.age_bands]
    band_ix = {b: i for i, b in enumerate(bands)}
    first_seen = list(sc.staff_groups)
    # components: union-find over conversion links (base conversions and conversion levers)
    parent = {g: g for g in first_seen}

    def find(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    links = [(cv.from_group, cv.to_group) for cv in sc.conversions]
    links += [(iv.source_group, iv.staff_group) for iv in sc.interventions if iv.lever == "conversion"]
    for a, b in links:
        parent[find(a)] = find(b)
    roots = list(dict.fromkeys(find(g) for g in first_seen))
    groups = [g for r in roots for g in first_seen if find(g) == r]
    g_ix = {g: i for i, g in enumerate(groups)}
    components = [[g_ix[g] for g in groups if find(g) == r] for r in roots]

    seg_keys = list(dict.fromkeys((c.staff_group, c.organisation, c.band) for c in sc.cohorts))
    orgs = list(dict.fromkeys(k[1] for k in seg_keys))
    o_ix = {o: i for i, o in enumerate(orgs)}
    seg_keys.sort(key=lambda k: (g_ix[k[0]], o_ix[k[1]]))  # by group, then organisation (stable for bands)
    seg_ix = {k: i for i, k in enumerate(seg_keys)}
    nseg, nb, ng = len(seg_keys), len(bands), len(groups)
    s0 = np.zeros((nseg, nb))
    hc = np.zeros((nseg, nb))
    given = np.zeros((nseg, nb), dtype=bool)
    for c in sc.cohorts:
        i, a = seg_ix[(c.staff_group, c.organisation, c.band)], band_ix[c.age_band]
        s0[i, a] = c.fte
        hc[i, a] = c.headcount
        given[i, a] = c.fte > 0
    seg_fte_pos = np.where(given, s0, 0).sum(1)
    seg_hc_pos = np.where(given, hc, 0).sum(1)
    seg_ratio = np.divide(seg_hc_pos, seg_fte_pos, out=np.ones(nseg), where=seg_fte_pos > 0)
    ratio = np.where(given, np.divide(hc, s0, out=np.ones_like(s0), where=given), seg_ratio[:, None])
    seg_group = np.array([g_ix[k[0]] for k in seg_keys], dtype=np.intp)
    seg_org = np.array([o_ix[k[1]] for k in seg_keys], dtype=np.intp)
    group_start = np.searchsorted(seg_group, np.arange(ng + 1))
    seg_fte = s0.sum(1)
    base_group_fte = np.array([seg_fte[group_start[g] : group_start[g + 1]].sum() for g in range(ng)])
    share = np.empty(nseg)
    profile = np.empty((ng, nb))
    for g in range(ng):
        sl = slice(group_start[g], group_start[g + 1])
        total = base_group_fte[g]
        n = sl.stop - sl.start
        share[sl] = seg_fte[sl] / total if total > 0 else 1.0 / n
        weights = sc.rates[groups[g]].joiner_age_profile
        w = s0[sl].sum(0) if weights is None else np.array([weights.get(b, 0.0) for b in bands])
        profile[g] = w / w.sum() if w.sum() > 0 else 1.0 / nb
    org_target = {}
    targets = {g_ix[cv.to_group] for cv in sc.conversions}
    targets |= {g_ix[iv.staff_group] for iv in sc.interventions if iv.lever == "conversion"}
    for g in targets:
        m = np.zeros((len(orgs), nseg))
        sl = slice(group_start[g], group_start[g + 1])
        for o in range(len(orgs)):
            at_org = np.flatnonzero(seg_org[sl] == o) + sl.start
            if at_org.size:
                tot = seg_fte[at_org].sum()
                m[o, at_org] = seg_fte[at_org] / tot if tot > 0 else 1.0 / at_org.size
            else:
                m[o, sl] = share[sl]
        org_target[g] = m
    ageing = np.array([0.0 if b.years is None else 1.0 / b.years for b in sc.age_bands])
    return Compiled(
        scenario=sc,
        groups=groups,
        result_groups=list(sc.result_groups),
        seg_group=seg_group,
        seg_org=seg_org,
        orgs=orgs,
        group_start=group_start,
        s0=s0,
        ratio=ratio,
        share=share,
        profile=profile,
        org_target=org_target,
        ageing=ageing,
        components=components,
        base_group_fte=base_group_fte,
    )


@dataclass
class BlockOutput:
    """Per-run aggregates of one block of runs (the full scenario unless said otherwise)."""

    run_start: int
    supply_fte: np.ndarray  # (n, T + 1, groups) in result_groups order
    headcount: np.ndarray
    demand_fte: np.ndarray
    final_gap_by_step: np.ndarray  # (n, K + 1): gap at the end, all groups, without and with each intervention added
    cost: np.ndarray  # (n, K, T)


def _touches(iv: Intervention, comp_groups: set[str]) -> bool:
    return iv.staff_group in comp_groups or (iv.lever == "conversion" and iv.source_group in comp_groups)


def run_block(cp: Compiled, seed: int, run_start: int, n_runs: int, total_runs: int) -> BlockOutput:
    sc = cp.scenario
    vals = Values(sc, draw(sc, seed, run_start, n_runs, total_runs))
    T, K = sc.years, len(sc.interventions)
    G = len(cp.groups)
    supply_steps = [None] * (K + 1)  # step v -> (supply, headcount) of cohort groups with interventions[:v]
    base_supply = np.empty((n_runs, T + 1, G))
    base_hc = np.empty((n_runs, T + 1, G))
    # per component: the baseline, then each supply intervention acting on it, cumulatively
    comp_versions = []  # list of (component, [(k, supply, hc), ...])
    for comp in cp.components:
        names = {cp.groups[g] for g in comp}
        active: list[Intervention] = []
        versions = []
        s, h = simulate_component(cp, comp, vals, ())
        versions.append((-1, s, h))
        for k, iv in enumerate(sc.interventions):
            if iv.lever in SUPPLY_LEVERS and _touches(iv, names):
                active.append(iv)
                s, h = simulate_component(cp, comp, vals, tuple(active))
                versions.append((k, s, h))
        comp_versions.append((comp, versions))
    for v in range(K + 1):
        sup = np.empty((n_runs, T + 1, G))
        hcs = np.empty((n_runs, T + 1, G))
        for comp, versions in comp_versions:
            _, s, h = [x for x in versions if x[0] < v][-1]
            sup[:, :, comp[0] : comp[-1] + 1] = s
            hcs[:, :, comp[0] : comp[-1] + 1] = h
        supply_steps[v] = (sup, hcs)
    base_supply, base_hc = supply_steps[0]
    final_gap = np.empty((n_runs, K + 1))
    full = None
    for v in range(K + 1):
        sup, hcs = supply_steps[v]
        supply_r, hc_r, demand_r, cost = demand_and_results(cp, vals, sc.interventions[:v], sup, hcs)
        final_gap[:, v] = demand_r[:, T, :].sum(1) - supply_r[:, T, :].sum(1)
        if v == K:
            full = (supply_r, hc_r, demand_r, cost)
    supply_r, hc_r, demand_r, cost = full
    return BlockOutput(run_start, supply_r, hc_r, demand_r, final_gap, cost)


def demand_and_results(cp: Compiled, vals: Values, active, sup, hcs):
    """Demand for every result group, and supply/headcount moved into result-group order."""
    sc = cp.scenario
    d = sc.demand
    n, T1 = sup.shape[0], sup.shape[1]
    T = T1 - 1
    R = len(cp.result_groups)
    r_ix = {g: i for i, g in enumerate(cp.result_groups)}
    supply = np.zeros((n, T1, R))
    headcount = np.zeros((n, T1, R))
    for gi, g in enumerate(cp.groups):
        supply[:, :, r_ix[g]] = sup[:, :, gi]
        headcount[:, :, r_ix[g]] = hcs[:, :, gi]
    t = np.arange(T1)
    if d.population:
        weighted = sum(np.asarray(v) * d.utilisation[a] for a, v in d.population.items())
        pop = weighted / weighted[0]
    else:
        pop = np.ones(T1)
    ndg = vals(d.non_demographic_growth)[:, None]
    prod = vals(d.productivity_gain)[:, None]
    factor = pop[None, :] * (1 + ndg) ** t[None, :] * (1 - prod) ** t[None, :]  # (n, T1)
    demand = np.empty((n, T1, R))
    cohort_groups = set(cp.groups)
    for g, i in r_ix.items():
        if g in d.base_fte:
            base = vals(d.base_fte[g])
        elif g in d.vacancies_fte:
            base = supply[:, 0, i] + vals(d.vacancies_fte[g])
        else:
            base = supply[:, 0, i] if g in cohort_groups else np.zeros(n)
        demand[:, :, i] = base[:, None] * factor
    years = sc.start_year + t
    for iv in active:
        if iv.lever == "productivity":
            ramp = _ramp(iv, years)
            ramp[0] = 0.0
            demand[:, :, r_ix[iv.staff_group]] *= 1 - vals(iv.effect)[:, None] * ramp[None, :]
    covered = demand.copy()
    for iv in active:
        if iv.lever == "substitution":
            ramp = _ramp(iv, years)
            ramp[0] = 0.0
            if iv.amount is not None:
                posts = vals(iv.amount)[:, None] * ramp[None, :]
            else:
                posts = vals(iv.effect)[:, None] * covered[:, :, r_ix[iv.staff_group]] * ramp[None, :]
            demand[:, :, r_ix[iv.staff_group]] -= vals(iv.equivalence)[:, None] * posts
            j = r_ix[iv.new_role]
            demand[:, :, j] += posts
            if iv.new_role not in cohort_groups:
                supply[:, :, j] += posts
                headcount[:, :, j] += posts
    demand[:, 1:, :] = np.maximum(demand[:, 1:, :], 0.0)
    cost = np.zeros((n, len(sc.interventions), T))
    for k, iv in enumerate(sc.interventions):
        if iv in active:
            on = (years[1:] >= iv.start_year).astype(float)
            cost[:, k, :] = vals(iv.cost_per_year)[:, None] * on[None, :]
    return supply, headcount, demand, cost


def _ramp(iv: Intervention, years: np.ndarray) -> np.ndarray:
    return np.clip((years - iv.start_year + 1) / iv.ramp_up_years, 0.0, 1.0).astype(np.float64)


def simulate_component(cp: Compiled, comp: list[int], vals: Values, active: tuple[Intervention, ...]):
    """Project one component's cohorts for a block of runs: returns (supply, headcount), (n, T + 1, groups).

    State ``S`` is laid out (runs, age bands, segments) so that an age band of every run is
    a contiguous row and ageing moves whole rows.  A year is::

        S_next[a] = P[a] * S[a] + Q[a] * S[a - 1] + B[a] * inflow

    where ``P = (1 - f) * coef_a``, ``Q = f * coef_a`` of the band below and ``B`` the inflow
    coefficients aged the same way (``f`` = 1 / band width); ``coef_a`` and the inflow
    coefficient come from the leaver, retirement and conversion rates (method.md, "One year").
    """
    sc = cp.scenario
    n, T = vals.n, sc.years
    g0, g1 = comp[0], comp[-1] + 1
    ng = g1 - g0
    seg0, seg1 = cp.group_start[g0], cp.group_start[g1]
    nseg = seg1 - seg0
    gstart = cp.group_start[g0 : g1 + 1] - seg0  # local offsets
    seg_group = cp.seg_group[seg0:seg1] - g0
    seg_org = cp.seg_org[seg0:seg1]
    bands = [b.name for b in sc.age_bands]
    nb = len(bands)
    names = [cp.groups[g] for g in range(g0, g1)]
    local = {g: i for i, g in enumerate(names)}
    norg = len(cp.orgs)

    # base rates per run, age band and group -> per cohort, laid out (runs, age bands, segments)
    leave_ag = np.empty((n, nb, ng))
    retire_ag = np.empty((n, nb, ng))
    for gi, g in enumerate(names):
        gr = sc.rates[g]
        for ai, a in enumerate(bands):
            leave_ag[:, ai, gi] = vals(gr.leaver_rate[a])
            retire_ag[:, ai, gi] = vals(gr.retirement_rate.get(a))
    leave0 = np.take(leave_ag, seg_group, axis=2)
    retire0 = np.take(retire_ag, seg_group, axis=2)
    has_retire = bool(retire0.any())
    prof = np.ascontiguousarray(cp.profile[g0:g1][seg_group].T)  # (nb, nseg)
    share = cp.share[seg0:seg1]
    f = cp.ageing  # (nb,)
    keep_band = (1 - f)[None, :, None]
    age_up = f[:-1][None, :, None]

    # joiners that do not depend on the state: (n, ng, T + 1) indexed by year offset
    years = sc.start_year + np.arange(T + 1)
    fixed_join = np.zeros((n, ng, T + 1))
    join_rate = np.zeros((n, ng))
    for gi, g in enumerate(names):
        gr = sc.rates[g]
        j = vals(gr.joiners_per_year) + vals(gr.international_recruits_per_year) + vals(gr.returners_per_year)
        for pl in sc.pipelines:
            if pl.staff_group == g:
                j = j + vals(pl.intake_per_year) * (1 - vals(pl.attrition)) * vals(pl.share_taking_posts)
        fixed_join[:, gi, :] = j[:, None]
        join_rate[:, gi] = vals(gr.joiner_rate)
    use_join_rate = bool(join_rate.any())
    m_leave = np.ones((n, ng, T + 1))
    m_retire = np.ones((n, ng, T + 1))
    routes = []  # (src local, dst local, delay, keep (n,), rate (n, T + 1), base)
    for cv in sc.conversions:
        if cv.from_group in local:
            rate = np.repeat(vals(cv.rate)[:, None], T + 1, axis=1)
            routes.append(
                (local[cv.from_group], local[cv.to_group], cv.course_years, 1 - vals(cv.attrition), rate, True)
            )
    for iv in active:
        gi = local.get(iv.staff_group)
        ramp = _ramp(iv, years)[None, :]
        if iv.lever == "leaver_rate_change":
            m_leave[:, gi, :] *= 1 + vals(iv.effect)[:, None] * ramp
        elif iv.lever == "retirement_deferral":
            m_retire[:, gi, :] *= 1 + vals(iv.effect)[:, None] * ramp
        elif iv.lever == "extra_training_places":
            places = vals(iv.amount) if iv.amount is not None else vals(iv.effect) * cp.base_group_fte[g0 + gi]
            delayed = _ramp(iv, years - iv.course_years)[None, :]
            fixed_join[:, gi, :] += (places * (1 - vals(iv.attrition)) * vals(iv.share_taking_posts))[:, None] * delayed
        elif iv.lever in ("international_recruitment", "return_to_practice", "extra_joiners"):
            amount = vals(iv.amount) if iv.amount is not None else vals(iv.effect) * cp.base_group_fte[g0 + gi]
            fixed_join[:, gi, :] += amount[:, None] * ramp
        elif iv.lever == "conversion":
            src = local[iv.source_group]
            if iv.effect is not None:
                amount = vals(iv.effect)
            else:
                amount = vals(iv.amount) / cp.base_group_fte[g0 + src]
            routes.append((src, gi, iv.course_years, 1 - vals(iv.attrition), amount[:, None] * ramp, False))
    # conversion rates per source group, scaled down where they add up to more than 1
    conv_total = np.zeros((n, ng, T + 1))
    for src, _, _, _, rate, _ in routes:
        conv_total[:, src, :] += rate
    scale = np.where(conv_total > 1, 1 / np.maximum(conv_total, 1e-300), 1.0)
    conv = np.minimum(conv_total, 1.0)
    base_total = np.zeros((n, ng))
    for src, _, _, _, rate, base in routes:
        if base:
            base_total[:, src] += rate[:, 0]
    base_scale = np.where(base_total > 1, 1 / np.maximum(base_total, 1e-300), 1.0)

    # per source group: its segments (sorted by organisation) and where each organisation starts
    org_runs = {}
    for src, *_ in routes:
        sl = slice(gstart[src], gstart[src + 1])
        o = seg_org[sl]
        starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
        org_runs[src] = (sl, starts, o[starts])

    def org_sums(state, gi):
        sl, starts, orgs_here = org_runs[gi]
        out = np.zeros((n, norg))
        out[:, orgs_here] = np.add.reduceat(state[:, :, sl].sum(axis=1), starts, axis=1)
        return out

    # conversions arriving at an organisation land in the target group's segments there, in
    # proportion to base-year FTE; arrivals at organisations without the target group spread
    # like the group's joiners
    targets = {}
    for _, dst, *_ in routes:
        m = cp.org_target[g0 + dst]
        sl = slice(gstart[dst], gstart[dst + 1])
        o = seg_org[sl]
        here = m[o, np.arange(seg0 + sl.start, seg0 + sl.stop)]
        present = np.zeros(norg, dtype=bool)
        present[o] = True
        targets[dst] = (sl, o, here, np.flatnonzero(~present), share[sl])

    def arrive(seg_in, arrivals, dst):
        sl, o, here, missing, spread = targets[dst]
        seg_in[:, sl] += arrivals[:, o] * here
        if missing.size:
            seg_in[:, sl] += arrivals[:, missing].sum(axis=1)[:, None] * spread

    # aggregation: FTE per segment (sum over age bands), headcount through each cohort's ratio
    ratio = np.ascontiguousarray(cp.ratio[seg0:seg1].T)  # (nb, nseg)
    ratio_by_segment = ratio[0] if np.all(ratio == ratio[0]) else None

    S = np.broadcast_to(cp.s0[seg0:seg1].T, (n, nb, nseg)).copy()
    buf = np.empty_like(S)
    tmp = np.empty_like(S)
    supply = np.empty((n, T + 1, ng))
    headcount = np.empty((n, T + 1, ng))
    opening = sc.leaver_rate_denominator == "opening_stock"

    def aggregate(state, t):
        segsum = state.sum(axis=1)
        supply[:, t, :] = np.add.reduceat(segsum, gstart[:-1], axis=1)
        if ratio_by_segment is not None:
            seg_hc = segsum * ratio_by_segment
        else:
            seg_hc = np.einsum("rak,ak->rk", state, ratio)
        headcount[:, t, :] = np.add.reduceat(seg_hc, gstart[:-1], axis=1)

    aggregate(S, 0)
    in_flight = []
    history = []  # per route: list over year offsets of (n, norg) FTE starting
    for src, _dst, _d, _k, rate, base in routes:
        in_flight.append((rate[:, 0] * base_scale[:, src])[:, None] * org_sums(S, src) if base else np.zeros((n, norg)))
        history.append([None] * (T + 1))

    P = Q = B = None
    last_key = None
    for t in range(1, T + 1):
        key = (m_leave[:, :, t].tobytes(), m_retire[:, :, t].tobytes(), conv[:, :, t].tobytes())
        if key != last_key:
            ml = m_leave[:, seg_group, t][:, None, :]
            r = np.minimum(leave0 * ml, 1.0)
            if has_retire:
                r += np.minimum(retire0 * m_retire[:, seg_group, t][:, None, :], 1.0)
                np.minimum(r, 1.0, out=r)
            c = conv[:, seg_group, t][:, None, :]
            if opening:
                coef = (1 - c) * (1 - r)
                inflow = np.broadcast_to(prof, S.shape)
            else:
                k = r / (2 + r)
                coef = (1 - c) * (1 - 2 * k)
                inflow = (1 - k) * prof
            P = coef * keep_band
            Q = coef[:, :-1, :] * age_up
            B = inflow * keep_band
            B[:, 1:, :] += inflow[:, :-1, :] * age_up
            last_key = key
        seg_in = (fixed_join[:, :, t] + join_rate * supply[:, t - 1, :] if use_join_rate else fixed_join[:, :, t])[
            :, seg_group
        ] * share
        for i, (src, dst, delay, keep, rate, _base) in enumerate(routes):
            history[i][t] = (rate[:, t] * scale[:, src, t])[:, None] * org_sums(S, src)
            started = history[i][t - delay] if t - delay >= 1 else in_flight[i]
            arrive(seg_in, started * keep[:, None], dst)
        np.multiply(P, S, out=buf)
        np.multiply(Q, S[:, :-1, :], out=tmp[:, :-1, :])
        buf[:, 1:, :] += tmp[:, :-1, :]
        np.multiply(B, seg_in[:, None, :], out=tmp)
        buf += tmp
        S, buf = buf, S
        aggregate(S, t)
    return supply, headcount


def collect_blocks(finished, runs: int, progress) -> list[BlockOutput]:
    """Block outputs from futures in the order they finish, reporting ``progress(done, runs)``.

    ``finished`` is ``as_completed(...)`` from concurrent.futures or from Dask distributed.
    """
    outputs: list[BlockOutput] = []
    done = 0
    for future in finished:
        out = future.result()
        outputs.append(out)
        done += out.supply_fte.shape[0]
        if progress:
            progress(done, runs)
    return outputs
