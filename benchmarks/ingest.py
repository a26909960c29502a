"""``make bench`` (and ``python -m benchmarks.ingest``): time reading record-level staff extracts.

A synthetic national snapshot (1.4 million people, seeded NumPy, written as an ESR-like CSV in a
temporary directory) and a second one a year later (most people stay, some change band or age
band, some leave, others join). Each case runs in a fresh Python process so its peak memory
(maximum resident set) is its own. Targets: one snapshot read, checked and aggregated into
cohorts in at most 10 s and 2 GB; two snapshots read and linked (flows and turnover) in at most
20 s. The reference (loop) versions are timed on a small extract for the speed ratio.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

PEOPLE = 1_400_000
AGGREGATE_SECONDS, LINK_SECONDS, MEMORY_MB = 10.0, 20.0, 2048.0
REPEATS = 3  # each case's median wall time is compared with its target
SNAPSHOTS = {"2023": "30/09/2023", "2024": "30/09/2024"}
STAFF_GROUPS = [
    "Nurses & health visitors",
    "Support to doctors nurses & midwives",
    "Scientific therapeutic & technical staff",
    "Central functions",
    "Hotel property & estates",
    "Midwives",
    "Ambulance staff",
    "Senior managers",
    "Managers",
    "Support to ST&T staff",
    "Support to ambulance staff",
    "Infrastructure support",
    "HCHS doctors",
]
BANDS = [f"Band {n}" for n in range(1, 10)] + ["Very Senior Manager", "Non AfC Grade"]
HEADER = [
    "Tm End Date",
    "Unique Nhs identifier",
    "Reporting Org code",
    "Occupation Code",
    "STAFF_GROUP_1_NAME",
    "grade",
    "Contracted Wte",
    "Date Of Birth",
    "Assignment Start Date",
    "Cost Centre",
]


def _people(rng: np.random.Generator, n: int, first_id: int) -> dict[str, np.ndarray]:
    return {
        "id": np.arange(first_id, first_id + n),
        "org": rng.integers(0, 215, n),
        "group": rng.integers(0, len(STAFF_GROUPS), n),
        "band": rng.integers(0, len(BANDS), n),
        "wte": np.round(rng.choice([1.0, 0.8, 0.6, 0.5, 0.4], n, p=[0.6, 0.15, 0.1, 0.1, 0.05]), 2),
        "born": rng.integers(-16_000, 12_000, n),  # days after 1970-01-01: ages about 18 to 67
        "start": rng.integers(0, 19_500, n),
        "cost": rng.integers(0, 5_000, n),
    }


def _write(people: dict[str, np.ndarray], snapshot: str, path: Path) -> None:
    def dates(days: np.ndarray) -> pl.Series:
        return pl.Series(days.astype("datetime64[D]")).dt.strftime("%d/%m/%Y")

    frame = pl.DataFrame(
        {
            HEADER[0]: pl.repeat(snapshot, len(people["id"]), eager=True),
            HEADER[1]: pl.Series(people["id"]).cast(pl.String).str.zfill(8),
            HEADER[2]: pl.Series([f"R{i:03d}" for i in range(215)]).gather(people["org"]),
            HEADER[3]: pl.repeat("N0A", len(people["id"]), eager=True),
            HEADER[4]: pl.Series(np.array(STAFF_GROUPS)[people["group"]]),
            HEADER[5]: pl.Series(np.array(BANDS)[people["band"]]),
            HEADER[6]: pl.Series(people["wte"]),
            HEADER[7]: dates(people["born"]),
            HEADER[8]: dates(people["start"]),
            HEADER[9]: pl.Series(people["cost"]).cast(pl.String),
        }
    )
    frame.write_csv(path)


def generate(directory: Path) -> dict:
    """Two snapshots a year apart: 8 % leave, 9 % join, 5 % of stayers change band."""
    rng = np.random.default_rng(20240930)
    first = _people(rng, PEOPLE, 0)
    _write(first, SNAPSHOTS["2023"], directory / "esr_2023.csv")
    stay = rng.random(PEOPLE) >= 0.08
    later = {k: v[stay] for k, v in first.items()}
    promoted = rng.random(len(later["band"])) < 0.05
    later["band"] = np.where(promoted, np.minimum(later["band"] + 1, len(BANDS) - 1), later["band"])
    joiners = _people(rng, int(PEOPLE * 0.09), PEOPLE)
    joiners["start"] = rng.integers(19_631, 19_996, len(joiners["id"]))  # within the year
    later = {k: np.concatenate([later[k], joiners[k]]) for k in later}
    _write(later, SNAPSHOTS["2024"], directory / "esr_2024.csv")
    return {name.name: name.stat().st_size for name in sorted(directory.glob("*.csv"))}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(case: str, directory: Path) -> dict:
    from lodestar.ingest import linking
    from lodestar.ingest.sources import staff_records

    t0, c0 = time.perf_counter(), time.process_time()
    if case == "aggregate":
        cohorts, problems = staff_records.read(directory / "esr_2024.csv")
        assert problems == [], problems[:3]
        return {
            "seconds": time.perf_counter() - t0,
            "cpu_seconds": time.process_time() - c0,
            "rows": PEOPLE,
            "cohorts": cohorts.height,
            "peak_mb": _peak_mb(),
        }
    if case == "link":
        parts = []
        for name in ("esr_2023.csv", "esr_2024.csv"):
            records, problems = staff_records.read_records(directory / name)
            assert problems == [], problems[:3]
            parts.append(records)
        read_seconds = time.perf_counter() - t0
        records = pl.concat(parts)
        t1 = time.perf_counter()
        flows, turnover = linking.link_all(records)
        return {
            "seconds": time.perf_counter() - t0,
            "cpu_seconds": time.process_time() - c0,
            "read_seconds": read_seconds,
            "link_seconds": time.perf_counter() - t1,
            "rows": records.height,
            "flows": flows.height,
            "turnover": turnover.height,
            "peak_mb": _peak_mb(),
        }
    return _reference_ratio(directory)


def _reference_ratio(directory: Path, people: int = 50_000) -> dict:
    """Fast and reference linking of the first ``people`` rows of both snapshots."""
    from lodestar.ingest import linking
    from lodestar.ingest.reference import reference_aggregate, reference_link, reference_turnover
    from lodestar.ingest.sources import staff_records

    parts = [staff_records.read_records(directory / n)[0].head(people) for n in ("esr_2023.csv", "esr_2024.csv")]
    records = pl.concat(parts)
    t0 = time.perf_counter()
    linking.aggregate(records), linking.link_all(records)
    fast = time.perf_counter() - t0
    rows = records.to_dicts()
    t0 = time.perf_counter()
    reference_aggregate(rows), reference_link(rows), reference_turnover(rows)
    slow = time.perf_counter() - t0
    return {"rows": records.height, "fast_seconds": fast, "reference_seconds": slow, "ratio": slow / fast}


def _run(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest", *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _repeat(case: str, directory: str, times: int = REPEATS) -> dict:
    """The case run ``times`` times, each in a fresh process: median times, highest peak memory."""
    runs = [_run(case, directory) for _ in range(times)]
    out = dict(runs[0])
    for key in ("seconds", "cpu_seconds", "read_seconds", "link_seconds"):
        if key in out:
            out[key] = statistics.median(r[key] for r in runs)
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    out["walls"] = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    return out


def main() -> int:
    load = os.getloadavg()[0]
    print(f"\nLodestar ingest benchmarks - {os.cpu_count()} CPU cores, load average {load:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="lodestar-bench-") as tmp:
        t0 = time.perf_counter()
        sizes = _run("generate", tmp)
        print(f"  synthetic extracts ({time.perf_counter() - t0:.1f} s to write, not timed below): ")
        for name, size in sizes.items():
            print(f"    {name}: {size / 1024**2:,.0f} MB")
        agg, link, ratio = _repeat("aggregate", tmp), _repeat("link", tmp), _run("reference-ratio", tmp)
    ok_agg = agg["seconds"] <= AGGREGATE_SECONDS and agg["peak_mb"] <= MEMORY_MB
    ok_link = link["seconds"] <= LINK_SECONDS
    print(f"\none snapshot: {agg['rows']:,} records read, checked and aggregated into {agg['cohorts']:,} cohorts")
    print(
        f"  wall time (median of {REPEATS}): {agg['seconds']:.2f} s ({agg['seconds'] / AGGREGATE_SECONDS:.0%} "
        f"of the {AGGREGATE_SECONDS:g} s target; runs {agg['walls']})"
    )
    print(f"  peak memory: {agg['peak_mb']:,.0f} MB ({agg['peak_mb'] / MEMORY_MB:.0%} of {MEMORY_MB / 1024:g} GB)")
    print(
        f"  CPU time (all threads): {agg['cpu_seconds']:.2f} s; records per second: {agg['rows'] / agg['seconds']:,.0f}"
    )
    print(f"  target: {'met' if ok_agg else 'NOT met'}")
    print(
        f"\ntwo snapshots linked: {link['rows']:,} records -> {link['flows']:,} flow rows, {link['turnover']:,} turnover rows"
    )
    print(
        f"  wall time (median of {REPEATS}): {link['seconds']:.2f} s ({link['seconds'] / LINK_SECONDS:.0%} "
        f"of the {LINK_SECONDS:g} s target; runs {link['walls']})"
    )
    print(f"    reading both files {link['read_seconds']:.2f} s, linking them {link['link_seconds']:.2f} s")
    print(f"  CPU time (all threads): {link['cpu_seconds']:.2f} s; peak memory: {link['peak_mb']:,.0f} MB")
    print(f"  target: {'met' if ok_link else 'NOT met'}")
    print(f"\nreference (loops) on {ratio['rows']:,} records: {ratio['reference_seconds']:.2f} s,")
    print(f"  vectorised {ratio['fast_seconds']:.3f} s: {ratio['ratio']:,.0f}x faster")
    print(f"load average at end {os.getloadavg()[0]:.1f} (wall times stretch when other work shares the cores)")
    return 0 if ok_agg and ok_link else 1


if __name__ == "__main__":
    if len(sys.argv) == 3:
        case, where = sys.argv[1], Path(sys.argv[2])
        result = generate(where) if case == "generate" else measure(case, where)
        print(json.dumps(result, default=str))
    else:
        raise SystemExit(main())
