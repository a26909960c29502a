"""The NumPy kernel: the projection method vectorised over (runs, cohorts) with NumPy.

``run_block`` (a block of runs with its waterfall and demand) is shared with the fused kernel
(``lodestar.engine.fused``), which replaces only a component's year loop with compiled code
and subclasses ``_Component`` for the set-up (docs/adr/0028-fused-kernel.md).

The same method as ``lodestar.engine.reference`` (docs/engine/method.md), organised for speed:

* ``compile_scenario`` (``lodestar.engine.grid``) lays every cohort out once as a dense grid
  ``(segments, age bands)``, where a segment is one (staff group, organisation, AfC band);
  segments of a staff group are contiguous and staff groups linked by conversions form a
  *component* (conversions are the only flows between staff groups, so components are
  independent systems).
* ``run_block`` projects a block of runs: state arrays shaped ``(runs, segments, age bands)``
  step year by year; each year's cohort update is ``S <- a * S + b * inflow`` with
  coefficients that change only when a lever ramps, then ageing moves ``1 / width`` of each
  band up one band.  Cohorts are reduced to staff-group totals inside the block, so memory
  is (runs x years x staff groups), never (runs x cohorts x years).
* The waterfall re-projects, with the same draws, only the component an intervention acts
  on, and only for interventions that change supply; demand-side levers just recompute demand.
  Each step keeps only its gap (all groups together) for every year: (runs x steps x years).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lodestar.engine.grid import Compiled
from lodestar.engine.levers import SUPPLY_LEVERS
from lodestar.engine.sampling import Values, draw
from lodestar.engine.spec import Intervention


@dataclass
class BlockOutput:
    """Per-run aggregates of one block of runs (the full scenario unless said otherwise)."""

    run_start: int
    supply_fte: np.ndarray  # (n, T + 1, groups) in result_groups order
    headcount: np.ndarray
    demand_fte: np.ndarray
    gap_by_step: np.ndarray  # (n, K + 1, T + 1): gap each year, all groups, with interventions[:v] for step v
    cost: np.ndarray  # (n, K, T)


def _touches(iv: Intervention, comp_groups: set[str]) -> bool:
    return iv.staff_group in comp_groups or (iv.lever == "conversion" and iv.source_group in comp_groups)


def run_block(cp: Compiled, seed: int, run_start: int, n_runs: int, total_runs: int, simulate=None) -> BlockOutput:
    """Project runs ``run_start .. run_start + n_runs - 1`` with every waterfall step.

    ``simulate`` projects one component (default ``simulate_component``, the NumPy loop;
    ``lodestar.engine.fused.simulate_component`` is the compiled one).
    """
    simulate = simulate or simulate_component
    sc = cp.scenario
    vals = Values(sc, draw(sc, seed, run_start, n_runs, total_runs))
    T, K = sc.years, len(sc.interventions)
    G = len(cp.groups)
    # per component: the baseline, then each supply intervention acting on it, cumulatively
    comp_versions = []  # list of (component, [(k, supply, hc), ...])
    for comp in cp.components:
        names = {cp.groups[g] for g in comp}
        active: list[Intervention] = []
        versions = []
        s, h = simulate(cp, comp, vals, ())
        versions.append((-1, s, h))
        for k, iv in enumerate(sc.interventions):
            if iv.lever in SUPPLY_LEVERS and _touches(iv, names):
                active.append(iv)
                s, h = simulate(cp, comp, vals, tuple(active))
                versions.append((k, s, h))
        comp_versions.append((comp, versions))
    # step v (interventions[:v]): each component's latest version, one step at a time; a step
    # keeps only its gap, every year, all groups together
    gap = np.empty((n_runs, K + 1, T + 1))
    sup = np.empty((n_runs, T + 1, G))
    hcs = np.empty((n_runs, T + 1, G))
    full = None
    for v in range(K + 1):
        for comp, versions in comp_versions:
            _, s, h = [x for x in versions if x[0] < v][-1]
            sup[:, :, comp[0] : comp[-1] + 1] = s
            hcs[:, :, comp[0] : comp[-1] + 1] = h
        supply_r, hc_r, demand_r, cost = demand_and_results(cp, vals, sc.interventions[:v], sup, hcs)
        gap[:, v, :] = demand_r.sum(axis=2) - supply_r.sum(axis=2)
        if v == K:
            full = (supply_r, hc_r, demand_r, cost)
    supply_r, hc_r, demand_r, cost = full
    return BlockOutput(run_start, supply_r, hc_r, demand_r, gap, cost)


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
    return _Component(cp, comp, vals, active).project()


class _Component:
    """One component's projection for a block of runs, set up step by step (method.md, "One year")."""

    def __init__(self, cp: Compiled, comp: list[int], vals: Values, active: tuple[Intervention, ...]) -> None:
        sc = cp.scenario
        self.cp, self.vals, self.sc = cp, vals, sc
        self.n, self.T = vals.n, sc.years
        g0, g1 = comp[0], comp[-1] + 1
        self.g0, self.ng = g0, g1 - g0
        self.seg0, seg1 = cp.group_start[g0], cp.group_start[g1]
        self.nseg = seg1 - self.seg0
        self.gstart = cp.group_start[g0 : g1 + 1] - self.seg0  # local offsets
        self.seg_group = cp.seg_group[self.seg0 : seg1] - g0
        self.seg_org = cp.seg_org[self.seg0 : seg1]
        self.bands = [b.name for b in sc.age_bands]
        self.names = [cp.groups[g] for g in range(g0, g1)]
        self.local = {g: i for i, g in enumerate(self.names)}
        self.norg = len(cp.orgs)
        self.years = sc.start_year + np.arange(self.T + 1)
        self.share = cp.share[self.seg0 : seg1]
        self._leaver_and_retirement_rates()
        self._joiners_and_pipelines()
        self.m_leave = np.ones((self.n, self.ng, self.T + 1))
        self.m_retire = np.ones((self.n, self.ng, self.T + 1))
        self.routes = self._base_conversions()  # (src local, dst local, delay, keep (n,), rate (n, T + 1), base)
        self._levers(active)
        self._conversion_scaling()
        self._conversion_layout()

    # --- leavers and retirement: base rates per run, age band and group -> per cohort (runs, bands, segments)
    def _leaver_and_retirement_rates(self) -> None:
        n, nb, ng, vals = self.n, len(self.bands), self.ng, self.vals
        leave_ag = np.empty((n, nb, ng))
        retire_ag = np.empty((n, nb, ng))
        for gi, g in enumerate(self.names):
            gr = self.sc.rates[g]
            for ai, a in enumerate(self.bands):
                leave_ag[:, ai, gi] = vals(gr.leaver_rate[a])
                retire_ag[:, ai, gi] = vals(gr.retirement_rate.get(a))
        self.leave0 = np.take(leave_ag, self.seg_group, axis=2)
        self.retire0 = np.take(retire_ag, self.seg_group, axis=2)
        self.has_retire = bool(self.retire0.any())

    # --- joiners that do not depend on the state: (n, ng, T + 1) indexed by year offset
    def _joiners_and_pipelines(self) -> None:
        n, ng, T, vals = self.n, self.ng, self.T, self.vals
        self.fixed_join = np.zeros((n, ng, T + 1))
        self.join_rate = np.zeros((n, ng))
        for gi, g in enumerate(self.names):
            gr = self.sc.rates[g]
            j = vals(gr.joiners_per_year) + vals(gr.international_recruits_per_year) + vals(gr.returners_per_year)
            for pl in self.sc.pipelines:
                if pl.staff_group == g:
                    j = j + vals(pl.intake_per_year) * (1 - vals(pl.attrition)) * vals(pl.share_taking_posts)
            self.fixed_join[:, gi, :] = j[:, None]
            self.join_rate[:, gi] = vals(gr.joiner_rate)
        self.use_join_rate = bool(self.join_rate.any())

    def _base_conversions(self) -> list:
        routes, vals, T = [], self.vals, self.T
        for cv in self.sc.conversions:
            if cv.from_group in self.local:
                rate = np.repeat(vals(cv.rate)[:, None], T + 1, axis=1)
                src, dst = self.local[cv.from_group], self.local[cv.to_group]
                routes.append((src, dst, cv.course_years, 1 - vals(cv.attrition), rate, True))
        return routes

    # --- levers: multipliers of the leaver and retirement rates, extra joiners, conversion routes
    def _levers(self, active: tuple[Intervention, ...]) -> None:
        vals, years, base_fte = self.vals, self.years, self.cp.base_group_fte[self.g0 :]
        for iv in active:
            gi = self.local.get(iv.staff_group)
            ramp = _ramp(iv, years)[None, :]
            if iv.lever == "leaver_rate_change":
                self.m_leave[:, gi, :] *= 1 + vals(iv.effect)[:, None] * ramp
            elif iv.lever == "retirement_deferral":
                self.m_retire[:, gi, :] *= 1 + vals(iv.effect)[:, None] * ramp
            elif iv.lever == "extra_training_places":
                places = vals(iv.amount) if iv.amount is not None else vals(iv.effect) * base_fte[gi]
                delayed = _ramp(iv, years - iv.course_years)[None, :]
                qualified = places * (1 - vals(iv.attrition)) * vals(iv.share_taking_posts)
                self.fixed_join[:, gi, :] += qualified[:, None] * delayed
            elif iv.lever in ("international_recruitment", "return_to_practice", "extra_joiners"):
                amount = vals(iv.amount) if iv.amount is not None else vals(iv.effect) * base_fte[gi]
                self.fixed_join[:, gi, :] += amount[:, None] * ramp
            elif iv.lever == "conversion":
                src = self.local[iv.source_group]
                amount = vals(iv.effect) if iv.effect is not None else vals(iv.amount) / base_fte[src]
                self.routes.append((src, gi, iv.course_years, 1 - vals(iv.attrition), amount[:, None] * ramp, False))

    # --- conversion rates per source group, scaled down where they add up to more than 1
    def _conversion_scaling(self) -> None:
        n, ng, T = self.n, self.ng, self.T
        conv_total = np.zeros((n, ng, T + 1))
        for src, _, _, _, rate, _ in self.routes:
            conv_total[:, src, :] += rate
        self.scale = np.where(conv_total > 1, 1 / np.maximum(conv_total, 1e-300), 1.0)
        self.conv = np.minimum(conv_total, 1.0)
        base_total = np.zeros((n, ng))
        for src, _, _, _, rate, base in self.routes:
            if base:
                base_total[:, src] += rate[:, 0]
        self.base_scale = np.where(base_total > 1, 1 / np.maximum(base_total, 1e-300), 1.0)

    # --- where conversions start and land
    def _conversion_layout(self) -> None:
        """Per source group: its segments (sorted by organisation) and where each organisation starts.

        Conversions arriving at an organisation land in the target group's segments there, in
        proportion to base-year FTE; arrivals at organisations without the target group spread
        like the group's joiners.
        """
        gstart, seg_org, norg = self.gstart, self.seg_org, self.norg
        self.org_runs = {}
        for src, *_ in self.routes:
            sl = slice(gstart[src], gstart[src + 1])
            o = seg_org[sl]
            starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
            self.org_runs[src] = (sl, starts, o[starts])
        self.targets = {}
        for _, dst, *_ in self.routes:
            m = self.cp.org_target[self.g0 + dst]
            sl = slice(gstart[dst], gstart[dst + 1])
            o = seg_org[sl]
            here = m[o, np.arange(self.seg0 + sl.start, self.seg0 + sl.stop)]
            present = np.zeros(norg, dtype=bool)
            present[o] = True
            self.targets[dst] = (sl, o, here, np.flatnonzero(~present), self.share[sl])

    def org_sums(self, state, gi):
        sl, starts, orgs_here = self.org_runs[gi]
        out = np.zeros((self.n, self.norg))
        out[:, orgs_here] = np.add.reduceat(state[:, :, sl].sum(axis=1), starts, axis=1)
        return out

    def arrive(self, seg_in, arrivals, dst):
        sl, o, here, missing, spread = self.targets[dst]
        seg_in[:, sl] += arrivals[:, o] * here
        if missing.size:
            seg_in[:, sl] += arrivals[:, missing].sum(axis=1)[:, None] * spread

    # --- the year loop
    def project(self):
        n, T, nb, nseg = self.n, self.T, len(self.bands), self.nseg
        cp = self.cp
        # aggregation: FTE per segment (sum over age bands), headcount through each cohort's ratio
        self.ratio = np.ascontiguousarray(cp.ratio[self.seg0 : self.seg0 + nseg].T)  # (nb, nseg)
        self.ratio_by_segment = self.ratio[0] if np.all(self.ratio == self.ratio[0]) else None
        S = np.broadcast_to(cp.s0[self.seg0 : self.seg0 + nseg].T, (n, nb, nseg)).copy()
        buf = np.empty_like(S)
        tmp = np.empty_like(S)
        self.supply = np.empty((n, T + 1, self.ng))
        self.headcount = np.empty((n, T + 1, self.ng))
        self.aggregate(S, 0)
        self.in_flight = []
        self.history = []  # per route: list over year offsets of (n, norg) FTE starting
        for src, _dst, _d, _k, rate, base in self.routes:
            starting = (rate[:, 0] * self.base_scale[:, src])[:, None] * self.org_sums(S, src)
            self.in_flight.append(starting if base else np.zeros((n, self.norg)))
            self.history.append([None] * (T + 1))
        coefficients = _YearCoefficients(self, S.shape)
        for t in range(1, T + 1):
            P, Q, B = coefficients.at(t)
            seg_in = self.inflow(S, t)
            np.multiply(P, S, out=buf)
            np.multiply(Q, S[:, :-1, :], out=tmp[:, :-1, :])
            buf[:, 1:, :] += tmp[:, :-1, :]
            np.multiply(B, seg_in[:, None, :], out=tmp)
            buf += tmp
            S, buf = buf, S
            self.aggregate(S, t)
        return self.supply, self.headcount

    def inflow(self, S, t):
        """Inflow per segment in year ``t``: joiners by share, and conversions arriving."""
        fixed = self.fixed_join[:, :, t]
        joiners = fixed + self.join_rate * self.supply[:, t - 1, :] if self.use_join_rate else fixed
        seg_in = joiners[:, self.seg_group] * self.share
        for i, (src, dst, delay, keep, rate, _base) in enumerate(self.routes):
            self.history[i][t] = (rate[:, t] * self.scale[:, src, t])[:, None] * self.org_sums(S, src)
            started = self.history[i][t - delay] if t - delay >= 1 else self.in_flight[i]
            self.arrive(seg_in, started * keep[:, None], dst)
        return seg_in

    def aggregate(self, state, t):
        segsum = state.sum(axis=1)
        self.supply[:, t, :] = np.add.reduceat(segsum, self.gstart[:-1], axis=1)
        if self.ratio_by_segment is not None:
            seg_hc = segsum * self.ratio_by_segment
        else:
            seg_hc = np.einsum("rak,ak->rk", state, self.ratio)
        self.headcount[:, t, :] = np.add.reduceat(seg_hc, self.gstart[:-1], axis=1)


