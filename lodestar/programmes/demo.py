"""Demo themes and programmes for the demo region (North of England): the five transformation
themes and Integrated Care, eight programmes run by the region and its two ICSs, with milestones,
benefit measures, risks and partners across sectors, and the demo Star workshop and its action
plan linked to the Riverside community nursing programme.

Written through the actions (so each is audited) by the platform account, which reaches every
organisation. Idempotent: a theme or a programme already there (the same name at the same
organisation) is left as it is. Dates are relative to today, so the RAG words stay realistic.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.plans.models import ActionPlan
from lodestar.programmes import actions, actions_parts
from lodestar.programmes.models import Programme, Theme
from lodestar.workshops.models import Workshop

PLATFORM = "platform@demo.lodestar.test"
REGION = "North of England (demo)"
WORKSHOP = "Community nursing in Riverside"

THEMES = [
    (
        "Multi-disciplinary training pathways",
        "A joined-up approach to training across community, primary and secondary care.",
    ),
    ("New medical and non-medical roles", "New roles that complement the multi-professional workforce."),
    (
        "Identifying and retaining workforce leaders",
        "Finding, growing and keeping the people who propose and lead workforce change.",
    ),
    (
        "Communication networks for shared learning",
        "Networks that cross cultural and geographic boundaries so that learning spreads.",
    ),
    ("Pilot and test-of-concept projects", "Projects that break new ground in training and career development."),
    ("Integrated Care", "Health and social care working as one around people, in their place."),
]

# (name, theme, owner, lead email, partners, budget, start and end (days from today), status, aims,
#  milestones (title, due, done or None: days from today), measures (name, unit, baseline, target, latest),
#  risks (description, likelihood, impact, owner, mitigation, open))
PROGRAMMES = [
    {
        "name": "Community nursing pathway across Riverside",
        "theme": "Multi-disciplinary training pathways",
        "owner": "Riverside ICS",
        "lead": "facilitator@demo.lodestar.test",
        "partners": [
            "Riverside Community Health NHS Trust",
            "Riverside Central PCN",
            "University of Riverside",
            "Hillview Care Homes",
        ],
        "budget": "420000",
        "dates": (-300, 430),
        "status": "active",
        "aims": "A single pathway for nurses new to the community, with placements in district nursing, general practice and care homes, so fewer leave in their first year.",
        "milestones": [
            ("Pathway stages and competencies agreed", -240, -250),
            ("First cohort of twelve starts", -120, -118),
            ("Care home placements open", -20, None),
            ("Evaluation of the first cohort", 120, None),
            ("Second cohort starts", 200, None),
            ("Decision on scaling to Moorland", 400, None),
        ],
        "measures": [
            ("Community nurses leaving in their first year", "%", "22", "12", "17"),
            ("Community nursing vacancy rate", "%", "14", "8", "12.5"),
        ],
        "risks": [
            (
                "Not enough practice educators to supervise placements",
                3,
                4,
                "Head of community nursing",
                "Two educator posts funded from the programme budget",
                True,
            ),
            (
                "Care homes cannot release staff for training days",
                3,
                3,
                "Hillview Care Homes",
                "Backfill paid from the programme",
                True,
            ),
        ],
        "links": True,
    },
    {
        "name": "Advanced clinical practitioners in urgent care",
        "theme": "New medical and non-medical roles",
        "owner": "North of England (demo)",
        "lead": "region@demo.lodestar.test",
        "partners": [
            "Riverside Hospitals NHS Foundation Trust",
            "Moorland General NHS Trust",
            "University of Riverside",
        ],
        "budget": "1250000",
        "dates": (-500, 600),
        "status": "active",
        "aims": "Forty trainee advanced clinical practitioners across the region's urgent and emergency care services, with supervision and governance agreed once for all trusts.",
        "milestones": [
            ("Regional supervision framework agreed", -400, -410),
            ("First twenty trainees in post", -200, -190),
            ("Governance audit in each trust", -30, None),
            ("Second twenty trainees in post", 150, None),
        ],
        "measures": [
            ("Trainee ACPs in post", "posts", "0", "40", "20"),
            ("Emergency department locum spend per month", "£", "310000", "200000", "265000"),
        ],
        "risks": [
            (
                "Trainees leave for other regions on qualifying",
                3,
                5,
                "Regional workforce lead",
                "Two-year employment offers on qualifying",
                True,
            )
        ],
    },
    {
        "name": "Nursing associates in primary care",
        "theme": "New medical and non-medical roles",
        "owner": "Riverside ICS",
        "lead": "facilitator@demo.lodestar.test",
        "partners": ["Riverside Central PCN", "Bridge Street Surgery", "University of Riverside"],
        "budget": "180000",
        "dates": (-150, 560),
        "status": "active",
        "aims": "Eight nursing associates in general practice, trained on the apprenticeship route, taking on chronic disease reviews from practice nurses.",
        "milestones": [
            ("Practices recruited", -90, -95),
            ("Apprentices start", 30, None),
            ("First year review", 400, None),
        ],
        "measures": [("Nursing associates in general practice", "posts", "0", "8", "0")],
        "risks": [
            (
                "Practices cannot release practice nurses to supervise",
                2,
                3,
                "PCN clinical director",
                "Shared supervision across the PCN",
                True,
            )
        ],
    },
    {
        "name": "Leadership pipeline for the region",
        "theme": "Identifying and retaining workforce leaders",
        "owner": "North of England (demo)",
        "lead": "region@demo.lodestar.test",
        "partners": ["Riverside ICS", "Moorland ICS", "Riverside City Council"],
        "budget": "300000",
        "dates": (-200, 500),
        "status": "active",
        "aims": "Career conversations in the Scope for Growth manner for every band 7 and above, and a succession plan for each critical post.",
        "milestones": [
            ("Talent leads trained in each ICS", -120, -130),
            ("Critical posts listed", -60, None),
            ("Succession plans for every critical post", -10, None),
        ],
        "measures": [("Critical posts with a successor ready now", "%", "18", "60", "31")],
        "risks": [
            (
                "Managers do not hold the conversations",
                4,
                4,
                "ICS people directors",
                "Conversations counted in every board workforce report",
                True,
            )
        ],
    },
    {
        "name": "Cross-sector practice educators network",
        "theme": "Communication networks for shared learning",
        "owner": "North of England (demo)",
        "lead": "region@demo.lodestar.test",
        "partners": ["Riverside Carers Network", "Hillview Care Homes", "Moorland Rural PCN"],
        "budget": "45000",
        "dates": (-100, 265),
        "status": "active",
        "aims": "Practice educators from hospitals, general practice, care homes and the voluntary sector meet monthly and share materials.",
        "milestones": [
            ("Network launched", -90, -90),
            ("Shared resource library open", -30, -28),
            ("Annual conference", 200, None),
        ],
        "measures": [("Members from outside NHS trusts", "%", "10", "40", "34")],
        "risks": [],
    },
    {
        "name": "Rotational paramedics in primary care (test of concept)",
        "theme": "Pilot and test-of-concept projects",
        "owner": "Moorland ICS",
        "lead": None,
        "partners": ["Moorland Rural PCN", "Moorland General NHS Trust"],
        "budget": "95000",
        "dates": (-60, 305),
        "status": "paused",
        "aims": "Test whether paramedics rotating between the ambulance service and rural practices keep their skills and stay longer.",
        "milestones": [("Rotation agreement signed", -30, None), ("First rotation starts", 40, None)],
        "measures": [("Paramedics on rotation", "people", "0", "6", None)],
        "risks": [
            (
                "Ambulance service cannot release paramedics in winter",
                4,
                3,
                "Moorland workforce lead",
                "Rotations start in spring",
                True,
            )
        ],
    },
    {
        "name": "Integrated neighbourhood teams",
        "theme": "Integrated Care",
        "owner": "Riverside ICS",
        "lead": "facilitator@demo.lodestar.test",
        "partners": [
            "Riverside City Council",
            "Riverside Community Health NHS Trust",
            "Riverside Carers Network",
            "Hillview Care Homes",
        ],
        "budget": "650000",
        "dates": (30, 760),
        "status": "proposed",
        "aims": "Community nurses, social workers, care coordinators and the voluntary sector working as one team for each neighbourhood.",
        "milestones": [("Business case approved", 60, None), ("First two neighbourhoods live", 300, None)],
        "measures": [],
        "risks": [
            (
                "Council and NHS budgets cannot be pooled in time",
                3,
                4,
                "Director of adult social care",
                "Aligned, not pooled, budgets in year one",
                True,
            )
        ],
    },
    {
        "name": "Return to practice for nurses 2024",
        "theme": "Pilot and test-of-concept projects",
        "owner": "North of England (demo)",
        "lead": "region@demo.lodestar.test",
        "partners": ["University of Riverside"],
        "budget": "60000",
        "dates": (-700, -60),
        "status": "closed",
        "aims": "Bring lapsed registrants back to practice with a paid placement.",
        "milestones": [("Cohort recruited", -600, -610), ("Cohort re-registered", -120, -100)],
        "measures": [("Nurses returned to practice", "people", "0", "15", "13")],
        "risks": [],
    },
]


def _day(offset: int | None) -> datetime.date | None:
    return None if offset is None else timezone.localdate() + datetime.timedelta(days=offset)


def _themes(actor, region: Organisation) -> dict[str, Theme]:
    for name, description in THEMES:
        if not Theme.objects.filter(organisation=region, name=name).exists():
            actions.create_theme(actor=actor, organisation=region, name=name, description=description)
    return {t.name: t for t in Theme.objects.filter(organisation=region)}


def _parts(actor, programme: Programme, spec: dict) -> None:
    for title, due, done in spec["milestones"]:
        actions_parts.add_milestone(
            actor=actor, programme=programme, title=title, due_date=_day(due), done_date=_day(done)
        )
    start = programme.start_date or timezone.localdate()
    for name, unit, baseline, target, latest in spec["measures"]:
        actions_parts.add_measure(
            actor=actor,
            programme=programme,
            name=name,
            unit=unit,
            baseline=baseline,
            baseline_date=start,
            target=target,
            latest=latest,
            latest_date=_day(-14) if latest is not None else None,
        )
    for description, likelihood, impact, owner, mitigation, is_open in spec["risks"]:
        actions_parts.add_risk(
            actor=actor,
            programme=programme,
            description=description,
            likelihood=likelihood,
            impact=impact,
            owner=owner,
            mitigation=mitigation,
            is_open=is_open,
        )


def _link(actor, programme: Programme) -> None:
    workshops = list(Workshop.objects.filter(title=WORKSHOP))
    plans = list(ActionPlan.objects.filter(workshop__in=workshops))
    if workshops or plans:
        actions.set_links(actor=actor, programme=programme, workshops=workshops, plans=plans)


def load() -> list[Programme]:
    actor = User.objects.filter(email=PLATFORM).first()
    region = Organisation.objects.filter(name=REGION).first()
    if actor is None or region is None:
        return []
    themes = _themes(actor, region)
    made = []
    for spec in PROGRAMMES:
        owner = Organisation.objects.get(name=spec["owner"])
        existing = Programme.objects.filter(organisation=owner, name=spec["name"]).first()
        if existing is not None:
            made.append(existing)
            continue
        start, end = spec["dates"]
        data = {
            "theme": themes[spec["theme"]],
            "organisation": owner,
            "name": spec["name"],
            "aims": spec["aims"],
            "lead": User.objects.filter(email=spec["lead"]).first() if spec["lead"] else None,
            "partners": list(Organisation.objects.filter(name__in=spec["partners"])),
            "budget": spec["budget"],
            "start_date": _day(start),
            "end_date": _day(end),
            "status": spec["status"],
        }
        programme = actions.create_programme(actor=actor, data=data)
        _parts(actor, programme, spec)
        if spec.get("links"):
            _link(actor, programme)
        made.append(programme)
    return made
