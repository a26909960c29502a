"""Demo pilots across the demo region: ten tests of concept at every stage, one scaled up (with
its draft case study and local intervention), one stopped, one adapted and running again.

Written by the demo people through the actions (so each step is audited and passes its gate):
the Riverside ICS facilitator for Riverside's, the platform team for Moorland's and the region's.
The paramedics pilot belongs to Moorland's test-of-concept programme (``lodestar.programmes.demo``).
Idempotent: a pilot already there (the same title at the same organisation) is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.pilots import actions
from lodestar.pilots.models import Pilot
from lodestar.programmes.models import Programme

FACILITATOR = "facilitator@demo.lodestar.test"
PLATFORM = "platform@demo.lodestar.test"
D = datetime.date
RIVERSIDE_HOSPITALS = "Riverside Hospitals NHS Foundation Trust"
RIVERSIDE_COMMUNITY = "Riverside Community Health NHS Trust"

CYCLE_1 = {
    "plan": "Try it with the first group and predict the result",
    "do": "Ran as planned",
    "study": "Most of the first group stayed",
    "act": "Adapt and widen",
}

PILOTS = [
    {
        "organisation": RIVERSIDE_HOSPITALS,
        "title": "Buddying for newly qualified nurses",
        "hypothesis": "If every newly qualified nurse has a named buddy on the same shifts for six months, fewer will leave in their first year.",
        "aims": "Cut first-year leavers among newly qualified nurses on the medical wards from 14% to 10% within a year.",
        "sites": [RIVERSIDE_HOSPITALS],
        "cohort_size": 84,
        "budget": "38000",
        "measures": [("Newly qualified nurses leaving in their first year", "%", "14", "10.2")],
        "cycles": [
            {
                "plan": "Buddy the March starters on two medical wards; predict no more than one leaver in six months",
                "do": "Twelve buddies trained; rosters matched for eight weeks",
                "study": "One leaver in six months against four the year before; buddies needed protected time",
                "act": "Adapt: put an hour a fortnight of buddy time in the roster and widen to all medical wards",
                "started_on": D(2025, 3, 1),
                "ended_on": D(2025, 8, 31),
            },
            {
                "plan": "All medical wards with rostered buddy time",
                "do": "Forty-one starters buddied",
                "study": "First-year leavers 10.2% against 14% at baseline",
                "act": "Adopt and scale up across the trust",
                "started_on": D(2025, 9, 1),
                "ended_on": D(2026, 2, 28),
            },
        ],
        "learned": "Buddying works only when the buddy's time is in the roster; matching shifts for the first eight weeks mattered most.",
        "decision": (
            "scale_up",
            "Leavers fell on every ward that took part, at low cost; the trust will fund rostered buddy time.",
        ),
    },
    {
        "organisation": "Moorland Rural PCN",
        "title": "Rotational paramedics in primary care",
        "programme": "Rotational paramedics in primary care (test of concept)",
        "hypothesis": "Paramedics rotating between the ambulance service and rural practices will take on urgent home visits and stay in the region longer.",
        "aims": "Cover a third of urgent home visits in the PCN with rotating paramedics within nine months, without losing their ambulance skills.",
        "sites": ["Moorland Rural PCN", "Moorland General NHS Trust"],
        "cohort_size": 6,
        "author": PLATFORM,
        "budget": "120000",
        "measures": [("GP hours on urgent home visits a week", "hours", "42", None)],
        "cycles": [{**CYCLE_1, "started_on": D(2026, 4, 1), "ended_on": D(2026, 7, 31)}],
    },
    {
        "organisation": "Hillview Care Homes",
        "title": "A care certificate passport across care homes",
        "hypothesis": "If care workers' training moves with them between homes, fewer will leave the sector in their first year.",
        "aims": "Fewer care workers leaving within a year; no repeated induction when moving between homes.",
        "sites": ["Hillview Care Homes", "Riverside City Council"],
        "cohort_size": 150,
        "measures": [("Care workers leaving within a year", "%", "32", "27")],
        "cycles": [{**CYCLE_1, "started_on": D(2025, 10, 1), "ended_on": D(2026, 5, 31)}],
        "learned": "Homes accepted each other's training once the council set a common standard.",
    },
    {
        "organisation": RIVERSIDE_HOSPITALS,
        "title": "Reverse mentoring for ward leaders",
        "hypothesis": "",
        "aims": "Ward leaders learn from junior staff from minority ethnic backgrounds what it is like to work on their wards.",
        "sites": [],
        "measures": [],
    },
    {
        "organisation": "Riverside ICS",
        "title": "Virtual work experience for school leavers",
        "hypothesis": "Virtual work experience reaches young people who cannot get a placement, and more of them apply for health and care jobs.",
        "aims": "Two hundred school leavers take part; more applications to support worker roles from the ICS's schools.",
        "sites": ["Riverside ICS"],
        "cohort_size": 200,
        "budget": "15000",
        "measures": [("Applications to support worker roles from local school leavers a quarter", "", "35", None)],
        "stop_at": "approved",
    },
    {
        "organisation": RIVERSIDE_COMMUNITY,
        "title": "Flexible retirement conversations at 55",
        "hypothesis": "Offering every nurse a flexible retirement conversation at 55 will defer retirements.",
        "aims": "Fewer community nurses retiring before 60.",
        "sites": [RIVERSIDE_COMMUNITY],
        "cohort_size": 40,
        "measures": [("Community nurses retiring before 60", "%", "8", "7.8")],
        "cycles": [{**CYCLE_1, "started_on": D(2025, 4, 1), "ended_on": D(2025, 12, 31)}],
        "learned": "Nurses wanted the conversation earlier, at 50, and with pension figures in hand.",
        "decision": ("stop", "Almost no change in a year; the pension scheme's own offer now covers the same ground."),
    },
    {
        "organisation": RIVERSIDE_COMMUNITY,
        "title": "Digital physiotherapy triage",
        "hypothesis": "A digital triage before the first appointment frees physiotherapist time.",
        "aims": "A tenth fewer physiotherapist hours on first assessments.",
        "sites": [RIVERSIDE_COMMUNITY],
        "cohort_size": 25,
        "measures": [("Physiotherapist hours on first assessments a week", "hours", "120", "112")],
        "cycles": [{**CYCLE_1, "started_on": D(2025, 6, 1), "ended_on": D(2025, 11, 30)}],
        "learned": "Older patients needed a telephone route; without it they booked in person anyway.",
        "decision": ("adapt", "Works for most patients; add a telephone route and test again."),
        "after_decision_cycle": {
            "plan": "Add a telephone triage route for people who do not use the app",
            "started_on": D(2026, 1, 5),
        },
    },
    {
        "organisation": "Moorland Rural PCN",
        "title": "Rural GP fellowship",
        "hypothesis": "A two-year fellowship with a portfolio week keeps newly qualified GPs in rural practice.",
        "aims": "Four of five fellows still in Moorland practices after two years.",
        "sites": ["Moorland Rural PCN"],
        "cohort_size": 5,
        "budget": "90000",
        "measures": [("Newly qualified GPs staying after two years", "%", "40", None)],
        "cycles": [{**CYCLE_1, "started_on": D(2026, 1, 1)}],
        "author": PLATFORM,
    },
    {
        "organisation": "Moorland General NHS Trust",
        "title": "Shared induction for international nurses",
        "hypothesis": "A shared induction across the ICS halves the time international nurses take to pass the OSCE.",
        "aims": "OSCE passes within twelve weeks of arrival for nine in ten international nurses.",
        "sites": ["Moorland General NHS Trust"],
        "cohort_size": 30,
        "measures": [("Weeks from arrival to passing the OSCE", "weeks", "16", None)],
        "author": PLATFORM,
        "stop_at": "proposed",
    },
    {
        "organisation": "North of England (demo)",
        "title": "Regional practice educator exchange",
        "hypothesis": "Practice educators who spend a week in another sector bring back ideas that reduce placement breakdowns.",
        "aims": "Fewer placement breakdowns across the region's health and social care providers.",
        "sites": ["Riverside ICS", "Moorland ICS"],
        "cohort_size": 20,
        "measures": [("Placement breakdowns a term", "", "18", None)],
        "author": PLATFORM,
        "stop_at": "approved",
    },
]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _propose(spec: dict, actor) -> Pilot:
    programme = Programme.objects.filter(name=spec["programme"]).first() if spec.get("programme") else None
    data = {
        "title": spec["title"],
        "hypothesis": spec["hypothesis"],
        "aims": spec["aims"],
        "sites": [_org(name) for name in spec["sites"]],
        "cohort_size": spec.get("cohort_size"),
        "budget": spec.get("budget"),
        "programme": programme,
    }
    pilot = actions.propose(actor=actor, organisation=_org(spec["organisation"]), data=data)
    for name, unit, baseline, _after in spec["measures"]:
        actions.add_measure(actor=actor, pilot=pilot, name=name, unit=unit, baseline=baseline)
    return pilot


def _run(pilot: Pilot, spec: dict, actor) -> None:
    actions.approve(actor=actor, pilot=pilot, approved_on=spec["cycles"][0]["started_on"] - datetime.timedelta(days=30))
    actions.start(actor=actor, pilot=pilot, started_on=spec["cycles"][0]["started_on"])
    for cycle in spec["cycles"]:
        actions.add_cycle(actor=actor, pilot=pilot, **cycle)
    if "learned" not in spec:
        return
    values = {m.pk: (m.baseline, after) for m, (*_x, after) in zip(pilot.measures.all(), spec["measures"], strict=True)}
    actions.evaluate(actor=actor, pilot=pilot, values=values, learned=spec["learned"])
    if "decision" in spec:
        decision, rationale = spec["decision"]
        actions.decide(actor=actor, pilot=pilot, decision=decision, rationale=rationale)
    if "after_decision_cycle" in spec:
        actions.add_cycle(actor=actor, pilot=pilot, **spec["after_decision_cycle"])


@transaction.atomic
def _write(spec: dict, actor) -> Pilot | None:
    if Pilot.objects.filter(organisation__name=spec["organisation"], title=spec["title"]).exists():
        return None
    pilot = _propose(spec, actor)
    if spec.get("stop_at") == "approved":
        actions.approve(actor=actor, pilot=pilot, approved_on=D(2026, 9, 15))
    elif spec.get("cycles"):
        _run(pilot, spec, actor)
    return pilot


def load() -> list[Pilot]:
    people = {u.email: u for u in User.objects.filter(email__in=[FACILITATOR, PLATFORM])}
    if len(people) < 2:
        return []
    return [p for spec in PILOTS if (p := _write(spec, people[spec.get("author", FACILITATOR)])) is not None]
