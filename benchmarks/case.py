"""One benchmark case, run in a fresh process so its peak memory is its own.

``python -m benchmarks.case national`` prints one JSON line of figures.  Before any timed run
the fused kernel is warmed on a tiny scenario (loaded from Numba's on-disk cache, or compiled
on a fresh clone), so compiling is never in the wall time; the ``compile`` case times it.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time

from benchmarks.scenarios import synthetic
from lodestar.engine import load_scenario, run
from lodestar.engine.reference import reference_run

CASES = {
    # name: (scenario shape, runs, repeats, kernel)
    "national": ({"orgs": 215, "groups": 30, "age_bands": 10, "years": 15}, 1000, 5, "fused"),
    "national-numpy": ({"orgs": 215, "groups": 30, "age_bands": 10, "years": 15}, 1000, 1, "numpy"),
    "national-no-interventions": (
        {"orgs": 215, "groups": 30, "age_bands": 10, "years": 15, "interventions": False},
        1000,
        1,
        "fused",
    ),
    # 20 runs so the fast engine's fixed overhead (compiling the scenario, starting threads)
    # does not dominate its time and the ratio compares the per-run work of the two engines
    "reference-ratio": ({"orgs": 20, "groups": 5, "age_bands": 10, "years": 15}, 20, 5, "fused"),
}
TINY = {"orgs": 2, "groups": 4, "age_bands": 3, "years": 3}


def warm_up() -> float:
    """Seconds to make the fused kernel ready (cache load, or compile when there is no cache)."""
    t = time.perf_counter()
    run(load_scenario(synthetic(**TINY)), runs=3, seed=1, kernel="fused")
    return time.perf_counter() - t


def compile_times() -> dict:
    """The first fused run in this process (compiling, unless NUMBA_CACHE_DIR holds the kernels) and a second."""
    from lodestar.engine import fused

    first = warm_up()
    second = warm_up()
    return {"case": "compile", "cache_dir": str(fused.cache_dir()), "first_seconds": first, "second_seconds": second}


def measure(name: str) -> dict:
    shape, runs, repeats, kernel = CASES[name]
    t0 = time.perf_counter()
    scenario = load_scenario(synthetic(**shape))
    load_seconds = time.perf_counter() - t0
    warm_seconds = warm_up()
    cohorts = shape["orgs"] * shape["groups"] * shape["age_bands"]
    walls, cpus = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        run(scenario, runs=runs, seed=1, kernel=kernel)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    out = {
        "case": name,
        "kernel": kernel,
        "cpu_count": os.cpu_count(),
        "cohorts": cohorts,
        "years": shape["years"],
        "runs": runs,
        "interventions": len(scenario.interventions),
        "load_seconds": load_seconds,
        "warm_seconds": warm_seconds,
        "wall_seconds_median": statistics.median(walls),
        "wall_seconds": walls,
        "cpu_seconds_median": statistics.median(cpus),
        "cohort_steps_per_second": cohorts * shape["years"] * runs / statistics.median(walls),
    }
    if name == "national":
        from benchmarks.minimal import time_minimal_loop

        out["minimal_fused_seconds"] = time_minimal_loop(
            cohorts, shape["groups"], shape["age_bands"], shape["years"], runs, repeats
        )
    if name == "reference-ratio":
        w = time.perf_counter()
        reference_run(scenario, runs=runs, seed=1)
        out["reference_wall_seconds"] = time.perf_counter() - w
        out["speed_ratio"] = out["reference_wall_seconds"] / out["wall_seconds_median"]
    out["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return out


if __name__ == "__main__":
    print(json.dumps(compile_times() if sys.argv[1] == "compile" else measure(sys.argv[1])))
