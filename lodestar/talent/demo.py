"""Demo workforce leaders for the demo region: a talent lead at each of three providers, 40
people with a talent conversation (each a Lodestar account, so they can read their own record),
their line managers, and ten succession plans for critical posts.

Everything goes through the actions (so it is audited). Idempotent: people are found by email,
a conversation by its person, organisation and date, a succession plan by its organisation and
post; nothing is made twice. The demo people of ``lodestar.accounts.demo`` who are not talent
leads (the ICS facilitator, the regional lead) see the figures only: try the pipeline page as
``region@demo.lodestar.test``. ``talent@demo.lodestar.test`` is the talent lead at Riverside
Hospitals; ``contributor@demo.lodestar.test`` (Chris Taylor, a matron there) is the line manager
of some of its people.
"""

from __future__ import annotations

import datetime
import random

from lodestar.accounts import actions as account_actions
from lodestar.accounts.demo import PASSWORD
from lodestar.accounts.models import User
from lodestar.orgs import actions as org_actions
from lodestar.orgs.models import Membership, Organisation, Role
from lodestar.talent import actions
from lodestar.talent.models import DISABILITY, ETHNIC_GROUP, SEX, SuccessionPlan, TalentConversation

HOSPITALS = "Riverside Hospitals NHS Foundation Trust"
COMMUNITY = "Riverside Community Health NHS Trust"
MOORLAND = "Moorland General NHS Trust"
MATRON = "contributor@demo.lodestar.test"

# organisation: (talent lead (email, name, title), line managers [(email, name, title)], people)
PROVIDERS = {
    HOSPITALS: (
        ("talent@demo.lodestar.test", "Tara Singh", "Head of leadership and talent"),
        [(MATRON, "", ""), ("dm.hospitals@demo.lodestar.test", "Dev Mistry", "Divisional manager")],
        18,
    ),
    COMMUNITY: (
        ("talent.community@demo.lodestar.test", "Grace Ellis", "Organisational development lead"),
        [("lead.community@demo.lodestar.test", "Owen Price", "Head of community nursing")],
        12,
    ),
    MOORLAND: (
        ("talent.moorland@demo.lodestar.test", "Ruth Adeyemi", "Talent and succession lead"),
        [("lead.moorland@demo.lodestar.test", "Sean Byrne", "Associate director of nursing")],
        10,
    ),
}
FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farid",
    "Hannah",
    "Isaac",
    "Jade",
    "Kwame",
    "Lucy",
    "Mohammed",
    "Nadia",
    "Oliver",
    "Priti",
    "Rhys",
    "Sofia",
    "Tom",
]
LAST = ["Ahmed", "Brooks", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Kaur", "Lewis"]
ROLES = [
    ("registered-nurses", "Ward sister", "Matron"),
    ("registered-nurses", "Charge nurse", "Ward manager"),
    ("ahps", "Senior physiotherapist", "Therapy lead"),
    ("ahps", "Occupational therapy team lead", "Head of therapies"),
    ("midwives", "Senior midwife", "Consultant midwife"),
    ("admin", "Service manager", "General manager"),
    ("doctors", "Consultant", "Clinical director"),
    ("pharmacy", "Lead pharmacist", "Chief pharmacist"),
]
POSTS = {
    HOSPITALS: [
        "Director of nursing",
        "Head of midwifery",
        "Clinical director, emergency medicine",
        "Chief pharmacist",
    ],
    COMMUNITY: ["Head of community nursing", "Lead for district nursing", "Head of therapies"],
    MOORLAND: ["Associate director of nursing", "Clinical director, surgery", "Head of estates and facilities"],
}
RISKS = [
    ("high", "Retiring within two years"),
    ("medium", "Often approached by neighbouring trusts"),
    ("low", "Settled, and recently promoted into the post"),
]


def _person(email: str, name: str, title: str, organisation: Organisation, role_slug: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = account_actions.create_user(actor=None, email=email, full_name=name, job_title=title, password=PASSWORD)
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        role = Role.objects.get(slug=role_slug)
        org_actions.add_membership(actor=None, user=user, organisation=organisation, role=role)
    return user


def _answer(rng: random.Random, choices) -> str:
    return rng.choice(["", *(key for key, _words in choices)])  # "" is "not reported"


def _conversation(rng, lead, manager, organisation, person, n: int) -> None:
    held_on = datetime.date(2026, 1 + n % 10, 1 + (n * 7) % 27)
    if TalentConversation.objects.filter(person=person, organisation=organisation, held_on=held_on).exists():
        return
    staff_group, role, next_role = ROLES[n % len(ROLES)]
    readiness = rng.choice(["ready_now", "ready_1_2_years", "ready_1_2_years", "ready_later"])
    actions.record_conversation(
        actor=lead if n % 3 else manager,
        organisation=organisation,
        person=person,
        line_manager=manager,
        held_on=held_on,
        staff_group=staff_group,
        current_role=role,
        impact=rng.choice(["developing", "effective", "effective", "outstanding"]),
        growth=rng.choice(["settled", "emerging", "high"]),
        aspirations=f"To become a {next_role.lower()} within a few years, and to keep some clinical or patient contact.",
        strengths=rng.choice(["Calm in a crisis", "Brings people together", "Strong on quality improvement"]),
        readiness=readiness,
        next_role=next_role,
        sex=_answer(rng, SEX),
        ethnic_group=_answer(rng, ETHNIC_GROUP),
        disability=_answer(rng, DISABILITY),
        development_plan=[
            ("Join the regional aspiring leaders programme", held_on + datetime.timedelta(days=120)),
            (f"Shadow the {next_role.lower()} for a month", held_on + datetime.timedelta(days=60)),
        ],
    )


def _plans(lead: User, organisation: Organisation, names: list[str], rng: random.Random) -> None:
    for i, post in enumerate(POSTS[organisation.name]):
        if SuccessionPlan.objects.filter(organisation=organisation, post=post).exists():
            continue
        risk, reason = RISKS[i % len(RISKS)]
        plan = actions.create_succession_plan(
            actor=lead, organisation=organisation, post=post, staff_group=ROLES[i % len(ROLES)][0],
            incumbent=f"{rng.choice(FIRST)} {rng.choice(LAST)}", risk=risk, risk_reason=reason,
        )  # fmt: skip
        for j, readiness in enumerate(["ready_now", "ready_later"][: 1 + i % 2] if i % 3 else ["ready_later"]):
            actions.add_successor(actor=lead, plan=plan, name=names[(i * 2 + j) % len(names)], readiness=readiness)


def load() -> None:
    rng = random.Random(13)
    number = 0
    for org_name, (lead_details, managers, count) in PROVIDERS.items():
        organisation = Organisation.objects.get(name=org_name)
        lead = _person(*lead_details, organisation, "talent_lead")
        line_managers = [
            User.objects.get(email=email) if email == MATRON else _person(email, name, title, organisation, "viewer")
            for email, name, title in managers
        ]
        names = []
        for i in range(count):
            name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 5) % len(LAST)]}"
            email = f"{name.lower().replace(' ', '.')}.{number}@demo.lodestar.test"
            person = _person(email, name, "", organisation, "viewer")
            _conversation(rng, lead, line_managers[i % len(line_managers)], organisation, person, number)
            names.append(name)
            number += 1
        _plans(lead, organisation, names, rng)
