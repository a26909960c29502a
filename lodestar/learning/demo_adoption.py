"""Demo adoption records: organisations across the demo region moving through the stages with a
few catalogue interventions over two years (some piloting, some adopted and kept going, one step
back, one discontinued with its reason), with RE-AIM measures on the adopted ones.

Written by the platform demo person through the actions, so each is audited. Idempotent: an
organisation that already has a record for an intervention is left as it is.
"""

from __future__ import annotations

import datetime

from lodestar.accounts.models import User
from lodestar.learning import actions_adoption
from lodestar.learning.models import AdoptionRecord
from lodestar.orgs.models import Organisation
from lodestar.star.models import Intervention

PLATFORM = "platform@demo.lodestar.test"
D = datetime.date
RIVERSIDE = "Riverside Hospitals NHS Foundation Trust"
COMMUNITY = "Riverside Community Health NHS Trust"
MOORLAND = "Moorland General NHS Trust"
PCN_R = "Riverside Central PCN"
PCN_M = "Moorland Rural PCN"
CARE = "Hillview Care Homes"
SURGERY = "Bridge Street Surgery"
COUNCIL = "Riverside City Council"
CARERS = "Riverside Carers Network"

# (organisation, intervention, [(stage, from, reason, note)], measures or None)
ADOPTIONS = [
    (
        RIVERSIDE,
        "supply-preceptorship",
        [
            ("exploring", D(2025, 1, 6), "", "Looked at two other trusts' programmes"),
            ("piloting", D(2025, 2, 3), "", "Two medical wards first"),
            ("adopted", D(2025, 6, 2), "", "All adult wards"),
            ("embedded", D(2026, 4, 1), "", "In the nursing workforce plan and the roster rules"),
        ],
        {
            "reach": "180",
            "reach_eligible": "210",
            "effect_measure": "Nurses leaving in their first year (%)",
            "effect_baseline": "24",
            "effect_value": "11",
            "adaptations": "Rotation offered after month four",
        },
    ),
    (
        COMMUNITY,
        "supply-preceptorship",
        [
            ("aware", D(2025, 3, 10), "", "Heard about Riverside Hospitals' results at the ICS forum"),
            ("exploring", D(2025, 6, 16), "", ""),
            ("piloting", D(2025, 10, 6), "", "District nursing teams"),
        ],
        None,
    ),
    (
        MOORLAND,
        "supply-preceptorship",
        [
            ("exploring", D(2025, 1, 13), "", ""),
            ("piloting", D(2025, 4, 7), "", ""),
            ("adopted", D(2025, 9, 1), "", ""),
        ],
        {
            "reach": "60",
            "reach_eligible": "95",
            "effect_measure": "Nurses leaving in their first year (%)",
            "effect_baseline": "19",
            "effect_value": "14",
            "adaptations": "Preceptors shared between the two sites",
        },
    ),
    (
        RIVERSIDE,
        "nwow-e-rostering",
        [
            ("piloting", D(2025, 1, 13), "", "Emergency department"),
            ("adopted", D(2025, 5, 5), "", ""),
            ("piloting", D(2025, 8, 4), "", "Back to pilot while the new version is fixed"),
            ("adopted", D(2025, 11, 3), "", ""),
        ],
        None,
    ),
    (
        MOORLAND,
        "nwow-team-based-rostering",
        [
            ("exploring", D(2025, 2, 10), "", ""),
            ("piloting", D(2025, 5, 12), "", ""),
            ("discontinued", D(2025, 10, 13), "Too few staff on the rural sites to build teams", ""),
        ],
        None,
    ),
    (
        PCN_R,
        "role-social-prescribing-link-worker",
        [
            ("piloting", D(2025, 1, 20), "", "One link worker across three practices"),
            ("adopted", D(2025, 4, 14), "", ""),
            ("embedded", D(2026, 1, 12), "", ""),
        ],
        {
            "reach": "1450",
            "reach_eligible": "5200",
            "effect_measure": "GP appointments a month for non-medical needs",
            "effect_baseline": "640",
            "effect_value": "510",
            "adaptations": "",
        },
    ),
    (
        PCN_M,
        "role-social-prescribing-link-worker",
        [
            ("aware", D(2025, 5, 5), "", ""),
            ("exploring", D(2025, 9, 8), "", ""),
            ("piloting", D(2026, 2, 2), "", ""),
        ],
        None,
    ),
    (
        CARE,
        "upskill-support-worker-competencies",
        [
            ("piloting", D(2025, 1, 20), "", ""),
            ("adopted", D(2025, 7, 21), "", "All four homes"),
        ],
        {
            "reach": "85",
            "reach_eligible": "120",
            "effect_measure": "Care workers leaving a year (%)",
            "effect_baseline": "32",
            "effect_value": "26",
            "adaptations": "Sessions on night shifts too",
        },
    ),
    (
        COMMUNITY,
        "lead-stay-conversations",
        [
            ("exploring", D(2025, 4, 1), "", ""),
            ("piloting", D(2025, 7, 1), "", ""),
            ("adopted", D(2026, 1, 5), "", ""),
        ],
        None,
    ),
]


