"""``python -m benchmarks.learning_search``: case-study search over 10,000 case studies on PostgreSQL.

Issue 12's target: a search of the case-study library at most 200 ms p95 on PostgreSQL with 10,000
case studies. A throwaway database ``lodestar_bench_learning`` (benchmarks.learning_common) gets a
region of five ICSs and 500 organisations and 10,000 published case studies of realistic, varied
text (titles, summaries and sections built from the words people use about workforce changes,
with a fixed seed), visible to their organisation, ICS, region or everyone. The stored search
vectors are computed once (``search_index.refresh``, as the actions do per case study). Then
``BENCH_SEARCHES`` (60) different searches (one word, several, phrases, ``or``, ``-word``, rare and
common words, some with a sector) run through ``lodestar.learning.queries.search`` as a regional
viewer, each doing what the library page does: count the matches and read the first 20.
Prints p50 and p95, the target, the ratio and the core count. ``--quick``: 1,000 case studies.
"""

from __future__ import annotations

import os
import random
import sys
import time

from benchmarks.learning_common import drop, region, report, setup, timed

TARGET_MS = 200.0
GROUPS = [
    "nurses",
    "healthcare assistants",
    "paramedics",
    "pharmacists",
    "GPs",
    "physiotherapists",
    "care workers",
    "midwives",
    "radiographers",
    "occupational therapists",
    "district nurses",
    "nursing associates",
    "social workers",
    "porters",
    "theatre staff",
    "mental health nurses",
]
SETTINGS = [
    "acute wards",
    "the emergency department",
    "primary care",
    "community services",
    "care homes",
    "mental health services",
    "maternity",
    "outpatients",
    "theatres",
    "urgent care",
    "hospices",
]
CHANGES = [
    "preceptorship",
    "flexible rostering",
    "self-rostering",
    "a return to practice scheme",
    "international recruitment",
    "an apprenticeship route",
    "legacy mentoring",
    "a retention bundle",
    "rotational posts",
    "advanced practice roles",
    "a wellbeing hub",
    "team job planning",
    "digital rota tools",
    "a staff bank",
    "skill mix review",
    "career conversations",
    "a reablement team",
    "virtual wards",
    "a new starter buddy scheme",
    "leadership coaching",
]
PROBLEMS = [
    "high vacancy rates",
    "turnover in the first year",
    "sickness absence",
    "agency spend",
    "long waits for assessment",
    "burnout after the pandemic",
    "an ageing workforce",
    "difficulty recruiting in rural areas",
    "low morale on night shifts",
    "gaps in weekend cover",
]
RESULTS = [
    "leavers fell by a third",
    "vacancies halved",
    "agency spend dropped",
    "sickness absence fell",
    "staff survey scores rose",
    "waiting times shortened",
    "retention improved",
    "fill rates rose",
]
SEARCHES = [
    "preceptorship",
    "nurses retention",
    "flexible rostering",
    "care homes",
    "agency spend",
    '"return to practice"',
    "paramedics or pharmacists",
    "nurses -agency",
    "virtual wards",
    "wellbeing",
    "apprenticeship",
    "rural recruitment",
    "night shifts morale",
    "international recruitment nurses",
    "mentoring",
    "burnout",
    "skill mix",
    "district nurses community",
    "maternity midwives",
    "theatres",
    "job planning",
    "coaching leadership",
    "reablement",
    "staff bank",
    "digital rota",
    "sickness absence",
    "turnover first year",
    "vacancy",
    "advanced practice",
    "buddy scheme",
    "career conversations",
    "radiographers",
    "occupational therapists",
    "social workers",
    "porters",
    "hospices",
    "emergency department",
    "urgent care",
    "outpatients",
    "mental health",
    "retention bundle",
    "weekend cover",
    "ageing workforce",
    "self-rostering nurses",
    "rotational posts paramedics",
    "recruiting",
    "retaining",
    "rostered",
    "nursing associates",
    "healthcare assistants care homes",
    "leavers",
    "morale",
    "waits",
    "survey",
    "pandemic",
    "nurse",
    "therapy",
    "zebra",
    "primary care GPs",
    "community services reablement",
]


def text(rnd: random.Random) -> dict:
    group, setting, change, problem = (
        rnd.choice(GROUPS),
        rnd.choice(SETTINGS),
        rnd.choice(CHANGES),
        rnd.choice(PROBLEMS),
    )
    result = rnd.choice(RESULTS)
    return {
        "title": f"{change.capitalize()} for {group} in {setting}",
        "summary": f"How {change} helped {group} with {problem}: {result}.",
        "challenge": f"Our {group} in {setting} faced {problem}. " * rnd.randint(2, 4)
        + f"We also saw {rnd.choice(PROBLEMS)} among {rnd.choice(GROUPS)}.",
        "what_changed": f"We introduced {change}, with {rnd.choice(CHANGES)} alongside it. "
        f"The {rnd.choice(GROUPS)} and {group} worked together across {rnd.choice(SETTINGS)}.",
        "who_led": f"The director of {rnd.choice(['nursing', 'workforce', 'operations'])} and a team of {group}.",
        "costs": f"{rnd.randint(1, 9)}.{rnd.randint(0, 9)} FTE for a year and {rnd.randint(5, 90)},000 pounds.",
        "lessons": f"{result.capitalize()} once {change} was protected on the rota. " * rnd.randint(1, 3),
    }


def populate(count: int, orgs, icss, top) -> None:
    from lodestar.learning import search_index
    from lodestar.learning.models import CaseStudy, Status, Visibility

    rnd = random.Random(12)
    visibilities = [Visibility.ORGANISATION, Visibility.ICS, Visibility.REGION, Visibility.EVERYONE]
    rows = []
    for n in range(count):
        org = orgs[n % len(orgs)]
        visibility = visibilities[n % 4]
        scope = {
            Visibility.ORGANISATION: org,
            Visibility.ICS: icss[orgs.index(org) % 5],
            Visibility.REGION: top,
            Visibility.EVERYONE: None,
        }[visibility]
        rows.append(
            CaseStudy(
                organisation=org,
                status=Status.PUBLISHED,
                visibility=visibility,
                scope=scope,
                sector=rnd.choice(["nhs", "social_care", "primary_care", "voluntary"]),
                **text(rnd),
            )
        )
    CaseStudy.objects.bulk_create(rows, batch_size=1000)
    start = time.perf_counter()
    search_index.refresh()
    print(f"  stored vectors for {count:,} case studies in {time.perf_counter() - start:.1f} s")


def main(argv: list[str]) -> int:
    count = 1_000 if "--quick" in argv else 10_000
    searches = int(os.environ.get("BENCH_SEARCHES", "60"))
    print(f"Case-study search over {count:,} case studies on PostgreSQL (benchmarks/learning_search.py)")
    setup("postgresql")
    try:
        from django.db import connection

        from lodestar.learning import queries

        top, icss, orgs, user = region(500)
        populate(count, orgs, icss, top)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE learning_casestudy")

        def one(words: str, sector: str = ""):
            rows = queries.search(user, q=words, sectors=[sector] if sector else ())
            rows.count()
            list(rows[:20])

        for words in SEARCHES[:3]:  # warm up
            one(words)
        times = [
            timed(lambda w=words, i=i: one(w, "nhs" if i % 5 == 0 else ""))
            for i, words in enumerate((SEARCHES * 3)[:searches])
        ]
        met = report("search (count + first 20)", times, TARGET_MS, f"of {len(set(SEARCHES))} different searches")
    finally:
        drop("postgresql")
    return 0 if met or "--quick" in argv else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
