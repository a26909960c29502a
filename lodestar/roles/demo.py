"""Demo new roles across the demo region's ICSs and sectors: physician associates, advanced clinical
practitioners, nursing associates, first contact practitioners and others, each with posts planned,
funded and filled over two years. Written by the platform demo person through the actions, so each is
audited. Idempotent: an entry already there (same organisation, role and setting) is left as it is."""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.roles import actions
from lodestar.roles.models import NewRole

PLATFORM = "platform@demo.lodestar.test"
NURSES = "Nurses & health visitors"  # the demo scenario's staff groups (lodestar/projections/demo.py)
DOCTORS = "HCHS doctors"
GPS = "GPs"
D = datetime.date
DATES = (D(2025, 3, 31), D(2025, 9, 30), D(2026, 3, 31), D(2026, 9, 30))

# (organisation, role, setting, supervisor role, covers group, equivalence, [(planned, funded, filled) per date])
ROLES = [
    (
        "Riverside Hospitals NHS Foundation Trust",
        "Physician associate",
        "secondary",
        "Consultant in acute medicine",
        DOCTORS,
        "0.5",
        [(8, 6, 3), (8, 8, 5), (10, 8, 7), (10, 10, 8)],
    ),
    (
        "Riverside Hospitals NHS Foundation Trust",
        "Advanced clinical practitioner",
        "secondary",
        "Consultant in emergency medicine",
        DOCTORS,
        "0.6",
        [(12, 10, 6), (12, 12, 8), (14, 12, 10), (14, 14, 12)],
    ),
    (
        "Riverside Hospitals NHS Foundation Trust",
        "Nursing associate",
        "secondary",
        "Ward sister or charge nurse",
        NURSES,
        "0.7",
        [(20, 20, 12), (24, 20, 16), (24, 24, 20), (30, 24, 22)],
    ),
    (
        "Riverside Community Health NHS Trust",
        "Nursing associate",
        "community",
        "District nursing team leader",
        NURSES,
        "0.7",
        [(10, 8, 4), (10, 10, 7), (12, 10, 9), (12, 12, 10)],
    ),
    (
        "Riverside Community Health NHS Trust",
        "Advanced clinical practitioner",
        "community",
        "Community matron",
        GPS,
        "0.5",
        [(4, 4, 2), (4, 4, 3), (6, 4, 4), (6, 6, 5)],
    ),
    (
        "Riverside Central PCN",
        "First contact practitioner",
        "primary",
        "GP partner with a musculoskeletal interest",
        GPS,
        "0.8",
        [(3, 3, 1), (3, 3, 2), (4, 3, 3), (4, 4, 4)],
    ),
    (
        "Riverside Central PCN",
        "Clinical pharmacist in primary care",
        "primary",
        "GP clinical lead for prescribing",
        GPS,
        "0.4",
        [(4, 4, 3), (4, 4, 4), (5, 5, 4), (5, 5, 5)],
    ),
    (
        "Riverside Central PCN",
        "Social prescribing link worker",
        "primary",
        "PCN clinical director",
        "",
        None,
        [(2, 2, 2), (3, 2, 2), (3, 3, 3), (3, 3, 3)],
    ),
    (
        "Hillview Care Homes",
        "Nursing associate",
        "social_care",
        "Registered nurse, home manager",
        NURSES,
        "0.6",
        [(4, 2, 1), (4, 3, 2), (4, 4, 3), (5, 4, 3)],
    ),
    (
        "Moorland General NHS Trust",
        "Physician associate",
        "secondary",
        "Consultant in general surgery",
        DOCTORS,
        "0.5",
        [(6, 4, 2), (6, 6, 3), (8, 6, 4), (8, 8, 6)],
    ),
    (
        "Moorland General NHS Trust",
        "Anaesthesia associate",
        "secondary",
        "Consultant anaesthetist",
        DOCTORS,
        "0.5",
        [(2, 2, 0), (2, 2, 1), (4, 2, 2), (4, 4, 2)],
    ),
    (
        "Moorland Rural PCN",
        "Mental health practitioner in primary care",
        "mental_health",
        "Community mental health team lead",
        GPS,
        "0.3",
        [(2, 1, 1), (2, 2, 1), (3, 2, 2), (3, 3, 2)],
    ),
    (
        "Moorland Rural PCN",
        "Paramedic in primary care",
        "primary",
        "GP partner",
        GPS,
        "0.6",
        [(2, 2, 1), (2, 2, 2), (2, 2, 2), (3, 2, 2)],
    ),
]
SUPERVISION = (
    "Named clinical supervisor: {who}. Weekly case review for the first six months, then monthly. "
    "Scope of practice agreed and reviewed yearly by the clinical governance group."
)


def _make(actor, organisation, name, setting, who, group, equivalence, posts) -> NewRole:
    role = actions.create_role(
        actor=actor,
        organisation=organisation,
        name=name,
        setting=setting,
        supervision=SUPERVISION.format(who=who),
        supervisor_role=who,
        covers_group=group,
        equivalence=equivalence,
    )
    for on, (planned, funded, filled) in zip(DATES, posts, strict=True):
        actions.record_posts(actor=actor, role=role, on=on, planned=planned, funded=funded, filled=filled)
    return role


def load() -> list[NewRole]:
    actor = User.objects.filter(email=PLATFORM).first()
    orgs = {o.name: o for o in Organisation.objects.filter(name__in={r[0] for r in ROLES})}
    if actor is None or len(orgs) < len({r[0] for r in ROLES}):
        return []
    made = []
    for org_name, name, setting, who, group, equivalence, posts in ROLES:
        found = NewRole.objects.filter(organisation=orgs[org_name], name=name, setting=setting).first()
        if found is None:
            with transaction.atomic():
                found = _make(actor, orgs[org_name], name, setting, who, group, equivalence, posts)
        made.append(found)
    return made