# More across the region, 2025 to the end of 2026, so the spread curve and recommendations have
# something real to show (issue 12, item 9): the practices in the demo case studies spreading.
ADOPTIONS += [
    (
        SURGERY,
        "role-clinical-pharmacist-primary-care",
        [("piloting", D(2025, 3, 3), "", ""), ("adopted", D(2025, 9, 1), "", "")],
        None,
    ),
    (
        PCN_R,
        "role-clinical-pharmacist-primary-care",
        [("exploring", D(2025, 10, 6), "", ""), ("piloting", D(2026, 3, 2), "", "Two practices")],
        None,
    ),
    (
        PCN_M,
        "nwow-remote-consultation",
        [("piloting", D(2025, 2, 3), "", ""), ("adopted", D(2025, 7, 7), "", ""), ("embedded", D(2026, 2, 2), "", "")],
        None,
    ),
    (PCN_R, "nwow-remote-consultation", [("aware", D(2026, 3, 9), "", ""), ("exploring", D(2026, 7, 6), "", "")], None),
    (
        COUNCIL,
        "supply-widening-participation",
        [
            ("exploring", D(2025, 5, 12), "", ""),
            ("piloting", D(2025, 11, 3), "", ""),
            ("adopted", D(2026, 6, 1), "", ""),
        ],
        None,
    ),
    (CARE, "lead-coaching-mentoring", [("piloting", D(2025, 8, 4), "", ""), ("adopted", D(2026, 3, 2), "", "")], None),
    (
        MOORLAND,
        "upskill-advanced-clinical-practice",
        [("piloting", D(2025, 1, 27), "", ""), ("adopted", D(2025, 6, 2), "", ""), ("embedded", D(2026, 9, 7), "", "")],
        None,
    ),
    (
        RIVERSIDE,
        "upskill-advanced-clinical-practice",
        [
            ("exploring", D(2026, 1, 12), "", "Visited Moorland's emergency department"),
            ("piloting", D(2026, 5, 4), "", ""),
        ],
        None,
    ),
    (
        COMMUNITY,
        "upskill-trainee-nursing-associate",
        [("piloting", D(2025, 9, 1), "", ""), ("adopted", D(2026, 5, 4), "", "")],
        None,
    ),
    (
        MOORLAND,
        "lead-stay-conversations",
        [("piloting", D(2025, 2, 3), "", ""), ("adopted", D(2025, 6, 2), "", ""), ("embedded", D(2026, 1, 5), "", "")],
        None,
    ),
    (
        RIVERSIDE,
        "lead-stay-conversations",
        [("exploring", D(2026, 6, 1), "", ""), ("piloting", D(2026, 11, 2), "", "Medical wards first")],
        None,
    ),
    (
        CARERS,
        "lead-compassionate-culture",
        [("piloting", D(2025, 4, 7), "", ""), ("adopted", D(2025, 10, 6), "", "")],
        None,
    ),
    (
        CARE,
        "upskill-delegated-healthcare-tasks",
        [
            ("exploring", D(2025, 6, 2), "", ""),
            ("piloting", D(2025, 11, 3), "", ""),
            (
                "discontinued",
                D(2026, 4, 6),
                "Nurses could not sign off competencies while the homes were short of nurses",
                "",
            ),
        ],
        None,
    ),
]


def _load_one(actor, organisation, intervention, steps, measures) -> AdoptionRecord:
    adoption = None
    for stage, since, reason, note in steps:
        adoption = actions_adoption.record_stage(
            actor=actor,
            organisation=organisation,
            intervention=intervention,
            stage=stage,
            since=since,
            reason=reason,
            note=note,
        )
    if measures:
        adoption = actions_adoption.update_measures(actor=actor, adoption=adoption, **measures)
    return adoption


def load() -> list[AdoptionRecord]:
    actor = User.objects.filter(email=PLATFORM).first()
    if actor is None:
        return []
    loaded = []
    for org_name, code, steps, measures in ADOPTIONS:
        organisation = Organisation.objects.filter(name=org_name).first()
        intervention = Intervention.objects.filter(code=code, is_active=True).first()
        if organisation is None or intervention is None:
            continue
        existing = AdoptionRecord.objects.filter(organisation=organisation, intervention=intervention).first()
        loaded.append(existing or _load_one(actor, organisation, intervention, steps, measures))
    return loaded
