"""The fused kernel: a component's year loop compiled with Numba, one run per parallel iteration.

The same update as ``lodestar.engine.kernel`` (docs/engine/method.md, "One year"), in one
compiled loop instead of a dozen NumPy array passes a year: for each run (``prange``, so
runs are shared among the cores), each year computes the leaver, retirement and conversion
coefficients per (age band, staff group), the inflow per segment (joiners by share and
conversions arriving), then ``S_next[a] = P[a] * S[a] + Q[a] * S[a - 1] + B[a] * inflow``
and the staff-group totals, with every product and sum in the NumPy kernel's order.

Draws and every per-run parameter still come from NumPy before the loop (``_Component``
in ``kernel.py`` sets them up), so the seeding of docs/adr/0007-monte-carlo-seeding.md is
unchanged and both kernels see the same values.  Results agree with the NumPy kernel to a
relative 1e-9 (only the order of a few sums differs; docs/adr/0028-fused-kernel.md).

Compiled code is cached on disk (``NUMBA_CACHE_DIR``, by default ``var/numba-cache`` in a
checkout or ``~/.cache/lodestar/numba``), so only the first run on a machine compiles.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path


def cache_dir() -> Path:
    """Where compiled kernels are kept: ``NUMBA_CACHE_DIR`` if set, else ``var/numba-cache`` in a
    writable checkout, else the user's cache directory."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return Path(os.environ["NUMBA_CACHE_DIR"])
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").exists() and os.access(root, os.W_OK):
        return root / "var" / "numba-cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lodestar" / "numba"


os.environ["NUMBA_CACHE_DIR"] = str(cache_dir())
if "numba" in sys.modules:  # numba read its settings on import: tell it too
    sys.modules["numba"].config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]

import numpy as np  # noqa: E402
from numba import config, njit, prange, set_num_threads  # noqa: E402

from lodestar.engine.kernel import _Component  # noqa: E402

# Numba's default threading layer must not start two parallel loops at once from two Python
# threads (concurrent projections in the web app); each loop already uses every core.
_LAUNCH = threading.Lock()


@njit(parallel=True, cache=True, fastmath=False, nogil=True)
def project_block(grid, rates, routes, flags, supply, headcount):
    """Project every run of a block: ``supply`` and ``headcount`` (runs, years + 1, groups) are filled."""
    for r in prange(supply.shape[0]):
        _project_run(r, grid, rates, routes, flags, supply, headcount)


@njit(cache=True, fastmath=False, nogil=True)
def _project_run(r, grid, rates, routes, flags, supply, headcount):
    s0, ratio, ratio0, seg_group, gstart, seg_org, share, prof, ageing, here, missing = grid
    leave, retire, m_leave, m_retire, conv, fixed_join, join_rate, scale, base_scale, keep, rate = rates
    opening, has_retire, use_join_rate, same_ratio = flags
    nb, nseg = s0.shape
    ng = gstart.shape[0] - 1
    T = supply.shape[1] - 1
    norg = missing.shape[1]
    n_routes = routes.shape[0]
    S = s0.copy()
    nxt = np.empty_like(S)
    P = np.zeros((nb, ng))
    Q = np.zeros((nb, ng))
    B = np.zeros((nb, ng))
    seg_in = np.empty(nseg)
    segsum = np.empty(nseg)
    sums = np.empty(norg)
    arrivals = np.empty(norg)
    history = np.zeros((n_routes, T + 1, norg))
    in_flight = np.zeros((n_routes, norg))
    seghc = np.empty(nseg)
    # this run's rows, copied once: a view of a shared array touches its reference count, which
    # threads would otherwise contend for every year
    lv, rt, ml, mr, cv = leave[r].copy(), retire[r].copy(), m_leave[r].copy(), m_retire[r].copy(), conv[r].copy()
    share = share.copy()
    sup = np.empty((T + 1, ng))
    hcs = np.empty((T + 1, ng))
    _segment_sums(S, segsum)
    _aggregate(S, ratio, ratio0, same_ratio, gstart, segsum, seghc, sup[0], hcs[0])
    for i in range(n_routes):
        if routes[i, 3]:
            src = routes[i, 0]
            _org_sums(S, gstart, seg_org, src, sums)
            f = rate[r, i, 0] * base_scale[r, src]
            for o in range(norg):
                in_flight[i, o] = f * sums[o]
    for t in range(1, T + 1):
        _coefficients(lv, rt, ml[:, t], mr[:, t], cv[:, t], prof, ageing, flags, P, Q, B)
        for g in range(ng):
            j = fixed_join[r, g, t]
            if use_join_rate:
                j = j + join_rate[r, g] * sup[t - 1, g]
            lo, hi = gstart[g], gstart[g + 1]
            into, shares = seg_in[lo:hi], share[lo:hi]
            for s in range(hi - lo):
                into[s] = j * shares[s]
        for i in range(n_routes):
            src, dst, delay = routes[i, 0], routes[i, 1], routes[i, 2]
            _org_sums(S, gstart, seg_org, src, sums)
            f = rate[r, i, t] * scale[r, src, t]
            for o in range(norg):
                history[i, t, o] = f * sums[o]
            started = history[i, t - delay] if t - delay >= 1 else in_flight[i]
            for o in range(norg):
                arrivals[o] = started[o] * keep[r, i]
            _arrive(seg_in, arrivals, gstart[dst], gstart[dst + 1], seg_org, here, missing[dst], share)
        _step(S, nxt, P, Q, B, seg_in, gstart, segsum)
        S, nxt = nxt, S
        _aggregate(S, ratio, ratio0, same_ratio, gstart, segsum, seghc, sup[t], hcs[t])
    supply[r] = sup
    headcount[r] = hcs


