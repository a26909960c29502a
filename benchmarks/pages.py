"""``make bench-pages``: how long Lodestar's busiest pages take to render, in one process.

The pages are those of the load test (benchmarks/load/): home, workshop list, the demo
workshop, its prioritisation page, its action plan, the plan's first action and the plan
portfolio, plus a plan of 2,005 actions (the issue 8 measurement) built beside the demo.
A fresh demo database is built first (migrate, load_catalogue, load_demo_data) in
var/bench-pages/ (SQLite) or, with ``BENCH_PAGES_DATABASE_URL``, in a PostgreSQL database on
the loopback address (dropped and created afresh). Each page is then requested through
Django's test client by a signed-in demo person (the facilitator by default,
``BENCH_PAGES_EMAIL``), ``BENCH_PAGES_REPEAT`` times (30) after two warm-up requests, and the
script prints per page the p50 and p95 wall time, the median CPU time of this process (less
swayed by other work on the machine than wall time), the number of SQL queries, the page's
size, the core count and the load average. No server, no network: the figures are Django's own work (views,
queries, templates), not queueing. Target (issue 8): p95 <= 300 ms per page.

    .venv/bin/python -m benchmarks.pages            # build the database, then time
    .venv/bin/python -m benchmarks.pages --reuse    # time against the database built last time
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench-pages"
TARGET_MS = 300.0
BIG_PLAN_ACTIONS = 2005
BIG_PLAN_TITLE = "Benchmark plan with 2,005 actions"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def database_url(reuse: bool, out: Path = OUT, file_name: str = "lodestar-pages.sqlite3") -> str:
    """SQLite at ``out/file_name`` (fresh unless ``reuse``), or BENCH_PAGES_DATABASE_URL's
    loopback PostgreSQL database, dropped and created afresh unless ``reuse``."""
    url = os.environ.get("BENCH_PAGES_DATABASE_URL", "").strip()
    if not url:
        out.mkdir(parents=True, exist_ok=True)
        path = out / file_name
        if not reuse:
            for stale in out.glob(f"{file_name}*"):
                stale.unlink()
        return f"sqlite:///{path}"
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"bench-pages runs on the loopback address only; the URL points at {parts.hostname}.")
    if not reuse:
        name = parts.path.lstrip("/")
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def build(env: dict[str, str]) -> None:
    from benchmarks.load.runner import manage

    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_catalogue")
    manage(env, "load_demo_data")


def add_big_plan(demo_plan) -> None:
    """A copy of the demo plan's organisation with 2,005 actions, a third of them overdue."""
    import datetime

    from lodestar.plans.models import Action, ActionPlan, Status

    if ActionPlan.objects.filter(title=BIG_PLAN_TITLE).exists():
        return
    first = Action.objects.filter(plan=demo_plan).order_by("pk").first()
    plan = ActionPlan.objects.create(organisation=demo_plan.organisation, title=BIG_PLAN_TITLE)
    today = datetime.date.today()
    statuses = list(Status.values)
    Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Benchmark action {i}",
            point_id=first.point_id,
            organisation_id=first.organisation_id,
            owner_user_id=first.owner_user_id,
            due_date=today + datetime.timedelta(days=(i % 90) - 30),
            status=statuses[i % len(statuses)],
            priority_rank=(i % 40) + 1 if i % 3 else None,
        )
        for i in range(BIG_PLAN_ACTIONS)
    )


def pages() -> dict[str, str]:
    from benchmarks.load.runner import WORKSHOP_TITLE
    from lodestar.plans.models import Action, ActionPlan
    from lodestar.workshops.models import Workshop

    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    plan = workshop.action_plan
    add_big_plan(plan)
    action = Action.objects.filter(plan=plan).order_by("pk").first()
    big = ActionPlan.objects.get(title=BIG_PLAN_TITLE)
    return {
        "home": "/",
        "workshop list": "/workshops/",
        "workshop": f"/workshops/{workshop.pk}/",
        "prioritisation": f"/workshops/{workshop.pk}/prioritisation/",
        "plan": f"/plans/{plan.pk}/",
        "action": f"/plans/actions/{action.pk}/",
        "portfolio": "/plans/",
        f"plan ({BIG_PLAN_ACTIONS:,} actions)": f"/plans/{big.pk}/",
    }


def time_page(client, path: str, repeat: int) -> dict:
    from django.db import connection

    for _ in range(2):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(path)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "p50": statistics.median(times),
        "p95": _percentile(times, 0.95),
        "cpu_p50": statistics.median(cpu),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main(argv: list[str]) -> int:
    reuse = "--reuse" in argv
    url = database_url(reuse)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "LODESTAR_ENV": "development"}
    if not reuse:
        build(env)
    os.environ.update(DATABASE_URL=url, DJANGO_DEBUG="0", LODESTAR_ENV="development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from lodestar.accounts.models import User

    setup_test_environment()  # the test client's 'testserver' host is allowed
    repeat = int(os.environ.get("BENCH_PAGES_REPEAT", "30"))
    email = os.environ.get("BENCH_PAGES_EMAIL", "facilitator@demo.lodestar.test")
    client = Client()
    client.force_login(User.objects.get(email=email))
    found = pages()
    load = os.getloadavg()[0]
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"Lodestar page benchmark - {engine}, {os.cpu_count()} CPU cores, load average {load:.1f} at start")
    print(f"signed in as {email}; {repeat} requests per page after 2 warm-up requests\n")
    print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50 ms':>11} {'queries':>8} {'KB':>6}")
    results, ok = {}, True
    for name, path in found.items():
        r = time_page(client, path, repeat)
        results[name] = r
        ok &= r["p95"] <= TARGET_MS
        print(
            f"{name:<24} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['cpu_p50']:>11.0f} {r['queries']:>8} {r['bytes'] / 1024:>6.0f}"
        )
    print(f"\ntarget p95 <= {TARGET_MS:.0f} ms on every page: {'met' if ok else 'NOT met'}")
    print(f"load average at end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    (OUT / "last.json").parent.mkdir(parents=True, exist_ok=True)
    (OUT / "last.json").write_text(json.dumps({"engine": engine, "load": load, "pages": results}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
