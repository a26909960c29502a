"""``python -m benchmarks.programmes_dashboard``: the regional programmes dashboard over 500
organisations, 200 programmes, 1,000 pilots and 20,000 talent records, on SQLite and PostgreSQL.

Issue 13's target: the regional dashboard at most 300 ms p95. A throwaway database (the shared
set-up of ``benchmarks.learning_common``, here in var/bench-programmes/ and the PostgreSQL database
``lodestar_bench_programmes``) gets a region of five ICSs and 500 organisations beneath them, the six
themes, 200 programmes (each with three milestones, partners and a status), 1,000 pilots at every
stage, and 20,000 talent conversations (20,000 people, each with their latest conversation) plus
400 succession plans, all with ``bulk_create``. A regional viewer then requests the dashboard
(``/programmes/dashboard/``) through Django's test client ``BENCH_PROGRAMMES_REQUESTS`` times (20)
after a warm-up, with no filter (every organisation: the heaviest) and filtered by one ICS; the
six summary tables alone (no template) are timed too. Prints p50/p95, the target, the ratio and
the core count. ``--quick``: 50 organisations, 20 programmes, 100 pilots, 2,000 talent records.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import learning_common
from benchmarks.learning_common import drop, region, report, setup, timed

learning_common.PG_NAME = "lodestar_bench_programmes"
learning_common.OUT = Path(__file__).resolve().parents[1] / "var" / "bench-programmes"
TARGET_MS = 300.0
THEMES = ["Training pathways", "New roles", "Workforce leaders", "Networks", "Pilots", "Integrated Care"]


def programmes(top, orgs, count: int) -> None:
    from lodestar.programmes.models import Programme, ProgrammeMilestone, Theme

    themes = Theme.objects.bulk_create([Theme(organisation=top, name=n, position=i) for i, n in enumerate(THEMES)])
    statuses = ["proposed", "active", "active", "paused", "closed"]
    made = Programme.objects.bulk_create(
        [
            Programme(
                theme=themes[n % 6], organisation=orgs[n % len(orgs)], name=f"Programme {n}", status=statuses[n % 5]
            )
            for n in range(count)
        ]
    )
    today = datetime.date.today()
    ProgrammeMilestone.objects.bulk_create(
        [
            ProgrammeMilestone(
                programme=p, title=f"Milestone {k}", due_date=today + datetime.timedelta(days=60 * k - 60)
            )
            for p in made
            for k in range(3)
        ]
    )
    through = Programme.partners.through
    through.objects.bulk_create(
        [
            through(programme_id=p.pk, organisation_id=orgs[(i * 7 + k) % len(orgs)].pk)
            for i, p in enumerate(made)
            for k in range(3)
        ]
    )


def pilots(orgs, count: int) -> None:
    from lodestar.pilots.models import Pilot

    stages = ["proposed", "approved", "running", "evaluating", "decided"]
    decisions = ["scale_up", "adapt", "stop"]
    Pilot.objects.bulk_create(
        [
            Pilot(
                organisation=orgs[n % len(orgs)],
                title=f"Pilot {n}",
                stage=stages[n % 5],
                decision=decisions[n % 3] if n % 5 == 4 else "",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def talent(orgs, count: int) -> None:
    from lodestar.accounts.models import User
    from lodestar.talent.models import STAFF_GROUPS, SuccessionPlan, TalentConversation

    manager = User.objects.create_user(email="manager@bench.test", password="not-used-bench-1", full_name="Manager")
    people = User.objects.bulk_create(
        [User(email=f"person{n}@bench.test", full_name=f"Person {n}", password="!") for n in range(count)],
        batch_size=5000,
    )
    readiness = ["ready_now", "ready_1_2_years", "ready_later"]
    groups = [key for key, _ in STAFF_GROUPS]
    TalentConversation.objects.bulk_create(
        [
            TalentConversation(
                organisation=orgs[n % len(orgs)],
                person=person,
                line_manager=manager,
                recorded_by=manager,
                held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
                staff_group=groups[n % len(groups)],
                current_role="Ward manager",
                impact="effective",
                growth="emerging",
                aspirations="Lead a service",
                readiness=readiness[n % 3],
                sex=["female", "male"][n % 2],
            )
            for n, person in enumerate(people)
        ],
        batch_size=5000,
    )
    SuccessionPlan.objects.bulk_create(
        [
            SuccessionPlan(
                organisation=orgs[n % len(orgs)],
                post=f"Critical post {n}",
                staff_group=groups[n % len(groups)],
                risk=SuccessionPlan._meta.get_field("risk").choices[n % 2][0],
                risk_reason="Retiring within two years",
                created_by=manager,
            )
            for n in range(count // 50)
        ]
    )


def run(vendor: str, sizes: dict, requests: int) -> bool:
    print(f"\n{vendor}: {sizes}")
    setup(vendor)
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from lodestar.programmes import dashboard

        setup_test_environment()
        top, icss, orgs, user = region(sizes["organisations"])
        programmes(top, orgs, sizes["programmes"])
        pilots(orgs, sizes["pilots"])
        talent(orgs, sizes["talent"])
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(user)

        def page(query: str = ""):
            response = client.get(f"/programmes/dashboard/{query}")
            if response.status_code != 200:
                raise SystemExit(f"the dashboard answered {response.status_code}")

        def tables():
            dashboard.tables(dashboard.organisation_ids(user))

        page()
        met = report("page, the whole region", [timed(page) for _ in range(requests)], TARGET_MS)
        one = f"?ics={icss[0].pk}"
        met = report("page, one ICS", [timed(lambda: page(one)) for _ in range(requests)], TARGET_MS) and met
        report("the six summary tables, no template", [timed(tables) for _ in range(requests)], TARGET_MS)
    finally:
        drop(vendor)
    return met


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    requests = int(os.environ.get("BENCH_PROGRAMMES_REQUESTS", "5" if quick else "20"))
    sizes = (
        {"organisations": 50, "programmes": 20, "pilots": 100, "talent": 2_000}
        if quick
        else {"organisations": 500, "programmes": 200, "pilots": 1_000, "talent": 20_000}
    )
    vendors = [v for v in ("sqlite", "postgresql") if v in argv]
    if len(vendors) == 1:
        return 0 if run(vendors[0], sizes, requests) or quick else 1
    print("The regional programmes dashboard (benchmarks/programmes_dashboard.py)")
    codes = [
        subprocess.run([sys.executable, "-m", "benchmarks.programmes_dashboard", v, *argv]).returncode
        for v in ("sqlite", "postgresql")
    ]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
