"""The floor the engine is measured against: the national case's cohort update as one bare compiled loop.

``S_next[a] = P[a] * S[a] + Q[a] * S[a - 1] + B[a] * inflow`` for every cohort, year and run,
with the year's total kept, staff group by staff group (so a run's cohorts stay in cache, as
in the engine), in a Numba ``prange`` over runs on every core - no waterfall, no
levers, no conversions, no demand, no set-up.  ``make bench`` prints the engine's national time
beside it (docs/adr/0028-fused-kernel.md): the ratio is what the engine's bookkeeping costs.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from numba import njit, prange

from lodestar.engine.fused import cache_dir  # noqa: F401  (sets the Numba cache directory before the loop is decorated)


@njit(parallel=True, cache=True, fastmath=False)
def minimal_loop(s0, P, Q, B, inflow, joiners, totals):
    """``s0``: (groups, age bands, segments); each run projects group by group, as the engine's
    components keep a run's cohorts in cache, and keeps each year's total."""
    ng, nb, nseg = s0.shape
    for r in prange(joiners.shape[0]):
        for g in range(ng):
            S = s0[g].copy()
            nxt = np.empty_like(S)
            acc = np.empty(nseg)
            for t in range(1, totals.shape[1]):
                j = joiners[r]
                cur, out, p, b = S[0], nxt[0], P[0], B[0]
                for s in range(nseg):
                    out[s] = p * cur[s] + b * (inflow[s] * j)
                for a in range(1, nb):
                    cur, below, out, p, q, b = S[a], S[a - 1], nxt[a], P[a], Q[a], B[a]
                    for s in range(nseg):
                        out[s] = (p * cur[s] + q * below[s]) + b * (inflow[s] * j)
                S, nxt = nxt, S
                acc[:] = S[0]  # the total as the engine takes it: over age bands, then four partial sums
                for a in range(1, nb):
                    row = S[a]
                    for s in range(nseg):
                        acc[s] += row[s]
                t0 = t1 = t2 = t3 = 0.0
                for s in range(0, nseg - nseg % 4, 4):
                    t0 += acc[s]
                    t1 += acc[s + 1]
                    t2 += acc[s + 2]
                    t3 += acc[s + 3]
                for s in range(nseg - nseg % 4, nseg):
                    t0 += acc[s]
                totals[r, t] += (t0 + t1) + (t2 + t3)


def time_minimal_loop(cohorts: int, groups: int, age_bands: int, years: int, runs: int, repeats: int) -> float:
    """Median wall seconds of the bare loop over ``cohorts`` x ``years`` x ``runs`` (compiled beforehand)."""
    rng = np.random.default_rng(0)
    nseg = cohorts // age_bands // groups
    s0 = rng.uniform(5, 28, (groups, age_bands, nseg))
    keep = 1 - rng.uniform(0.04, 0.1, age_bands)
    up = np.full(age_bands, 0.2)
    up[-1] = 0.0
    P, Q, B = keep * (1 - up), np.r_[0.0, (keep * up)[:-1]], rng.uniform(0, 0.5, age_bands)
    inflow = rng.uniform(0, 0.01, nseg)
    joiners = rng.normal(2580, 215, runs)
    totals = np.zeros((runs, years + 1))
    minimal_loop(s0, P, Q, B, inflow, joiners[:2], totals[:2])  # compile or load from the cache
    walls = []
    for _ in range(repeats):
        w = time.perf_counter()
        minimal_loop(s0, P, Q, B, inflow, joiners, totals)
        walls.append(time.perf_counter() - w)
    return statistics.median(walls)
