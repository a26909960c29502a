"""``make bench``: time the projection engine on a synthetic national scenario.

Each case runs in a fresh Python process (peak memory = that process's maximum resident set).
Targets (issue 4): the national run (215 organisations x 30 staff groups x 10 age bands =
64,500 cohorts, 15 years, 1,000 Monte Carlo runs, with four interventions and their
waterfall) in at most 10 s median wall time and at most 4 GB peak memory.
Method and recorded results: docs/performance.md. Then the ingest benchmarks
(benchmarks/ingest.py: a 1.4-million-record staff extract aggregated and two linked);
``python -m benchmarks ingest`` runs only those.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

TARGET_SECONDS = 10.0
TARGET_MEMORY_MB = 4096.0


def run_case(name: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.case", name], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    with_ingest = not argv or "ingest" in argv  # record-level extracts: benchmarks/ingest.py
    cases = [a for a in argv if a != "ingest"] if argv else ["national", "national-no-interventions", "reference-ratio"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Lodestar engine benchmarks - {os.cpu_count()} CPU cores, load average {load:.1f} at start")
    ok = True
    for name in cases:
        r = run_case(name)
        print(
            f"\n{name}: {r['cohorts']:,} cohorts x {r['years']} years x {r['runs']:,} runs, {r['interventions']} interventions"
        )
        print(
            f"  wall time (median of {len(r['wall_seconds'])}): {r['wall_seconds_median']:.2f} s  ({', '.join(f'{w:.2f}' for w in r['wall_seconds'])})"
        )
        print(f"  CPU time (all threads):  {r['cpu_seconds_median']:.2f} s")
        print(f"  scenario load:           {r['load_seconds']:.2f} s (not in the wall time)")
        print(f"  peak memory:             {r['peak_memory_mb']:,.0f} MB")
        print(f"  cohort-steps per second: {r['cohort_steps_per_second']:.3g}")
        if "speed_ratio" in r:
            print(
                f"  reference engine:        {r['reference_wall_seconds']:.2f} s, fast engine {r['speed_ratio']:,.0f}x faster"
            )
        if name == "national":
            met = r["wall_seconds_median"] <= TARGET_SECONDS and r["peak_memory_mb"] <= TARGET_MEMORY_MB
            ok &= met
            print(
                f"  target <= {TARGET_SECONDS:.0f} s and <= {TARGET_MEMORY_MB / 1024:.0f} GB: {'met' if met else 'NOT met'}"
            )
    print(f"\nload average at end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    if not argv:  # a year of national staff in post through the import jobs (benchmarks/workforce_load.py)
        print()
        ok &= subprocess.run([sys.executable, "-m", "benchmarks.workforce_load"], check=False).returncode == 0
    if with_ingest:  # record-level staff extracts aggregated and linked (benchmarks/ingest.py)
        ok &= subprocess.run([sys.executable, "-m", "benchmarks.ingest"], check=False).returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
