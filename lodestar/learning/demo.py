"""Demo case studies: a dozen realistic accounts across the five Star points and the five sectors
(six here, the rest in ``demo_case_studies``),
written by the demo people through the actions (so each is audited), reviewed by the regional
lead and published; one waits for review so the review journey can be tried.

Called by the demo-data command after the catalogue and the demo people. Idempotent: a case
study already there (the same title at the same organisation) is left as it is.
"""

from __future__ import annotations

import datetime

from lodestar.accounts.models import User
from lodestar.learning import actions, demo_adoption, demo_discussion
from lodestar.learning.demo_case_studies import MORE_CASE_STUDIES
from lodestar.learning.models import CaseStudy, Status
from lodestar.orgs.models import Organisation
from lodestar.star.models import Intervention, StarPoint

AUTHOR = "facilitator@demo.lodestar.test"  # facilitator at Riverside ICS: contributes across it
PLATFORM = "platform@demo.lodestar.test"  # writes Moorland's, which the ICS facilitator cannot reach
REVIEWER = "region@demo.lodestar.test"  # a role at the region: reviews the region's case studies
D = datetime.date

CASE_STUDIES = [
    {
        "organisation": "Riverside Hospitals NHS Foundation Trust",
        "title": "A year of preceptorship halved first-year nurse leavers",
        "summary": "Newly registered nurses get twelve months of protected learning time, a named preceptor and rotation across wards.",
        "challenge": "One in four newly registered nurses left the trust within their first year, most from the medical wards, citing a lack of support on busy shifts.",
        "what_changed": "Every newly registered nurse now has a twelve-month preceptorship: a named preceptor on the same shifts for the first eight weeks, half a day a fortnight of protected learning time written into the roster, and a choice of two rotations.\n\nPractice educators run a monthly group where preceptees bring real cases.",
        "who_led": "The deputy chief nurse led it with the practice education team; ward managers, the e-rostering team and the staff side were involved from the start.",
        "costs": "Two practice educators (1.6 FTE) and the backfill for protected time, about 0.1 FTE per preceptee. Funded from the retention budget.",
        "lessons": "Protect the time in the roster itself, or it disappears on the first short-staffed day. Ask preceptees what support they want; it was not what we expected.",
        "contact": "Practice education team, Riverside Hospitals (demo): education@riverside.example",
        "sector": "nhs",
        "visibility": "everyone",
        "points": ["supply"],
        "interventions": ["supply-preceptorship", "supply-retention-programme"],
        "staff_groups": ["registered-nurses"],
        "care_settings": ["acute"],
        "results": [
            ("Newly registered nurses leaving within a year", "%", "24", D(2023, 3, 31), "11", D(2025, 3, 31)),
            ("Registered nurse vacancy rate", "%", "9.8", D(2023, 3, 31), "6.1", D(2025, 3, 31)),
        ],
    },
    {
        "organisation": "Riverside Community Health NHS Trust",
        "title": "Team-based rostering in district nursing",
        "summary": "District nursing teams set their own rosters within agreed rules, with e-rostering across all teams.",
        "challenge": "District nurses had little say over their shifts; sickness absence was high and bank spending rose every quarter.",
        "what_changed": "Teams moved to e-rostering and team-based rostering: staff request shifts, the team agrees the roster against safe staffing rules, and the manager approves it six weeks ahead.",
        "who_led": "The head of community nursing with the workforce systems team and two pilot teams.",
        "costs": "E-rostering licences already held; two weeks of a project manager per team to switch over.",
        "lessons": "Start with the teams that volunteer. Publish the rules before the first roster, not after the first dispute.",
        "contact": "Community nursing, Riverside Community Health (demo): community@riverside.example",
        "sector": "nhs",
        "visibility": "ics",
        "points": ["new-ways-of-working"],
        "interventions": ["nwow-team-based-rostering", "nwow-e-rostering"],
        "staff_groups": ["registered-nurses", "support-workers"],
        "care_settings": ["community"],
        "results": [("Sickness absence", "%", "6.9", D(2023, 9, 30), "5.2", D(2024, 9, 30))],
    },
    {
        "organisation": "Riverside Central PCN",
        "title": "Social prescribing link workers in every practice",
        "summary": "Link workers see patients whose needs are not medical, freeing GP appointments.",
        "challenge": "About one GP appointment in five was for loneliness, debt, housing or similar needs a GP cannot solve.",
        "what_changed": "The PCN employs three social prescribing link workers through the additional roles scheme, each based in a practice two days a week, taking referrals from any member of staff.",
        "who_led": "The PCN clinical director, with the council's community team and the local carers network.",
        "costs": "Three link workers reimbursed through the additional roles scheme; room space from the practices.",
        "lessons": "Link workers need a clinical supervisor and a peer group; the first one left after six months without them.",
        "contact": "Riverside Central PCN manager (demo): pcn@riverside.example",
        "sector": "primary_care",
        "visibility": "region",
        "points": ["new-roles"],
        "interventions": ["role-social-prescribing-link-worker"],
        "staff_groups": ["new-roles", "gps"],
        "care_settings": ["primary-care"],
        "results": [("GP appointments for non-medical needs per week", "", "140", D(2023, 4, 1), "95", D(2024, 4, 1))],
    },
    {
        "organisation": "Hillview Care Homes",
        "title": "Care certificate plus: a skills ladder for care workers",
        "summary": "Care workers gain recognised competencies in clinical tasks, with pay steps to match.",
        "challenge": "Care workers left for supermarket jobs paying the same; nurses in the homes spent their time on tasks care workers could do safely with training.",
        "what_changed": "A skills ladder beyond the care certificate: observations, wound care and catheter care, each signed off by a nurse, each with a pay step.",
        "who_led": "The registered manager and the homes' clinical lead, with the university's practice learning team.",
        "costs": "Training time (about 30 hours per care worker) and pay steps of 30 pence an hour per level.",
        "lessons": "Tie each competency to a pay step, or people finish the training and still leave.",
        "contact": "Hillview Care Homes training lead (demo): training@hillview.example",
        "sector": "social_care",
        "visibility": "everyone",
        "points": ["upskilling"],
        "interventions": ["upskill-support-worker-competencies", "upskill-delegated-healthcare-tasks"],
        "staff_groups": ["social-care"],
        "care_settings": ["social-care-residential"],
        "results": [("Care worker turnover", "%", "38", D(2023, 1, 1), "27", D(2024, 12, 31))],
    },
    {
        "organisation": "Moorland General NHS Trust",
        "title": "Stay conversations with every nurse at two years",
        "summary": "Managers hold a structured conversation about what would keep each nurse, before they think of leaving.",
        "challenge": "Exit interviews told us why people had left, too late to change anything.",
        "what_changed": "Every nurse reaching two years in post is offered a stay conversation with their manager, using five questions; actions go into the appraisal record.",
        "who_led": "The head of nursing workforce and the organisational development team.",
        "costs": "Manager time (an hour per conversation) and a half-day training session for managers.",
        "lessons": "Managers need permission to act on what they hear, and a small budget to do so.",
        "contact": "Nursing workforce team, Moorland General (demo): workforce@moorland.example",
        "sector": "nhs",
        "visibility": "everyone",
        "points": ["leadership"],
        "interventions": ["lead-stay-conversations"],
        "staff_groups": ["registered-nurses", "leaders"],
        "care_settings": ["acute"],
        "results": [("Nurse turnover", "%", "13.5", D(2023, 6, 30), "10.9", D(2025, 6, 30))],
        "author": PLATFORM,
    },
    {
        "organisation": "Riverside Carers Network",
        "title": "Volunteer hospital discharge companions",
        "summary": "Trained volunteers help people home from hospital and stay for the first evening.",
        "challenge": "Patients waited on wards for family to collect them; some were readmitted within days for want of support at home.",
        "what_changed": "Volunteers trained by the network accompany patients home, check the home is ready and call the next day.",
        "who_led": "The network's volunteer coordinator with the hospital discharge team.",
        "costs": "A volunteer coordinator (0.6 FTE) and travel expenses.",
        "lessons": "Agree with the wards which patients are suitable before the first referral.",
        "contact": "Riverside Carers Network (demo): hello@carers.example",
        "sector": "voluntary",
        "visibility": "everyone",
        "points": ["new-ways-of-working"],
        "interventions": [],
        "staff_groups": ["volunteers"],
        "care_settings": ["acute", "community"],
        "results": [
            ("Readmissions within 7 days for supported patients", "%", "8", D(2024, 1, 1), "5", D(2024, 12, 31))
        ],
        "status": Status.SUBMITTED,
    },
]

