"""``make bench``: time the projection engine on a synthetic national scenario.

Each case runs in a fresh Python process (peak memory = that process's maximum resident set).
Targets: the national run (215 organisations x 30 staff groups x 10 age bands = 64,500
cohorts, 15 years, 1,000 Monte Carlo runs, with four interventions and their waterfall) in
at most 1.5 s median wall time (issue 11, the fused kernel: docs/adr/0028-fused-kernel.md;
10 s in issue 4) and at most 4 GB peak memory.  It is printed beside a bare compiled loop over
the same cohort update (benchmarks/minimal.py) timed in the same process, and the NumPy
kernel's time.  First the fused kernel is compiled into an empty cache (the cold compile
time, as on a fresh clone) and the project's cache is warmed, outside every timed region.
Method and recorded results: docs/performance.md. Then the ingest benchmarks
(benchmarks/ingest.py: a 1.4-million-record staff extract aggregated and two linked);
``python -m benchmarks ingest`` runs only those.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

TARGET_SECONDS = 1.5
TARGET_MEMORY_MB = 4096.0


def run_case(name: str, env: dict | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.case", name], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def compile_kernel() -> None:
    """Time compiling the fused kernel into an empty cache, then warm the project's own cache."""
    import tempfile

    with tempfile.TemporaryDirectory() as empty:
        cold = run_case("compile", {**os.environ, "NUMBA_CACHE_DIR": empty})
    warm = run_case("compile")
    print(
        f"\nfused kernel: cold compile {cold['first_seconds'] - cold['second_seconds']:.1f} s (empty cache, as on a fresh clone)"
    )
    print(f"  start with the cache:    {warm['first_seconds'] - warm['second_seconds']:.2f} s ({warm['cache_dir']})")


def print_national(r: dict) -> bool:
    """The engine beside the bare loop and the target; True when the target is met."""
    floor = r["minimal_fused_seconds"]
    median = r["wall_seconds_median"]
    print(
        f"  bare fused loop:         {floor:.2f} s (same cohort update, no waterfall or set-up; benchmarks/minimal.py)"
    )
    print(f"  engine / bare loop:      {median / floor:.2f}x")
    print(f"  engine / 1.5 s target:   {median / TARGET_SECONDS:.2f} on {r['cpu_count']} CPU cores (os.cpu_count())")
    met = median <= TARGET_SECONDS and r["peak_memory_mb"] <= TARGET_MEMORY_MB
    print(f"  target <= {TARGET_SECONDS} s and <= {TARGET_MEMORY_MB / 1024:.0f} GB: {'met' if met else 'NOT met'}")
    return met


def main(argv: list[str]) -> int:
    with_ingest = not argv or "ingest" in argv  # record-level extracts: benchmarks/ingest.py
    cases = (
        [a for a in argv if a != "ingest"]
        if argv
        else ["national", "national-numpy", "national-no-interventions", "reference-ratio"]
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Lodestar engine benchmarks - {os.cpu_count()} CPU cores, load average {load:.1f} at start")
    ok = True
    if cases:
        compile_kernel()
    for name in cases:
        r = run_case(name)
        print(
            f"\n{name} ({r['kernel']} kernel): {r['cohorts']:,} cohorts x {r['years']} years x {r['runs']:,} runs, {r['interventions']} interventions"
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
            ok &= print_national(r)
    print(f"\nload average at end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    if not argv:  # a year of national staff in post through the import jobs (benchmarks/workforce_load.py)
        print()
        ok &= subprocess.run([sys.executable, "-m", "benchmarks.workforce_load"], check=False).returncode == 0
    if with_ingest:  # record-level staff extracts aggregated and linked (benchmarks/ingest.py)
        ok &= subprocess.run([sys.executable, "-m", "benchmarks.ingest"], check=False).returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
