"""``python -m benchmarks.projections_ics``: projections on the web, from "Run" to results on the page.

Issue 11's targets, measured through the web app's own code (no server, no network):

1. **An ICS from "Run" to results on the page** in at most 3 s on 2 cores: 40 organisations x
   30 staff groups x 10 age bands (12,000 cohorts), 15 years, 1,000 runs, rates with likely
   ranges (triangular), demand from staff in post plus vacancies with population growth, and a
   ten-action plan (ten interventions of different lever types on different staff groups, so the
   waterfall has ten steps). Timed: ``actions.runs.request_run`` (checks the scenario and its size,
   records the request, queues the task), a real ``manage.py db_worker`` picking the task up and
   running ``tasks.run_projection`` (the engine, then the stored tables), and the GET of the
   results page (``projections:run``) until it shows results. The worker polls for new tasks
   every ``BENCH_WORKER_INTERVAL`` seconds (0.2, as ``make run`` starts it): its pick-up wait is in
   the time and printed on its own. Median of ``BENCH_REPEAT`` requests (5), after one untimed
   run that lets the fresh worker load the compiled kernel.
2. **The national scenario through the web** (215 organisations x 30 staff groups x 10 age bands,
   15 years, 1,000 runs: the engine's national case, ``benchmarks.scenarios.synthetic``) against
   the engine alone on the same scenario in this process: at most 1 s slower.
3. **The results page** of a finished ICS run, ``BENCH_PAGE_REQUESTS`` (200) requests through
   Django's test client: p95 at most 300 ms.

SQLite in var/bench-projections/ by default, or PostgreSQL with ``BENCH_PAGES_DATABASE_URL``
(loopback only; dropped and created afresh), as ``benchmarks.pages``. Prints the figures, their
ratios to the targets, the core count and the load average: other work on the machine slows every
figure. ``--quick`` runs tiny sizes (a check that the benchmark works, not a measurement).
``--no-national`` leaves out the national case.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.pages import database_url as pages_database_url
from benchmarks.pages import time_page
from benchmarks.scenarios import synthetic

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("BENCH_PROJECTIONS_OUT", ROOT / "var" / "bench-projections"))
TARGET_RUN_SECONDS = 3.0
TARGET_NATIONAL_EXTRA_SECONDS = 1.0
TARGET_PAGE_MS = 300.0
EMAIL = "projections-bench@bench.test"

FULL = {
    "ics": {"orgs": 40, "groups": 30, "age_bands": 10, "years": 15},
    "runs": 1000,
    "repeat": 5,
    "page_requests": 200,
    "national": {"orgs": 215, "groups": 30, "age_bands": 10, "years": 15},
    "national_runs": 1000,
    "national_repeat": 3,
}
QUICK = {
    "ics": {"orgs": 3, "groups": 4, "age_bands": 3, "years": 3},
    "runs": 20,
    "repeat": 2,
    "page_requests": 10,
    "national": {"orgs": 4, "groups": 4, "age_bands": 3, "years": 3},
    "national_runs": 20,
    "national_repeat": 1,
}


def ten_actions(names: list[str], start_year: int) -> list[dict]:
    """A ten-action plan: one intervention of each kind of lever on a different staff group
    (as ``lodestar.engine.levers.LEVER_TYPES`` names them), most with likely ranges."""
    g = [names[i % len(names)] for i in range(12)]

    def tri(low, mode, high):
        return {"dist": "triangular", "low": low, "mode": mode, "high": high}

    common = {"start_year": start_year + 1, "ramp_up_years": 2}
    return [
        {"name": "Retention programme", "lever": "leaver_rate_change", "staff_group": g[0],
         "effect": tri(-0.12, -0.08, -0.02), "cost_per_year": 2_000_000, **common},
        {"name": "Late-career flexibility", "lever": "retirement_deferral", "staff_group": g[1],
         "effect": tri(-0.3, -0.2, -0.05), "cost_per_year": 500_000, **common},
        {"name": "More training places", "lever": "extra_training_places", "staff_group": g[2],
         "effect": 0.01, "course_years": 3, "attrition": 0.1, "cost_per_year": 3_000_000, **common},
        {"name": "Ethical international recruitment", "lever": "international_recruitment", "staff_group": g[3],
         "effect": tri(0.005, 0.015, 0.03), "cost_per_year": 1_500_000, **common},
        {"name": "Return to practice", "lever": "return_to_practice", "staff_group": g[4],
         "effect": tri(0.002, 0.005, 0.01), "cost_per_year": 200_000, **common},
        {"name": "Local recruitment campaign", "lever": "extra_joiners", "staff_group": g[5],
         "effect": 0.01, "cost_per_year": 300_000, **common},
        {"name": "Support worker to nursing associate", "lever": "conversion", "staff_group": g[6],
         "source_group": g[7], "effect": 0.02, "course_years": 2, "attrition": 0.1, "cost_per_year": 800_000,
         **common},
        {"name": "E-rostering", "lever": "productivity", "staff_group": g[8],
         "effect": {"dist": "uniform", "low": 0.01, "high": 0.03}, "cost_per_year": 400_000, **common},
        {"name": "Advanced practitioners", "lever": "substitution", "staff_group": g[9],
         "effect": 0.02, "equivalence": 0.8, "new_role": "advanced-practitioners", "cost_per_year": 900_000,
         **common},
        {"name": "Leadership development", "lever": "leaver_rate_change", "staff_group": g[10],
         "effect": tri(-0.06, -0.03, 0.0), "cost_per_year": 250_000, **common},
    ]  # fmt: skip


def ics_spec(shape: dict) -> dict:
    """The ICS scenario: synthetic staff in post, uncertain rates, demand from staff in post plus
    vacancies and population growth, with the ten-action plan as its interventions."""
    spec = synthetic(**shape)
    spec["name"] = f"Benchmark ICS ({shape['orgs']} organisations x {shape['groups']} staff groups)"
    names = list(spec["rates"])
    spec["interventions"] = ten_actions(names, spec["start_year"])
    return spec


def build(ics: dict, national: dict | None):
    """The organisation, a contributor there and the two scenarios (one version each)."""
    from django.core.management import call_command

    from lodestar.accounts.models import User
    from lodestar.orgs.models import Membership, Organisation, OrganisationType, Role
    from lodestar.projections.models import Origin, Scenario, ScenarioVersion

    call_command("migrate", "--noinput", verbosity=0)
    org = Organisation.objects.create(name="Benchmark ICS", type=OrganisationType.ICS, ods_code="QZB")
    user = User.objects.create_user(email=EMAIL, password="not-used-here", full_name="Projections benchmark")
    Membership.objects.create(user=user, organisation=org, role=Role.objects.get(slug="contributor"))
    versions = {}
    for key, spec in (("ics", ics), ("national", national)):
        if spec is None:
            continue
        scenario = Scenario.objects.create(organisation=org, name=spec["name"], origin=Origin.UPLOAD, created_by=user)
        versions[key] = ScenarioVersion.objects.create(scenario=scenario, number=1, spec=spec, created_by=user)
    return user, versions


def start_worker(env: dict, interval: str) -> subprocess.Popen:
    log = open(OUT / "worker.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--queue-name", "*", "--interval", interval],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_finished(run_id: int, worker: subprocess.Popen, timeout: float = 900.0) -> None:
    from lodestar.projections.models import Run, RunStatus

    deadline = time.perf_counter() + timeout
    while True:
        status = Run.objects.filter(pk=run_id).values_list("status", flat=True).first()
        if status == RunStatus.DONE:
            return
        if status == RunStatus.FAILED:
            raise SystemExit(f"run {run_id} failed: {Run.objects.get(pk=run_id).error}")
        if worker.poll() is not None:
            raise SystemExit(f"the worker stopped (exit {worker.returncode}); see {OUT / 'worker.log'}")
        if time.perf_counter() > deadline:
            raise SystemExit(f"run {run_id} did not finish in {timeout:.0f} s")
        time.sleep(0.01)


def run_page(client, run_id: int) -> tuple[float, int]:
    """GET the results page; its milliseconds and size. Fails unless it shows results."""
    from django.urls import reverse

    start = time.perf_counter()
    response = client.get(reverse("projections:run", kwargs={"run_id": run_id}))
    ms = (time.perf_counter() - start) * 1000
    if response.status_code != 200 or b"<svg" not in response.content:
        raise SystemExit(f"the results page of run {run_id} answered {response.status_code} without a chart")
    return ms, len(response.content)


def run_to_page(client, user, version, runs: int, seed: int, worker) -> dict:
    """One "Run" press: request, the worker's pick-up and run, the results page."""
    from lodestar.projections.actions import runs as run_actions
    from lodestar.projections.models import Run

    start, start_cpu = time.perf_counter(), time.process_time()
    run = run_actions.request_run(actor=user, version=version, runs=runs, seed=seed)
    requested, request_cpu = time.perf_counter(), time.process_time() - start_cpu
    wait_finished(run.pk, worker)
    finished = time.perf_counter()
    page_ms, size = run_page(client, run.pk)
    total = time.perf_counter() - start
    run = Run.objects.get(pk=run.pk)
    return {
        "run_id": run.pk,
        "total": total,
        "request": requested - start,
        "request_cpu": request_cpu,
        "pick_up": (run.started_at - run.requested_at).total_seconds() if run.started_at else float("nan"),
        "engine": run.seconds or float("nan"),
        "worker": (run.finished_at - run.requested_at).total_seconds() if run.finished_at else float("nan"),
        "in_worker": (run.finished_at - run.started_at).total_seconds() if run.finished_at else float("nan"),
        "seen": finished - start,
        "page_ms": page_ms,
        "bytes": size,
    }


