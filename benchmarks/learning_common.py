"""Shared set-up of the shared-learning benchmarks (``benchmarks.learning_search`` and
``benchmarks.learning_spread``): a throwaway database, migrated, with one region of five ICSs and
``organisations`` organisations beneath them, and a regional viewer.

SQLite in var/bench-learning/ (fresh each run), or PostgreSQL on the loopback address in the
database ``lodestar_bench_learning`` (dropped and created afresh; ``BENCH_LEARNING_PG_URL`` names
the server, default postgres://postgres@127.0.0.1:5432). Nothing else is touched.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench-learning"
PG_NAME = "lodestar_bench_learning"


def database_url(vendor: str) -> str:
    if vendor == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        for stale in OUT.glob("learning.sqlite3*"):
            stale.unlink()
        return f"sqlite:///{OUT / 'learning.sqlite3'}"
    import psycopg

    server = os.environ.get("BENCH_LEARNING_PG_URL", "postgres://postgres@127.0.0.1:5432")
    parts = urlsplit(server)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"The learning benchmarks run on the loopback address only, not {parts.hostname}.")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    return parts._replace(path=f"/{PG_NAME}").geturl()


def setup(vendor: str) -> None:
    """A fresh, migrated database; Django set up to use it."""
    os.environ.update(DATABASE_URL=database_url(vendor), DJANGO_DEBUG="0", LODESTAR_ENV="development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def drop(vendor: str) -> None:
    """Close Django's connections and drop the PostgreSQL database (SQLite's file stays for a look)."""
    from django.db import connections

    connections.close_all()
    if vendor == "postgresql":
        import psycopg

        server = os.environ.get("BENCH_LEARNING_PG_URL", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(urlsplit(server)._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')


def region(organisations: int):
    """(region, its ICSs, the organisations beneath them, a viewer at the region)."""
    from lodestar.accounts.models import User
    from lodestar.orgs.models import Membership, Organisation, OrganisationType, Role
    from lodestar.orgs.permissions import DEFAULT_ROLES

    top = Organisation.objects.create(name="Bench Region", type=OrganisationType.REGION, ods_code="YB1")
    icss = [
        Organisation.objects.create(name=f"ICS {i + 1}", type=OrganisationType.ICS, parent=top, ods_code=f"QB{i}")
        for i in range(5)
    ]
    orgs = [
        Organisation.objects.create(
            name=f"Provider {n:03d}", type=OrganisationType.NHS_TRUST, parent=icss[n % 5], ods_code=f"RB{n:03d}"
        )
        for n in range(organisations)
    ]
    name, perms = DEFAULT_ROLES["viewer"]
    viewer_role, _ = Role.objects.get_or_create(
        slug="viewer", defaults={"name": name, "permissions": [p.value for p in perms]}
    )
    user = User.objects.create_user(email="learning-bench@bench.test", password="not-used-bench-1", full_name="Bench")
    Membership.objects.create(user=user, organisation=top, role=viewer_role)
    return top, icss, orgs, user


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(label: str, times_ms: list[float], target_ms: float, extra: str = "") -> bool:
    p50, p95 = statistics.median(times_ms), percentile(times_ms, 0.95)
    met = p95 <= target_ms
    print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(times_ms)} requests {extra}")
    print(f"    target p95 <= {target_ms:.0f} ms: ratio {p95 / target_ms:.2f}, {'met' if met else 'NOT met'}")
    print(f"    on {os.cpu_count()} CPU cores (os.cpu_count()); load average {os.getloadavg()[0]:.2f}")
    return met


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000
