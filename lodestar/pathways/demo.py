"""Demo training pathways for the demo region: a community, primary and secondary care nursing
pathway (Riverside ICS), an advanced clinical practitioner route (the region) and a nursing
associate route (Moorland ICS), each with stages, competencies, placements and cohorts counted over
two years. Written by the platform demo person through the actions, so each is audited. Idempotent:
a pathway already there (same organisation and name) is left as it is."""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.pathways import actions
from lodestar.pathways.models import Pathway

PLATFORM = "platform@demo.lodestar.test"
NURSES = "Nurses & health visitors"  # the demo scenario's staff groups (lodestar/projections/demo.py)
SUPPORT = "Support to doctors, nurses & midwives"
D = datetime.date

# name, owner, details, stages: (name, months, setting, competencies, placements), cohorts
PATHWAYS = [
    {
        "name": "Community, primary and secondary care nursing pathway",
        "owner": "Riverside ICS",
        "summary": "Newly qualified nurses rotate through community nursing, general practice and an acute ward "
        "in their first two years, so they can work in any of the three and the system keeps them.",
        "professions": ["Nursing (adult)", "Nursing (mental health)"],
        "capacity": 24,
        "intakes_per_year": 2,
        "staff_group": NURSES,
        "stages": [
            (
                "Community nursing foundation",
                8,
                "community",
                [
                    ("Wound assessment and dressing", "Band 5 registered nurse", "medium", "indirect"),
                    ("Home visit risk assessment", "Band 5 registered nurse", "medium", "direct"),
                ],
                [("Riverside Community Health NHS Trust", "community", 32, 24)],
            ),
            (
                "General practice nursing",
                6,
                "primary",
                [
                    ("Long-term condition review (asthma, diabetes)", "Band 5 practice nurse", "medium", "indirect"),
                    ("Childhood immunisations", "Band 5 practice nurse", "high", "direct"),
                ],
                [("Bridge Street Surgery", "primary", 12, 6), ("Riverside Central PCN", "primary", 12, 18)],
            ),
            (
                "Acute medical ward rotation",
                10,
                "secondary",
                [
                    (
                        "Medicines administration, including controlled drugs",
                        "Band 5 registered nurse",
                        "high",
                        "direct",
                    ),
                    ("Early warning score and escalation", "Band 5 registered nurse", "high", "indirect"),
                    ("Discharge planning with community teams", "Band 5 registered nurse", "low", "none"),
                ],
                [("Riverside Hospitals NHS Foundation Trust", "secondary", 40, 24)],
            ),
        ],
        "cohorts": [
            (
                D(2024, 9, 2),
                [
                    (D(2025, 3, 31), [(24, 22, 0, 2), None, None]),
                    (D(2026, 9, 30), [(24, 0, 22, 2), (22, 0, 21, 1), (21, 0, 19, 2)]),
                ],
            ),
            (
                D(2025, 3, 3),
                [
                    (D(2025, 9, 30), [(24, 23, 0, 1), None, None]),
                    (D(2026, 9, 30), [(24, 0, 23, 1), (23, 0, 23, 0), (23, 0, 22, 1)]),
                ],
            ),
            (
                D(2025, 9, 1),
                [
                    (D(2026, 3, 31), [(24, 24, 0, 0), None, None]),
                    (D(2026, 9, 30), [(24, 0, 23, 1), (23, 23, 0, 0), None]),
                ],
            ),
        ],
    },
    {
        "name": "Advanced clinical practitioner route",
        "owner": "North of England (demo)",
        "summary": "Experienced nurses train as advanced clinical practitioners through a two-year master's "
        "with supervised practice in primary and urgent care, then a consolidation year.",
        "professions": ["Nursing", "Paramedicine", "Physiotherapy", "Pharmacy"],
        "capacity": 12,
        "intakes_per_year": 1,
        "staff_group": "Advanced clinical practitioners",
        "source_group": NURSES,
        "stages": [
            (
                "Master's year 1: clinical assessment and diagnostics",
                12,
                "primary",
                [
                    ("History taking and physical examination", "Trainee ACP", "medium", "direct"),
                    ("Requesting and interpreting investigations", "Trainee ACP", "high", "direct"),
                ],
                [("Moorland Rural PCN", "primary", 20, 6), ("Riverside Central PCN", "primary", 20, 6)],
            ),
            (
                "Master's year 2: independent prescribing",
                12,
                "secondary",
                [
                    ("Independent prescribing", "Trainee ACP with V300", "high", "indirect"),
                ],
                [
                    ("Moorland General NHS Trust", "secondary", 24, 6),
                    ("Riverside Hospitals NHS Foundation Trust", "secondary", 24, 6),
                ],
            ),
            (
                "Consolidation year",
                6,
                "community",
                [
                    ("Managing an undifferentiated caseload", "Advanced clinical practitioner", "high", "indirect"),
                ],
                [],
            ),
        ],
        "cohorts": [
            (
                D(2024, 9, 2),
                [
                    (D(2025, 9, 30), [(12, 0, 11, 1), None, None]),
                    (D(2026, 9, 30), [None, (11, 0, 10, 1), (10, 10, 0, 0)]),
                ],
            ),
            (D(2025, 9, 1), [(D(2026, 9, 30), [(12, 0, 12, 0), (12, 12, 0, 0), None])]),
        ],
    },
    {
        "name": "Nursing associate route",
        "owner": "Moorland ICS",
        "summary": "Healthcare support workers become nursing associates through a two-year apprenticeship "
        "with placements in hospital, community and a care home.",
        "professions": ["Healthcare support worker", "Care worker"],
        "capacity": 15,
        "intakes_per_year": 2,
        "staff_group": NURSES,
        "source_group": SUPPORT,
        "stages": [
            (
                "Foundation year on the wards",
                12,
                "secondary",
                [
                    ("Personal care and observations", "Trainee nursing associate", "low", "indirect"),
                    ("Blood glucose monitoring", "Trainee nursing associate", "medium", "indirect"),
                ],
                [("Moorland General NHS Trust", "secondary", 36, 15)],
            ),
            (
                "Placements across community and social care",
                12,
                "social_care",
                [
                    ("Medicines administration (non-controlled)", "Nursing associate", "medium", "direct"),
                ],
                [("Moorland Rural PCN", "community", 12, 8)],
            ),
        ],
        "cohorts": [
            (
                D(2024, 1, 8),
                [(D(2025, 1, 31), [(15, 0, 13, 2), None]), (D(2026, 1, 31), [None, (13, 0, 12, 1)])],
            ),
            (
                D(2024, 7, 1),
                [(D(2025, 7, 31), [(15, 0, 12, 3), None]), (D(2026, 7, 31), [None, (12, 0, 10, 2)])],
            ),
            (D(2025, 1, 6), [(D(2026, 1, 31), [(15, 0, 14, 1), (14, 14, 0, 0)])]),
        ],
    },
]