@njit(cache=True, fastmath=False, nogil=True)
def _coefficients(leave, retire, ml, mr, conv, prof, ageing, flags, P, Q, B):
    """``P``, ``Q`` and ``B`` of a year per (age band, group): leavers, retirement, conversions out, ageing."""
    opening, has_retire = flags[0], flags[1]
    nb, ng = leave.shape
    for g in range(ng):
        prev_coef = 0.0
        prev_inflow = 0.0
        for a in range(nb):
            x = min(leave[a, g] * ml[g], 1.0)
            if has_retire:
                x += min(retire[a, g] * mr[g], 1.0)
                x = min(x, 1.0)
            if opening:
                coef = (1 - conv[g]) * (1 - x)
                inflow = prof[g, a]
            else:
                k = x / (2 + x)
                coef = (1 - conv[g]) * (1 - 2 * k)
                inflow = (1 - k) * prof[g, a]
            stay = 1 - ageing[a]
            P[a, g] = coef * stay
            B[a, g] = inflow * stay
            if a > 0:
                Q[a, g] = prev_coef * ageing[a - 1]
                B[a, g] += prev_inflow * ageing[a - 1]
            prev_coef, prev_inflow = coef, inflow


@njit(cache=True, fastmath=False, nogil=True)
def _step(S, nxt, P, Q, B, seg_in, gstart, segsum):
    """One year's cohort update into ``nxt``, age band by age band over a group's segments, and each
    segment's new FTE (the sum over age bands, youngest first) into ``segsum`` on the way.

    Loops run over views from index 0 (not ``range(lo, hi)``): Numba then knows no index is
    negative, drops its wraparound checks and the loops vectorise (four times faster).
    """
    nb = S.shape[0]
    for g in range(gstart.shape[0] - 1):
        lo, hi = gstart[g], gstart[g + 1]
        inflow, total = seg_in[lo:hi], segsum[lo:hi]
        p, b = P[0, g], B[0, g]
        cur, out = S[0, lo:hi], nxt[0, lo:hi]
        for s in range(hi - lo):
            v = p * cur[s] + b * inflow[s]
            out[s] = v
            total[s] = v
        for a in range(1, nb):
            p, q, b = P[a, g], Q[a, g], B[a, g]
            cur, below, out = S[a, lo:hi], S[a - 1, lo:hi], nxt[a, lo:hi]
            for s in range(hi - lo):
                v = (p * cur[s] + q * below[s]) + b * inflow[s]
                out[s] = v
                total[s] += v


@njit(cache=True, fastmath=False, nogil=True)
def _segment_sums(S, segsum):
    """Each segment's FTE: the sum over age bands, youngest first."""
    segsum[:] = S[0]
    for a in range(1, S.shape[0]):
        row = S[a]
        for s in range(S.shape[1]):
            segsum[s] += row[s]


@njit(cache=True, fastmath=False, nogil=True)
def _total(x):
    """``x.sum()`` in four interleaved partial sums (fast without reordering freedom)."""
    t0 = t1 = t2 = t3 = 0.0
    n4 = x.shape[0] - x.shape[0] % 4
    for s in range(0, n4, 4):
        t0 += x[s]
        t1 += x[s + 1]
        t2 += x[s + 2]
        t3 += x[s + 3]
    for s in range(n4, x.shape[0]):
        t0 += x[s]
    return (t0 + t1) + (t2 + t3)


@njit(cache=True, fastmath=False, nogil=True)
def _aggregate(S, ratio, ratio0, same_ratio, gstart, segsum, seghc, supply, headcount):
    """FTE per staff group (``segsum`` summed over the group's segments) and headcount through each
    cohort's headcount-to-FTE ratio."""
    if same_ratio:
        for s in range(segsum.shape[0]):
            seghc[s] = segsum[s] * ratio0[s]
    else:
        seghc[:] = 0.0
        for a in range(S.shape[0]):
            row, rr = S[a], ratio[a]
            for s in range(S.shape[1]):
                seghc[s] += row[s] * rr[s]
    for g in range(gstart.shape[0] - 1):
        lo, hi = gstart[g], gstart[g + 1]
        supply[g] = _total(segsum[lo:hi])
        headcount[g] = _total(seghc[lo:hi])