def print_repeats(label: str, rows: list[dict]) -> float:
    median = statistics.median(r["total"] for r in rows)
    each = ", ".join(f"{r['total']:.2f}" for r in rows)
    print(f"{label}: median {median:.2f} s of {len(rows)} ({each})")

    def med(key):
        return statistics.median(r[key] for r in rows)

    print(
        f"  request (check, record, queue):  {med('request') * 1000:8.0f} ms (CPU {med('request_cpu') * 1000:.0f} ms)"
    )
    print(f"  waiting for the worker:          {med('pick_up') * 1000:8.0f} ms (its poll interval sets this)")
    print(f"  engine in the worker:            {med('engine') * 1000:8.0f} ms")
    print(
        f"  worker's own work besides:       {(med('in_worker') - med('engine')) * 1000:8.0f} ms (spec, tables, saving)"
    )
    print(f"  requested to stored (worker):    {med('worker') * 1000:8.0f} ms")
    print(f"  results page GET:                {med('page_ms'):8.0f} ms ({rows[0]['bytes'] / 1024:.0f} KB)")
    return median


def engine_alone(spec: dict, runs: int, repeat: int) -> list[float]:
    from benchmarks.case import warm_up
    from lodestar.engine import load_scenario, run

    scenario = load_scenario(spec)
    warm_up()
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        run(scenario, runs=runs, seed=i + 1)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    sizes = QUICK if quick else FULL
    with_national = "--no-national" not in argv
    repeat = int(os.environ.get("BENCH_REPEAT", sizes["repeat"]))
    page_requests = int(os.environ.get("BENCH_PAGE_REQUESTS", sizes["page_requests"]))
    interval = os.environ.get("BENCH_WORKER_INTERVAL", "0.2")  # as make run starts it
    OUT.mkdir(parents=True, exist_ok=True)
    url = pages_database_url(False, OUT, "projections.sqlite3")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "LODESTAR_ENV": "development",
        "LODESTAR_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "lodestar.config.settings",
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_DEBUG", "LODESTAR_ENV", "LODESTAR_TASKS_BACKEND")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    ics = ics_spec(sizes["ics"])
    national = synthetic(**sizes["national"]) if with_national else None
    user, versions = build(ics, national)
    setup_test_environment()  # the test client's 'testserver' host is allowed
    client = Client()
    client.force_login(user)
    engine_name = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    cores = os.cpu_count()
    print(
        f"Lodestar projections benchmark{' (--quick: tiny sizes, not a measurement)' if quick else ''} - "
        f"{engine_name}, {cores} CPU cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    shape = sizes["ics"]
    cohorts = shape["orgs"] * shape["groups"] * shape["age_bands"]
    print(
        f"ICS: {shape['orgs']} organisations x {shape['groups']} staff groups x {shape['age_bands']} age bands = "
        f"{cohorts:,} cohorts, {shape['years']} years, {sizes['runs']:,} runs, {len(ics['interventions'])} actions"
    )
    print(f"worker: manage.py db_worker, polling every {interval} s when idle (BENCH_WORKER_INTERVAL)\n")
    ok = True
    worker = start_worker(env, interval)
    try:
        warm = run_to_page(client, user, versions["ics"], 2, 1, worker)
        print(f"untimed first run in the fresh worker (loads the compiled kernel): {warm['total']:.2f} s")
        rows = [run_to_page(client, user, versions["ics"], sizes["runs"], i + 1, worker) for i in range(repeat)]
        median = print_repeats("ICS, Run to results on the page", rows)
        met = median <= TARGET_RUN_SECONDS
        ok &= met
        print(
            f"  / {TARGET_RUN_SECONDS:.0f} s target:                  {median / TARGET_RUN_SECONDS:8.2f} "
            f"({'met' if met else 'NOT met'}) on {cores} cores"
        )
        alone = engine_alone(ics, sizes["runs"], repeat)
        print(
            f"  the engine alone on it (this process, no web): median {statistics.median(alone):.2f} s "
            f"({', '.join(f'{a:.2f}' for a in alone)}); web / engine {median / statistics.median(alone):.2f}x"
        )

        from django.urls import reverse

        path = reverse("projections:run", kwargs={"run_id": rows[-1]["run_id"]})
        page = time_page(client, path, page_requests)
        met = page["p95"] <= TARGET_PAGE_MS
        ok &= met
        print(f"\nresults page of the finished ICS run, {page_requests} requests after 2 warm-up ({engine_name})")
        print(
            f"  p50 {page['p50']:.0f} ms, p95 {page['p95']:.0f} ms, CPU p50 {page['cpu_p50']:.0f} ms, "
            f"{page['queries']} queries, {page['bytes'] / 1024:.0f} KB"
        )
        print(
            f"  p95 / {TARGET_PAGE_MS:.0f} ms target:             {page['p95'] / TARGET_PAGE_MS:8.2f} "
            f"({'met' if met else 'NOT met'})"
        )

        if national is not None:
            ns = sizes["national"]
            print(
                f"\nnational: {ns['orgs'] * ns['groups'] * ns['age_bands']:,} cohorts, {ns['years']} years, "
                f"{sizes['national_runs']:,} runs, {len(national['interventions'])} interventions"
            )
            web = [
                run_to_page(client, user, versions["national"], sizes["national_runs"], i + 1, worker)
                for i in range(sizes["national_repeat"])
            ]
            web_median = print_repeats("national through the web", web)
            alone = engine_alone(national, sizes["national_runs"], sizes["national_repeat"])
            alone_median = statistics.median(alone)
            extra = web_median - alone_median
            met = extra <= TARGET_NATIONAL_EXTRA_SECONDS
            ok &= met
            print(f"engine alone (this process): median {alone_median:.2f} s ({', '.join(f'{a:.2f}' for a in alone)})")
            print(
                f"  web - engine alone:              {extra:8.2f} s (target <= {TARGET_NATIONAL_EXTRA_SECONDS:.0f} s: "
                f"{'met' if met else 'NOT met'}); web / engine {web_median / alone_median:.2f}x"
            )
    finally:
        stop_worker(worker)
    print(f"\nload average at end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    print(f"targets: {'met' if ok else 'NOT met'}{' (quick sizes: not a measurement)' if quick else ''}")
    return 0 if ok or quick else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
