"""``make bench`` (and ``python -m benchmarks.workforce_load``): a year of national staff in post.

Twelve synthetic monthly NHS Workforce Statistics staff-in-post CSV files in the published layout
(215 organisations x 10 staff groups x 2 staff group 2 values x 4 care settings x 12 AfC bands =
206,400 rows each, about 40 MB; seeded, so every run reads the same files) are loaded one after
the other with ``lodestar.workforce.actions.run_now`` (upload, check, load) into a fresh SQLite
database in var/bench-workforce/. Each is aggregated by the ingestor to 25,800 figure rows.

Prints, per file and in total, the seconds (wall), the raw rows read and figure rows stored,
the ratio of the total to the 30 s target, and the core count. Target (ADR 0025): the year in
at most 30 s on SQLite.

    .venv/bin/python -m benchmarks.workforce_load            # 12 months
    .venv/bin/python -m benchmarks.workforce_load 3          # 3 months (a quicker look)
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench-workforce"
TARGET_SECONDS = 30.0
ORGANISATIONS = 215
STAFF_GROUPS = [
    "Nurses & health visitors",
    "Midwives",
    "Ambulance staff",
    "Scientific, therapeutic & technical staff",
    "Support to doctors, nurses & midwives",
    "Support to ambulance staff",
    "Support to ST&T staff",
    "Central functions",
    "Hotel, property & estates",
    "Senior managers",
]
STAFF_GROUP_2 = ["Acute", "Community"]
CARE_SETTINGS = ["Acute", "Community", "Mental health", "Other"]
BANDS = [f"Band {n}" for n in range(1, 8)] + ["Band 8a", "Band 8b", "Band 8c", "Very Senior Manager", "N_Non AfC Grade"]
HEADER = (
    "Date,NHSE_Region_Name,ICS name,Org code,Org name,Main Staff Group,Staff Group 1,Staff Group 2,"
    "Care Setting,Level,AfC Band,Total FTE,Total Headcount"
)


def org_code(i: int) -> str:
    return f"R{i:03d}"


def month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def write_month(folder: Path, year: int, month: int, seed: int) -> Path:
    """One month's file (seeded): every combination, with random FTE and headcount."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    combos = pl.DataFrame({"org": range(ORGANISATIONS)}).join(
        pl.DataFrame({"sg1": range(len(STAFF_GROUPS))}), how="cross"
    )
    for name, values in (("sg2", STAFF_GROUP_2), ("care", CARE_SETTINGS), ("band", BANDS)):
        combos = combos.join(pl.DataFrame({name: list(values)}), how="cross")
    headcount = rng.integers(0, 60, combos.height)
    fte = np.round(headcount * rng.uniform(0.7, 1.0, combos.height), 2)
    frame = combos.select(
        pl.lit(month_end(year, month).isoformat()).alias("Date"),
        pl.lit("Test Region").alias("NHSE_Region_Name"),
        (pl.lit("ICS ") + (pl.col("org") // 5).cast(pl.String)).alias("ICS name"),
        pl.format("R{}", pl.col("org").cast(pl.String).str.zfill(3)).alias("Org code"),
        pl.format("Trust {}", pl.col("org")).alias("Org name"),
        pl.lit("01_Professionally qualified clinical staff").alias("Main Staff Group"),
        pl.format(
            "{}_{}",
            pl.col("sg1").cast(pl.String).str.zfill(3),
            pl.col("sg1").replace_strict(dict(enumerate(STAFF_GROUPS)), return_dtype=pl.String),
        ).alias("Staff Group 1"),
        pl.format("012_{}", pl.col("sg2")).alias("Staff Group 2"),
        pl.col("care").alias("Care Setting"),
        pl.lit("Registered").alias("Level"),
        pl.col("band").alias("AfC Band"),
        pl.Series("Total FTE", fte),
        pl.Series("Total Headcount", headcount),
    )
    path = folder / f"NHS Workforce Statistics, {datetime.date(year, month, 1):%B %Y} staff.csv"
    frame.write_csv(path)
    return path


def setup_django(database: Path) -> None:
    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    os.environ.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_DEBUG="0", LODESTAR_ENV="development")
    os.environ["LODESTAR_IMPORT_DIR"] = str(database.parent / "imports")
    os.environ["LODESTAR_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"  # the jobs run here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)


def make_world():
    """A platform staff member (who loads national files) and the 215 trusts, by ODS code."""
    from lodestar.accounts.models import User
    from lodestar.orgs.models import Organisation, OrganisationType

    user = User.objects.create_user(email="bench@example.nhs.uk", password="x", is_platform_staff=True)
    region = Organisation.objects.create(name="Test Region", type=OrganisationType.REGION, ods_code="Y99")
    for i in range(ORGANISATIONS):
        Organisation.objects.create(
            name=f"Trust {i}", type=OrganisationType.NHS_TRUST, parent=region, ods_code=org_code(i)
        )
    return user


def run(months: int) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    files_dir = OUT / "files"
    files_dir.mkdir(exist_ok=True)
    print(f"Workforce load benchmark - {os.cpu_count()} CPU cores")
    started = time.perf_counter()
    paths = [write_month(files_dir, 2024, m, seed=m) for m in range(1, months + 1)]
    print(
        f"  wrote {months} files in {time.perf_counter() - started:.1f} s ({paths[0].stat().st_size / 1e6:.0f} MB each)"
    )
    setup_django(OUT / "lodestar-workforce.sqlite3")
    from lodestar.workforce import actions
    from lodestar.workforce.models import ImportStatus, StaffInPost

    user = make_world()
    totals = {"wall": 0.0, "cpu": 0.0, "check": 0.0, "load": 0.0}
    raw = stored = 0
    for path in paths:
        done, times = load_one(actions, user, path)
        if done.status != ImportStatus.LOADED:
            raise SystemExit(f"{path.name}: {done.status} {done.error} {done.problems[:3]}")
        for key, value in times.items():
            totals[key] += value
        raw += done.rows
        stored += done.figures
        print(
            f"  {path.name}: {times['wall']:.2f} s (upload and check {times['check']:.2f} s, load {times['load']:.2f} s;"
            f" CPU {times['cpu']:.2f} s), {done.rows:,} rows read, {done.figures:,} figure rows"
        )
    ingest = ingest_only(paths[0])
    live = StaffInPost.objects.filter(live=True).count()
    scaled = totals["wall"] * 12 / months
    print(f"\n  total: {totals['wall']:.2f} s for {months} files (CPU {totals['cpu']:.2f} s), {raw:,} rows read,")
    print(
        f"         {stored:,} figure rows ({live:,} live); upload and check {totals['check']:.2f} s, load {totals['load']:.2f} s"
    )
    print(f"  of which reading one file (lodestar.ingest: open, identify, read): {ingest:.2f} s")
    print(f"  a year (12 files): {scaled:.2f} s; target <= {TARGET_SECONDS:.0f} s: ratio {scaled / TARGET_SECONDS:.2f}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    verdict = "met" if scaled <= TARGET_SECONDS else "NOT met"
    print(f"  {verdict} on {os.cpu_count()} CPU cores (load average {load:.1f}: other work slows every figure)")
    return 0 if scaled <= TARGET_SECONDS else 1


def load_one(actions, user, path: Path):
    """Upload, check, confirm and load one file through the public actions (the jobs' bodies
    called directly: the benchmark's task backend is the dummy one)."""
    data = path.read_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    uploaded = actions.upload(actor=user, file_name=path.name, data=data, organisation=None, source="staff_in_post")
    checked = actions.check(uploaded.pk)
    middle = time.perf_counter()
    actions.confirm(actor=user, workforce_import=checked)
    done = actions.load(checked.pk)
    end = time.perf_counter()
    times = {"wall": end - wall, "cpu": time.process_time() - cpu, "check": middle - wall, "load": end - middle}
    return done, times


def ingest_only(path: Path) -> float:
    from lodestar.ingest import identify, open_any, source

    start = time.perf_counter()
    table = open_any(path.name, path.read_bytes())
    source(identify(table.header).name).read(table)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    return run(int(argv[0]) if argv else 12)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
