"""The floor the engine is measured against: the national case's cohort update as one bare compiled loop.

``S_next[a] = P[a] * S[a] + Q[a] * S[a - 1] + B[a] * inflow`` for every cohort, year and run,
with the year's total kept, in a Numba ``prange`` over runs on every core - no waterfall, no
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
    nb, nseg = s0.shape
    for r in prange(joiners.shape[0]):
        S = s0.copy()
        nxt = np.empty_like(S)
        for t in range(1, totals.shape[1]):
            j = joiners[r]
            for s in range(nseg):
                nxt[0, s] = P[0] * S[0, s] + B[0] * (inflow[s] * j)
            for a in range(1, nb):
                for s in range(nseg):
                    nxt[a, s] = (P[a] * S[a, s] + Q[a] * S[a - 1, s]) + B[a] * (inflow[s] * j)
            S, nxt = nxt, S
            total = 0.0
            for a in range(nb):
                for s in range(nseg):
                    total += S[a, s]
            totals[r, t] = total


def time_minimal_loop(cohorts: int, age_bands: int, years: int, runs: int, repeats: int) -> float:
    """Median wall seconds of the bare loop over ``cohorts`` x ``years`` x ``runs`` (compiled beforehand)."""
    rng = np.random.default_rng(0)
    nseg = cohorts // age_bands
    s0 = rng.uniform(5, 28, (age_bands, nseg))
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