def _make(actor, orgs: dict[str, Organisation], spec: dict) -> Pathway:
    details = {k: spec[k] for k in ("name", "summary", "professions", "capacity", "intakes_per_year", "staff_group")}
    pathway = actions.create_pathway(
        actor=actor, organisation=orgs[spec["owner"]], source_group=spec.get("source_group", ""), **details
    )
    stages = []
    for name, months, setting, competencies, placements in spec["stages"]:
        stage = actions.add_stage(actor=actor, pathway=pathway, name=name, months=months, setting=setting)
        stages.append(stage)
        for task, who, risk, supervision in competencies:
            actions.add_competency(actor=actor, stage=stage, task=task, who=who, risk=risk, supervision=supervision)
        for org_name, place_setting, weeks, places in placements:
            actions.add_placement(
                actor=actor, stage=stage, organisation=orgs[org_name], setting=place_setting, weeks=weeks, places=places
            )
    for intake, counts in spec["cohorts"]:
        cohort = actions.add_cohort(actor=actor, pathway=pathway, intake_date=intake)
        for on, by_stage in counts:
            given = {
                stage.pk: dict(zip(actions.COUNT_FIELDS, numbers, strict=True))
                for stage, numbers in zip(stages, by_stage, strict=True)
                if numbers is not None
            }
            actions.record_counts(actor=actor, cohort=cohort, on=on, counts=given)
    return pathway


def load() -> list[Pathway]:
    actor = User.objects.filter(email=PLATFORM).first()
    names = {spec["owner"] for spec in PATHWAYS} | {
        p[0] for spec in PATHWAYS for stage in spec["stages"] for p in stage[4]
    }
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    if actor is None or len(orgs) < len(names):
        return []
    made = []
    for spec in PATHWAYS:
        found = Pathway.objects.filter(organisation=orgs[spec["owner"]], name=spec["name"]).first()
        if found is None:
            with transaction.atomic():
                found = _make(actor, orgs, spec)
        made.append(found)
    return made
