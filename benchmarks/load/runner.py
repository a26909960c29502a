"""``make load``: signed-in people on Lodestar's busiest pages, against gunicorn on SQLite, then PostgreSQL.

For each database the runner builds a fresh copy of the demo (migrate, load_catalogue,
load_demo_data), starts gunicorn with the production settings file (lodestar/config/gunicorn.py)
on 127.0.0.1 only, runs locust headless for a bounded time, stops the server and prints, per
page, requests/s, p50, p95, p99 and errors, with the machine's core count and load average.

Everything stays on the loopback address: the server binds 127.0.0.1 and the PostgreSQL URL
must point at 127.0.0.1 or localhost. Settings from the environment:

    LOAD_USERS (50)  LOAD_SECONDS (60)  LOAD_SPAWN_RATE (10 a second)  LOAD_PORT (8790)
    LOAD_DATABASES ("sqlite,postgresql")
    LOAD_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/lodestar_load: dropped and created afresh)
    LOAD_EMAILS (demo people who can see every page), LOAD_WAIT_MIN / LOAD_WAIT_MAX (1 / 2 s)
    LODESTAR_WORKERS / LODESTAR_THREADS (gunicorn, defaults 2 x 4)

The server runs the development settings with DEBUG off (production settings mark the session
cookie Secure, which a plain-http client on the loopback address would never send back).
Results and the server's logs are kept in var/load/. Method and figures: docs/performance.md.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "load"
LOOPBACK = ("127.0.0.1", "localhost")
SIGN_IN = "/account/sign-in/"
WORKSHOP_TITLE = "Community nursing in Riverside"  # the demo workshop and its plan
DEMO_EMAILS = ",".join(f"{who}@demo.lodestar.test" for who in ("facilitator", "contributor", "admin", "region"))
WARM_UP_LIMIT = 300  # seconds the sign-ins may take before the measured window; locust stops at the latest then
PAGE_ORDER = ["home", "workshop list", "workshop", "prioritisation", "plan", "action", "portfolio"]
FIND_PAGES = f"""
import json
from lodestar.plans.models import Action
from lodestar.workshops.models import Workshop
workshop = Workshop.objects.get(title={WORKSHOP_TITLE!r})
plan = workshop.action_plan
action = Action.objects.filter(plan=plan).order_by("pk").first()
print(json.dumps({{
    "home": "/",
    "workshop list": "/workshops/",
    "workshop": f"/workshops/{{workshop.pk}}/",
    "prioritisation": f"/workshops/{{workshop.pk}}/prioritisation/",
    "plan": f"/plans/{{plan.pk}}/",
    "action": f"/plans/actions/{{action.pk}}/",
    "portfolio": "/plans/",
}}))
"""


def setting(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def database_url(kind: str) -> str:
    if kind == "sqlite":
        path = OUT / "lodestar-load.sqlite3"
        for stale in OUT.glob("lodestar-load.sqlite3*"):
            stale.unlink()
        return f"sqlite:///{path}"
    url = setting("LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/lodestar_load")
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"make load runs on the loopback address only; LOAD_POSTGRES_URL points at {parts.hostname}.")
    name = parts.path.lstrip("/")
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def server_env(url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LODESTAR_") or k in ("LODESTAR_WORKERS", "LODESTAR_THREADS")
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="0",
        LODESTAR_ENV="development",
        LODESTAR_MEDIA_ROOT=str(OUT / "media"),
        LODESTAR_GUNICORN_LOG_LEVEL="warning",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args[:1])} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def prepare(env: dict[str, str]) -> dict[str, str]:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_catalogue")
    manage(env, "load_demo_data")
    return json.loads(manage(env, "shell", "-c", FIND_PAGES).strip().splitlines()[-1])


def start_server(env: dict[str, str], port: int, log_prefix: Path) -> subprocess.Popen:
    env = {**env, "LODESTAR_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "lodestar/config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=open(f"{log_prefix}-access.log", "w"),  # noqa: SIM115 - closed with the process
        stderr=open(f"{log_prefix}-server.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start: see {log_prefix}-server.log")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/account/sign-in/", timeout=10).close()
            return server
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_locust(env: dict[str, str], port: int, pages: dict[str, str], prefix: Path) -> None:
    users, seconds = int(setting("LOAD_USERS", "50")), int(setting("LOAD_SECONDS", "60"))
    env = {
        **env,
        "LOAD_PAGES": json.dumps(pages),
        "LOAD_EMAILS": setting("LOAD_EMAILS", DEMO_EMAILS),
        "LOAD_SECONDS": str(seconds),
        "LOAD_SIGN_IN_FILE": f"{prefix}-sign-in.json",
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")),
        "--headless", "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
        "--host", f"http://127.0.0.1:{port}", "--users", str(users),
        "--spawn-rate", setting("LOAD_SPAWN_RATE", "10"), "--run-time", f"{seconds + WARM_UP_LIMIT}s",
        "--stop-timeout", "10", "--csv", str(prefix),
    ]  # fmt: skip
    with open(f"{prefix}-locust.log", "w") as log:  # locust's own summary, for the curious
        subprocess.run(
            command, cwd=ROOT, env=env, check=True, timeout=seconds + WARM_UP_LIMIT + 120, stdout=log, stderr=log
        )


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    order = PAGE_ORDER + sorted(set(rows) - set(PAGE_ORDER) - {"Aggregated"}) + ["Aggregated"]
    return [rows[name] for name in order if name in rows and rows[name]["Request Count"] != "0"]


def server_times(prefix: Path, pages: dict[str, str], since: float) -> tuple[dict, dict]:
    """Milliseconds each request spent inside gunicorn (the access log's last field, in microseconds), by page:
    (before the measured window, during it), split at `since` (the access log's times are to the second).

    The gap between these and what locust measured is time spent queueing for a worker thread, or a
    load generator short of CPU on the same cores."""
    names = {("GET", path): name for name, path in pages.items()}
    names.update({("GET", SIGN_IN): "sign in (form)", ("POST", SIGN_IN): "sign in"})
    before: dict[str, list[float]] = {}
    during: dict[str, list[float]] = {}
    for stamp, method, path, micros in re.findall(
        r'\[([^\]]+)\] "(GET|POST) (\S+) HTTP/[\d.]+" \d{3} .* (\d+)$',
        Path(f"{prefix}-access.log").read_text(),
        flags=re.M,
    ):
        if (method, path) in names:
            when = datetime.datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z").timestamp()
            times = during if when >= int(since) else before
            times.setdefault(names[method, path], []).append(int(micros) / 1000)
    for times in (before, during):
        times["Aggregated"] = [t for ts in times.values() for t in ts]
    return {n: sorted(ts) for n, ts in before.items()}, {n: sorted(ts) for n, ts in during.items()}


def _rate(row: dict) -> str:
    return f"{float(row['Requests/s']):.1f}" if "Requests/s" in row else "-"


def percentile(sorted_values: list[float], fraction: float) -> str:
    return f"{sorted_values[round(fraction * (len(sorted_values) - 1))]:.0f}" if sorted_values else "-"


def table(title: str, rows: list[dict[str, str]], server: dict[str, list[float]]) -> str:
    lines = [
        title,
        f"{'page':<16} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
        f"   in server: {'p50 ms':>7} {'p95 ms':>7}",
    ]
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        inside = server.get(row["Name"], [])
        lines.append(
            f"{name:<16} {row['Request Count']:>8} {_rate(row):>7} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7} {row['Failure Count']:>6}"
            f"              {percentile(inside, 0.5):>7} {percentile(inside, 0.95):>7}"
        )
    return "\n".join(lines)


def run_one(kind: str, port: int) -> str:
    url = database_url(kind)
    env = server_env(url)
    prefix = OUT / kind
    try:
        print(f"\n[{kind}] building the demo database ...", flush=True)
        pages = prepare(env)
        Path(f"{prefix}-sign-in.json").unlink(missing_ok=True)
        server = start_server(env, port, prefix)
        try:
            load_before = os.getloadavg()[0]
            print(
                f"[{kind}] {setting('LOAD_USERS', '50')} people for {setting('LOAD_SECONDS', '60')} s ...", flush=True
            )
            run_locust(env, port, pages, prefix)
            load_after = os.getloadavg()[0]
        finally:
            stop_server(server)
        statuses = re.findall(r'HTTP/[\d.]+" (\d)\d\d ', Path(f"{prefix}-access.log").read_text())
        server_errors = statuses.count("5")
        title = (
            f"{kind}: gunicorn {setting('LODESTAR_WORKERS', '2')} workers x {setting('LODESTAR_THREADS', '4')} "
            f"threads; load average {load_before:.1f} before, {load_after:.1f} after; "
            f"{server_errors} server errors (5xx) in the access log"
        )
        marker = Path(f"{prefix}-sign-in.json")
        if marker.exists():
            warm_up = json.loads(marker.read_text())
        else:  # someone could not sign in, so the window never started: every figure is in one table
            warm_up = {"measured_from": 0, "warm_up": []}
            title += "\nNOT EVERY PERSON SIGNED IN: the figures below include the sign-ins"
        before, during = server_times(prefix, pages, warm_up["measured_from"])
        return "\n\n".join(
            [
                table(
                    f"{title}\nmeasured: {setting('LOAD_SECONDS', '60')} s with every person signed in",
                    read_stats(prefix),
                    during,
                ),
                table(
                    "before the measured window: the sign-ins, and pages visited meanwhile", warm_up["warm_up"], before
                ),
            ]
        )
    finally:
        if kind == "postgresql":
            drop_postgres(url)
        shutil.rmtree(OUT / "media", ignore_errors=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = int(setting("LOAD_PORT", "8790"))
    kinds = [k.strip() for k in setting("LOAD_DATABASES", "sqlite,postgresql").split(",") if k.strip()]
    print(f"Lodestar load test: {os.cpu_count()} CPU cores, load and server on 127.0.0.1 (the same cores)")
    results = [run_one(kind, port) for kind in kinds]
    print("\n" + "\n\n".join(results))
    print(f"\nCSV and server logs: {OUT.relative_to(ROOT)}/")
    return 0
