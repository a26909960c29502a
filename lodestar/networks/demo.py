"""Demo networks for the demo region: three communities of practice with members from NHS trusts,
primary care, social care, the voluntary sector and education in both ICSs, with discussions,
events coming up, a shared file and links to a case study and a catalogue intervention.

Everything is written through the actions (so it is audited) by the demo facilitator and a few
demo members added here. Idempotent: a network (same name and host), a member, a discussion, an
event or a resource already there is left as it is, so ``load()`` twice gives the same counts.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lodestar.accounts import actions as account_actions
from lodestar.accounts.demo import PASSWORD
from lodestar.accounts.models import User
from lodestar.learning.models import CaseStudy, Status
from lodestar.networks import actions, actions_content
from lodestar.networks.models import MemberStatus, Network, NetworkMember
from lodestar.orgs import actions as org_actions
from lodestar.orgs.models import Organisation, Role
from lodestar.star.models import Intervention

FACILITATOR = "facilitator@demo.lodestar.test"  # Fatima Khan, facilitator at Riverside ICS

# (email, full name, job title, organisation)
MEMBERS = [
    ("practice.nurse@demo.lodestar.test", "Priya Shah", "Practice nurse", "Bridge Street Surgery"),
    ("care.manager@demo.lodestar.test", "Grace Adeyemi", "Registered manager", "Hillview Care Homes"),
    ("carers.lead@demo.lodestar.test", "Tom Hughes", "Volunteer coordinator", "Riverside Carers Network"),
    ("commissioner@demo.lodestar.test", "Sian Roberts", "Adult social care commissioner", "Riverside City Council"),
    ("lecturer@demo.lodestar.test", "Dr Ben Clarke", "Senior lecturer in nursing", "University of Riverside"),
    ("moorland.nurse@demo.lodestar.test", "Hannah Price", "Clinical educator", "Moorland General NHS Trust"),
    ("moorland.pcn@demo.lodestar.test", "Omar Farouk", "PCN workforce lead", "Moorland Rural PCN"),
    ("community.lead@demo.lodestar.test", "Lucy Bennett", "Head of workforce", "Riverside Community Health NHS Trust"),
]

NETWORKS = [
    {
        "name": "Nursing associates community of practice",
        "host": "Riverside Hospitals NHS Foundation Trust",
        "purpose": "Nursing associates, their supervisors and educators across hospitals, general practice, care homes "
        "and universities: how we train, supervise and keep nursing associates, and the routes on to registered nurse.",
        "topic": "nursing",
        "visibility": "region",
        "joining": "request",
        "members": [
            "contributor@demo.lodestar.test",
            "practice.nurse@demo.lodestar.test",
            "care.manager@demo.lodestar.test",
            "lecturer@demo.lodestar.test",
            "moorland.nurse@demo.lodestar.test",
        ],
        "asking": ["carers.lead@demo.lodestar.test"],
        "coordinators": ["lecturer@demo.lodestar.test"],
    },
    {
        "name": "Care home leaders network",
        "host": "Hillview Care Homes",
        "purpose": "Registered managers and their NHS and council partners sharing what keeps care staff: pay and "
        "progression, induction, trusted assessment and working with the local hospital discharge teams.",
        "topic": "social_care",
        "visibility": "region",
        "joining": "open",
        "members": [
            "care.manager@demo.lodestar.test",
            "commissioner@demo.lodestar.test",
            "carers.lead@demo.lodestar.test",
            "community.lead@demo.lodestar.test",
            "moorland.pcn@demo.lodestar.test",
        ],
        "asking": [],
        "coordinators": ["care.manager@demo.lodestar.test"],
    },
    {
        "name": "Digital workforce planners",
        "host": "Riverside ICS",
        "purpose": "Analysts and planners using Lodestar, ESR extracts and the workforce projections: modelling "
        "methods, data quality, and turning a projection into a plan people act on.",
        "topic": "digital",
        "visibility": "everyone",
        "joining": "request",
        "members": [
            "admin@demo.lodestar.test",
            "region@demo.lodestar.test",
            "moorland.pcn@demo.lodestar.test",
            "community.lead@demo.lodestar.test",
        ],
        "asking": ["moorland.nurse@demo.lodestar.test"],
        "coordinators": [],
    },
]

# network name -> [(title, author, body, [(reply author, reply)])]
THREADS = {
    "Nursing associates community of practice": [
        (
            "Supervising nursing associates on night shifts",
            "contributor@demo.lodestar.test",
            "Our nursing associates are ready for nights but we struggle to guarantee a registered nurse as named "
            "supervisor on every shift. How do others arrange it?",
            [
                (
                    "moorland.nurse@demo.lodestar.test",
                    "We pair wards: a registered nurse on the neighbouring ward is the named supervisor, written on the "
                    "roster, and the nursing associate knows who to call. It took a month to settle.",
                ),
                (
                    "care.manager@demo.lodestar.test",
                    "In our homes the nurse on call covers two sites at night. We wrote a one-page list of what the "
                    "nursing associate may do alone and what needs a call.",
                ),
            ],
        ),
        (
            "Apprenticeship places for 2027",
            "lecturer@demo.lodestar.test",
            "The university can take two more cohorts of nursing associate apprentices in September. Which "
            "employers want places, and do care homes want a shared cohort?",
            [
                (
                    "practice.nurse@demo.lodestar.test",
                    "Bridge Street would take one place if the PCN shares the backfill.",
                )
            ],
        ),
    ],
    "Care home leaders network": [
        (
            "Induction that new carers finish",
            "care.manager@demo.lodestar.test",
            "Half our new carers left before the end of the Care Certificate. We moved to buddy shifts for the first "
            "two weeks. What has worked for you?",
            [
                (
                    "commissioner@demo.lodestar.test",
                    "The council can fund a shared induction week across homes from April.",
                )
            ],
        ),
    ],
    "Digital workforce planners": [
        (
            "Leaver rates from ESR: which months to use",
            "admin@demo.lodestar.test",
            "We get very different leaver rates depending on whether we use 12 or 24 months of ESR data. What do "
            "others use for the projections?",
            [],
        ),
    ],
}

# network name -> [(title, days ahead, start hour, hours, place, online link, capacity)]
EVENTS = {
    "Nursing associates community of practice": [
        ("Quarterly meeting: supervision and delegation", 21, 14, 2, "Riverside Education Centre, Room 3", "", 40),
        (
            "Webinar: from nursing associate to registered nurse",
            45,
            12,
            1,
            "",
            "https://meet.example.org/na-top-up",
            None,
        ),
    ],
    "Care home leaders network": [
        ("Care home leaders breakfast", 14, 8, 2, "Hillview House, Riverside", "", 20),
    ],
    "Digital workforce planners": [
        ("Show and tell: projections in practice", 30, 10, 1, "", "https://meet.example.org/planners", 100),
    ],
}

CHECKLIST = (
    "Supervision checklist for nursing associates\n\n"
    "1. Name the supervising registered nurse on the roster for every shift.\n"
    "2. Agree the tasks the nursing associate does alone, and those that need a call.\n"
    "3. Review one case together each week.\n"
)


def _people() -> dict[str, User]:
    orgs = {o.name: o for o in Organisation.objects.filter(name__in={m[3] for m in MEMBERS})}
    viewer = Role.objects.get(slug="viewer")
    for email, full_name, job_title, org_name in MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = account_actions.create_user(
                actor=None, email=email, full_name=full_name, job_title=job_title, password=PASSWORD
            )
        if org_name in orgs:
            org_actions.add_membership(actor=None, user=user, organisation=orgs[org_name], role=viewer)
    emails = [m[0] for m in MEMBERS] + [FACILITATOR, "contributor@demo.lodestar.test", "admin@demo.lodestar.test"]
    emails.append("region@demo.lodestar.test")
    return {u.email: u for u in User.objects.filter(email__in=emails)}


def _network(entry, people) -> Network:
    host = Organisation.objects.get(name=entry["host"])
    network = Network.objects.filter(name=entry["name"], host=host).first()
    if network is None:
        fields = {k: entry[k] for k in ("name", "purpose", "topic", "visibility", "joining")}
        network = actions.start_network(actor=people[FACILITATOR], host=host, **fields)
    coordinator = people[FACILITATOR]
    for email in entry["members"] + entry["asking"]:
        person = people[email]
        if NetworkMember.objects.filter(network=network, user=person).exists():
            continue
        place = actions.join(actor=person, network=network, organisation=person.memberships.first().organisation)
        if email in entry["members"] and place.status == MemberStatus.REQUESTED:
            actions.accept(actor=coordinator, network=network, member=place)
    for email in entry["coordinators"]:
        place = NetworkMember.objects.get(network=network, user=people[email])
        if not place.is_coordinator:
            actions.appoint(actor=coordinator, network=network, member=place)
    return network


def _discussions(network, people) -> None:
    for title, author, body, replies in THREADS.get(network.name, []):
        if network.threads.filter(title=title).exists():
            continue
        thread = actions_content.start_thread(actor=people[author], network=network, title=title, body=body)
        for who, words in replies:
            actions_content.reply(actor=people[who], thread=thread, body=words)


def _events(network, people) -> None:
    today = timezone.localdate()
    for title, days, hour, hours, place, link, capacity in EVENTS.get(network.name, []):
        if network.events.filter(title=title).exists():
            continue
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
        )
        actions_content.add_event(
            actor=people[FACILITATOR],
            network=network,
            title=title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            place=place,
            online_url=link,
            capacity=capacity,
        )


def _resources(network, people) -> None:
    facilitator = people[FACILITATOR]
    if network.name.startswith("Nursing associates") and not network.resources.filter(kind="file").exists():
        upload = SimpleUploadedFile("supervision-checklist.txt", CHECKLIST.encode(), content_type="text/plain")
        actions_content.share_file(
            actor=facilitator, network=network, title="Supervision checklist for nursing associates", upload=upload
        )
    case_study = CaseStudy.objects.filter(status=Status.PUBLISHED, visibility__in=["region", "everyone"]).first()
    if case_study and network.name.startswith("Nursing") and not network.resources.filter(kind="case_study").exists():
        actions_content.share_link(actor=facilitator, network=network, case_study=case_study)
    intervention = Intervention.objects.filter(organisation__isnull=True).order_by("code").first()
    if intervention and network.name.startswith("Care home") and not network.resources.filter(kind="intervention"):
        actions_content.share_link(actor=facilitator, network=network, intervention=intervention)


def load() -> list[Network]:
    people = _people()
    if FACILITATOR not in people:
        return []
    networks = []
    for entry in NETWORKS:
        network = _network(entry, people)
        _discussions(network, people)
        _events(network, people)
        _resources(network, people)
        networks.append(network)
    return networks