@njit(cache=True, fastmath=False, nogil=True)
def _org_sums(S, gstart, seg_org, src, sums):
    """FTE of staff group ``src`` at each organisation."""
    sums[:] = 0.0
    lo, hi = gstart[src], gstart[src + 1]
    orgs = seg_org[lo:hi]
    for a in range(S.shape[0]):
        row = S[a, lo:hi]
        for s in range(hi - lo):
            sums[orgs[s]] += row[s]


@njit(cache=True, fastmath=False, nogil=True)
def _arrive(seg_in, arrivals, lo, hi, seg_org, here, missing, share):
    """Conversions arriving at each organisation land in the target group's segments there; arrivals at
    organisations without the target group spread like its joiners."""
    into, orgs, at_org, shares = seg_in[lo:hi], seg_org[lo:hi], here[lo:hi], share[lo:hi]
    for s in range(hi - lo):
        into[s] += arrivals[orgs[s]] * at_org[s]
    elsewhere = 0.0
    any_missing = False
    for o in range(arrivals.shape[0]):
        if missing[o]:
            elsewhere += arrivals[o]
            any_missing = True
    if any_missing:
        for s in range(hi - lo):
            into[s] += elsewhere * shares[s]


class _FusedComponent(_Component):
    """A component set up as for the NumPy kernel, but projected by the compiled loop."""

    def _leaver_and_retirement_rates(self) -> None:
        n, nb, ng, vals = self.n, len(self.bands), self.ng, self.vals
        self.leave_ag = np.empty((n, nb, ng))
        self.retire_ag = np.empty((n, nb, ng))
        for gi, g in enumerate(self.names):
            gr = self.sc.rates[g]
            for ai, a in enumerate(self.bands):
                self.leave_ag[:, ai, gi] = vals(gr.leaver_rate[a])
                self.retire_ag[:, ai, gi] = vals(gr.retirement_rate.get(a))
        self.has_retire = bool(self.retire_ag.any())

    def project(self):
        cp, n, nseg, ng = self.cp, self.n, self.nseg, self.ng
        ratio = np.ascontiguousarray(cp.ratio[self.seg0 : self.seg0 + nseg].T)
        here = np.zeros(nseg)
        missing = np.zeros((ng, len(cp.orgs)), dtype=np.bool_)
        for dst, (sl, _o, at_org, elsewhere, _spread) in self.targets.items():
            here[sl] = at_org
            missing[dst, elsewhere] = True
        grid = (
            np.ascontiguousarray(cp.s0[self.seg0 : self.seg0 + nseg].T),
            ratio,
            ratio[0].copy(),
            self.seg_group.astype(np.int64),
            np.asarray(self.gstart, dtype=np.int64),
            self.seg_org.astype(np.int64),
            np.ascontiguousarray(self.share, dtype=np.float64),
            np.ascontiguousarray(cp.profile[self.g0 : self.g0 + ng], dtype=np.float64),
            np.ascontiguousarray(cp.ageing, dtype=np.float64),
            here,
            missing,
        )
        routes = np.array([(src, dst, delay, base) for src, dst, delay, _k, _r, base in self.routes], dtype=np.int64)
        keep = np.empty((n, len(self.routes)))
        rate = np.empty((n, len(self.routes), self.T + 1))
        for i, (_s, _d, _delay, k, r, _b) in enumerate(self.routes):
            keep[:, i] = k
            rate[:, i, :] = r
        rates = (self.leave_ag, self.retire_ag, self.m_leave, self.m_retire, self.conv, self.fixed_join)
        rates += (self.join_rate, self.scale, self.base_scale, keep, rate)
        rates = tuple(np.ascontiguousarray(x, dtype=np.float64) for x in rates)
        opening = self.sc.leaver_rate_denominator == "opening_stock"
        flags = (opening, self.has_retire, self.use_join_rate, bool(np.all(ratio == ratio[0])))
        supply = np.empty((n, self.T + 1, ng))
        headcount = np.empty((n, self.T + 1, ng))
        with _LAUNCH:  # the thread count is per calling thread in Numba: set it for this call
            set_num_threads(max(1, min(self.threads or config.NUMBA_NUM_THREADS, config.NUMBA_NUM_THREADS)))
            project_block(grid, rates, routes.reshape(-1, 4), flags, supply, headcount)
        return supply, headcount


def simulate_component(cp, comp: list[int], vals, active, threads: int | None = None):
    """As ``kernel.simulate_component``, by the compiled loop on ``threads`` cores (None: all):
    (supply, headcount), each (runs, years + 1, groups)."""
    component = _FusedComponent(cp, comp, vals, active)
    component.threads = threads
    return component.project()