class _YearCoefficients:
    """``P``, ``Q`` and ``B`` of a year (leavers, retirement, conversions out, ageing), recomputed only
    when a lever's ramp changes them."""

    def __init__(self, c: _Component, shape: tuple[int, ...]) -> None:
        self.c = c
        self.shape = shape
        self.opening = c.sc.leaver_rate_denominator == "opening_stock"
        self.prof = np.ascontiguousarray(c.cp.profile[c.g0 : c.g0 + c.ng][c.seg_group].T)  # (nb, nseg)
        f = c.cp.ageing  # (nb,)
        self.keep_band = (1 - f)[None, :, None]
        self.age_up = f[:-1][None, :, None]
        self.last_key = None
        self.current = (None, None, None)

    def at(self, t: int):
        c = self.c
        key = (c.m_leave[:, :, t].tobytes(), c.m_retire[:, :, t].tobytes(), c.conv[:, :, t].tobytes())
        if key != self.last_key:
            self.current = self._compute(t)
            self.last_key = key
        return self.current

    def _compute(self, t: int):
        c = self.c
        ml = c.m_leave[:, c.seg_group, t][:, None, :]
        r = np.minimum(c.leave0 * ml, 1.0)
        if c.has_retire:
            r += np.minimum(c.retire0 * c.m_retire[:, c.seg_group, t][:, None, :], 1.0)
            np.minimum(r, 1.0, out=r)
        conv = c.conv[:, c.seg_group, t][:, None, :]
        if self.opening:
            coef = (1 - conv) * (1 - r)
            inflow = np.broadcast_to(self.prof, self.shape)
        else:
            k = r / (2 + r)
            coef = (1 - conv) * (1 - 2 * k)
            inflow = (1 - k) * self.prof
        P = coef * self.keep_band
        Q = coef[:, :-1, :] * self.age_up
        B = inflow * self.keep_band
        B[:, 1:, :] += inflow[:, :-1, :] * self.age_up
        return P, Q, B


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
