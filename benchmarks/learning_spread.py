"""``python -m benchmarks.learning_spread``: the regional spread dashboard over 500 organisations and
200 interventions, on SQLite and on PostgreSQL.

Issue 12's target: the regional spread dashboard at most 300 ms p95. A throwaway database
(benchmarks.learning_common) gets a region of five ICSs and 500 organisations, 200 catalogue
interventions, and 10,000 adoption records (each organisation at 20 interventions, every
intervention at 50 organisations, at every stage, some discontinued with a reason) with two or
three changes of stage each over two years. A regional viewer then requests the dashboard
(``/learning/spread/``) through Django's test client, ``BENCH_SPREAD_REQUESTS`` times (8) after a
warm-up, with no filter (the heaviest: every record), filtered by one ICS and by one intervention
(each of its 50 organisations side by side); the query and
presenter alone (no template) are timed too, to show where the time goes. Prints p50/p95, the
target, the ratio and the core count. ``--quick``: 50 organisations, 20 interventions.
"""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys

from benchmarks import learning_common
from benchmarks.learning_common import drop, region, report, setup, timed

# Its own throwaway PostgreSQL database, so it never meets benchmarks.learning_search's.
learning_common.PG_NAME = "lodestar_bench_spread"

TARGET_MS = 300.0
STAGES = ["aware", "exploring", "piloting", "adopted", "embedded", "discontinued"]


def catalogue(count: int):
    from lodestar.star.models import Intervention, StarPoint

    points = [
        StarPoint.objects.get_or_create(key=key, defaults={"name": key.title(), "order": i + 1})[0]
        for i, key in enumerate(["supply", "upskilling", "new-roles", "new-ways", "leadership"])
    ]
    rows = [
        Intervention(
            code=f"bench-{n:03d}",
            point=points[n % 5],
            title=f"Intervention {n:03d}",
            summary="A workforce change",
            description="A workforce change",
            evidence_level="moderate",
            time_to_impact="6-12-months",
            cost_band="low",
            catalogue_version="2025.1",
        )
        for n in range(count)
    ]
    return Intervention.objects.bulk_create(rows)


def adoption(orgs, interventions, per_org: int) -> int:
    from lodestar.learning.models import AdoptionChange, AdoptionRecord

    rnd = random.Random(12)
    start = datetime.date(2024, 1, 1)
    records, histories = [], []
    for i, org in enumerate(orgs):
        for k in range(per_org):
            intervention = interventions[(i * per_org + k) % len(interventions)]
            steps = sorted(rnd.sample(range(0, 700), rnd.randint(2, 3)))
            stages = sorted(rnd.sample(range(len(STAGES) - 1), len(steps)))
            if rnd.random() < 0.08:
                stages[-1] = len(STAGES) - 1
            history = [(STAGES[s], start + datetime.timedelta(days=d)) for s, d in zip(stages, steps, strict=True)]
            stage, since = history[-1]
            reason = "Funding ended" if stage == "discontinued" else ""
            records.append(
                AdoptionRecord(organisation=org, intervention=intervention, stage=stage, since=since, reason=reason)
            )
            histories.append(history)
    AdoptionRecord.objects.bulk_create(records, batch_size=2000)
    saved = AdoptionRecord.objects.order_by("pk")
    changes = [
        change
        for record, history in zip(saved, histories, strict=True)
        for change in AdoptionChange.for_history(record, history)
    ]
    AdoptionChange.objects.bulk_create(changes, batch_size=5000)
    return len(records)


def run(vendor: str, organisations: int, interventions: int, requests: int) -> bool:
    print(f"\n{vendor}: {organisations} organisations x {interventions} interventions")
    setup(vendor)
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from lodestar.learning import queries_spread
        from lodestar.learning.presenters_spread import SpreadPresenter

        setup_test_environment()
        top, icss, orgs, user = region(organisations)
        items = catalogue(interventions)
        count = adoption(orgs, items, max(1, interventions * 50 // organisations) if organisations > 50 else 4)
        print(f"  {count:,} adoption records")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(user)

        def page(query: str = ""):
            response = client.get(f"/learning/spread/{query}")
            if response.status_code != 200:
                raise SystemExit(f"the dashboard answered {response.status_code}")

        def data():
            icss_ = list(queries_spread.icss(user))
            rows = queries_spread.records(user)
            presenter = SpreadPresenter(rows, icss_)
            presenter.summary(), presenter.matrix(), presenter.curve_chart(), presenter.curve_table()
            presenter.median(), presenter.discontinued()

        page()
        met = report("page, every record", [timed(page) for _ in range(requests)], TARGET_MS)
        one_ics = f"?ics={icss[0].pk}"
        met = report("page, one ICS", [timed(lambda: page(one_ics)) for _ in range(requests)], TARGET_MS) and met
        one = f"?intervention={items[0].code}"
        met = report("page, one intervention", [timed(lambda: page(one)) for _ in range(requests)], TARGET_MS) and met
        report("query + presenter, no template", [timed(data) for _ in range(requests)], TARGET_MS)
    finally:
        drop(vendor)
    return met


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    requests = int(os.environ.get("BENCH_SPREAD_REQUESTS", "5" if quick else "8"))
    organisations, interventions = (50, 20) if quick else (500, 200)
    vendors = [v for v in ("sqlite", "postgresql") if v in argv]
    if len(vendors) == 1:
        return 0 if run(vendors[0], organisations, interventions, requests) or quick else 1
    print("The regional spread dashboard (benchmarks/learning_spread.py)")
    # One process per database: Django is set up once per process.
    codes = [
        subprocess.run([sys.executable, "-m", "benchmarks.learning_spread", v, *argv]).returncode
        for v in ("sqlite", "postgresql")
    ]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