CASE_STUDIES += MORE_CASE_STUDIES  # lodestar/learning/demo_case_studies.py: a dozen in all (item 9)


def _write(entry: dict, people: dict[str, User]) -> CaseStudy | None:
    organisation = Organisation.objects.filter(name=entry["organisation"]).first()
    if organisation is None:
        return None
    existing = CaseStudy.objects.filter(organisation=organisation, title=entry["title"]).first()
    if existing is not None:
        return existing
    author, reviewer = people[entry.get("author", AUTHOR)], people[REVIEWER]
    data = {k: v for k, v in entry.items() if k not in ("organisation", "results", "status", "author")}
    data["points"] = list(StarPoint.objects.filter(key__in=entry["points"]))
    data["interventions"] = list(Intervention.objects.filter(code__in=entry["interventions"]))
    cs = actions.start_case_study(actor=author, organisation=organisation, data=data)
    for measure, unit, baseline, baseline_date, after, after_date in entry["results"]:
        actions.add_result(
            actor=author,
            case_study=cs,
            measure=measure,
            unit=unit,
            baseline=baseline,
            baseline_date=baseline_date,
            after=after,
            after_date=after_date,
        )
    cs = actions.submit(actor=author, case_study=cs)
    if entry.get("status") == Status.SUBMITTED:
        return cs
    cs = actions.mark_reviewed(actor=reviewer, case_study=cs, text="Clear, with figures: thank you.")
    return actions.publish(actor=reviewer, case_study=cs)


def load() -> list[CaseStudy]:
    people = {u.email: u for u in User.objects.filter(email__in=[AUTHOR, PLATFORM, REVIEWER])}
    if len(people) < 3:
        return []
    demo_adoption.load()  # adoption records across the region over two years (issue 12, item 3)
    written = [cs for entry in CASE_STUDIES if (cs := _write(entry, people)) is not None]
    demo_discussion.load()  # questions, answers and follows on a published one (issue 12, item 7)
    return written
