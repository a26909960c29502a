"""One benchmark case, run in a fresh process so its peak memory is its own.

``python -m benchmarks.case national`` prints one JSON line of figures.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time

from benchmarks.scenarios import synthetic
from lodestar.engine import load_scenario, run
from lodestar.engine.reference import reference_run

CASES = {
    # name: (scenario shape, runs, repeats)
    "national": ({"orgs": 215, "groups": 30, "age_bands": 10, "years": 15}, 1000, 3),
    "national-no-interventions": (
        {"orgs": 215, "groups": 30, "age_bands": 10, "years": 15, "interventions": False},
        1000,
        1,
    ),
    # 20 runs so the fast engine's fixed overhead (compiling the scenario, starting threads)
    # does not dominate its time and the ratio compares the per-run work of the two engines
    "reference-ratio": ({"orgs": 20, "groups": 5, "age_bands": 10, "years": 15}, 20, 5),
}


def measure(name: str) -> dict:
    shape, runs, repeats = CASES[name]
    t0 = time.perf_counter()
    scenario = load_scenario(synthetic(**shape))
    load_seconds = time.perf_counter() - t0
    cohorts = shape["orgs"] * shape["groups"] * shape["age_bands"]
    walls, cpus = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        run(scenario, runs=runs, seed=1)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    out = {
        "case": name,
        "cohorts": cohorts,
        "years": shape["years"],
        "runs": runs,
        "interventions": len(scenario.interventions),
        "load_seconds": load_seconds,
        "wall_seconds_median": statistics.median(walls),
        "wall_seconds": walls,
        "cpu_seconds_median": statistics.median(cpus),
        "cohort_steps_per_second": cohorts * shape["years"] * runs / statistics.median(walls),
    }
    if name == "reference-ratio":
        w = time.perf_counter()
        reference_run(scenario, runs=runs, seed=1)
        out["reference_wall_seconds"] = time.perf_counter() - w
        out["speed_ratio"] = out["reference_wall_seconds"] / out["wall_seconds_median"]
    out["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return out


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
