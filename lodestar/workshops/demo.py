"""Demo data: one completed Star workshop, "Community nursing in Riverside".

Called by the demo-data command after the organisations, the demo people and the catalogue
(``lodestar.star.demo.load()``), and before ``lodestar.plans.demo.load()``, which generates
its action plan. Idempotent: when the workshop exists it is returned unchanged.
Every write goes through ``lodestar.workshops.actions`` (so it is audited).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.star.models import Intervention, StarPoint
from lodestar.workshops import actions, queries, scoring
from lodestar.workshops.models import ParticipantRole, Workshop, WorkshopStatus

TITLE = "Community nursing in Riverside"
LEAD = "Riverside ICS"
PARTNERS = [
    "Riverside Community Health NHS Trust",
    "Riverside City Council",
    "Hillview Care Homes",
    "Riverside Carers Network",
]
FACILITATOR = "facilitator@demo.lodestar.test"
MEMBERS = [
    ("contributor@demo.lodestar.test", ParticipantRole.CONTRIBUTOR),
    ("admin@demo.lodestar.test", ParticipantRole.CONTRIBUTOR),
    ("region@demo.lodestar.test", ParticipantRole.OBSERVER),
]

SCORES = {
    "supply": (
        2,
        4,
        "Community nursing vacancy rate is 14% against 8% across the trust; a third of nurses are over 55.",
    ),
    "upskilling": (3, 4, "Wound care and catheter training is good, but there is no route into advanced practice."),
    "new-roles": (2, 4, "Two nursing associates in post; no assistant practitioners in the district teams."),
    "new-ways-of-working": (2, 3, "Paper diaries in two of five localities; no shared rota with social care."),
    "leadership": (3, 4, "Team leaders are stretched; the last leadership course was in 2022."),
}

CONTRIBUTIONS = [
    (
        "supply",
        "evidence",
        "Vacancy rate 14% for band 5 community nurses; 22 leavers last year, 9 of them retirements.",
    ),
    (
        "supply",
        "challenge",
        "We cannot recruit enough registered nurses to community teams: newly qualified nurses choose hospital posts.",
    ),
    ("supply", "challenge", "Experienced nurses over 55 are retiring early because of the travel and the workload."),
    ("supply", "idea", "Offer retire-and-return and flexible hours to keep experienced nurses."),
    (
        "upskilling",
        "challenge",
        "Healthcare support workers could do more delegated tasks, but there is no competency framework.",
    ),
    ("upskilling", "idea", "A shared competency passport for support workers across health and care."),
    ("new-roles", "challenge", "Registered nurses spend time on tasks a nursing associate could do."),
    ("new-roles", "idea", "Train nursing associates through the apprenticeship route with the university."),
    (
        "new-ways-of-working",
        "challenge",
        "Visits are planned by hand, so travel time is high and caseloads are uneven.",
    ),
    ("new-ways-of-working", "evidence", "Staff survey: 61% say they cannot finish their visits in their working day."),
    ("new-ways-of-working", "idea", "Joint visits with the council's reablement team for people leaving hospital."),
    ("leadership", "challenge", "Team leaders have no time or support to lead change."),
    ("leadership", "idea", "Name a change champion in each locality team."),
]

# (intervention code, [(impact, effort) by facilitator, contributor, admin])
CANDIDATES = [
    ("supply-late-career-flexibility", [(4, 2), (4, 1), (5, 2)]),
    ("supply-preceptorship", [(4, 2), (3, 2), (4, 3)]),
    ("role-nursing-associate", [(5, 4), (4, 4), (5, 3)]),
    ("nwow-e-rostering", [(4, 4), (3, 3), (4, 4)]),
    ("upskill-support-worker-competencies", [(3, 2), (4, 2), (3, 1)]),
    ("lead-change-champions", [(2, 1), (2, 2), (3, 1)]),
    ("supply-international-recruitment", [(2, 4), (2, 5), (3, 4)]),
]


class DemoDataMissing(RuntimeError):
    pass


def _need(obj, what: str):
    if obj is None:
        raise DemoDataMissing(f"Load the demo organisations, people and catalogue first: {what} is missing.")
    return obj


def _set_up(facilitator, lead, partners) -> Workshop:
    today = datetime.date.today()
    return actions.create_workshop(
        actor=facilitator,
        title=TITLE,
        lead_organisation=lead,
        partner_organisations=partners,
        challenge=(
            "We cannot recruit and keep enough community nurses to care for a growing number of "
            "older people with complex needs at home."
        ),
        service="Community nursing (district nursing teams)",
        population="Adults over 65 living at home in Riverside",
        staff_groups=["registered-nurses", "nursing-associates", "support-workers"],
        care_settings=["community", "social-care-home"],
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=59),
    )


def _participants(workshop: Workshop, facilitator) -> list[User]:
    """Add the demo members and invite one external participant; returns the people who rate."""
    raters = [facilitator]
    for email, role in MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        organisation = queries.member_organisation(workshop, user)
        actions.add_member_participant(
            actor=facilitator, workshop=workshop, user=user, role=role, organisation=organisation
        )
        if role == ParticipantRole.CONTRIBUTOR:
            raters.append(user)
    # An external participant from the carers' charity, invited by email (invitation not yet used).
    actions.invite_external_participant(
        actor=facilitator,
        workshop=workshop,
        name="Sam Carter",
        email="sam.carter@carers.demo.lodestar.test",
        role=ParticipantRole.CONTRIBUTOR,
        accept_url=lambda token: f"/workshops/invitations/{token}/",
    )
    return raters


def _assessment(workshop: Workshop, facilitator, raters, points) -> dict:
    """The evidence note, the agreed scores and everyone's contributions; returns the first
    challenge raised for each Star point."""
    actions.add_evidence_note(
        actor=facilitator,
        workshop=workshop,
        title="Workforce summary",
        text=(
            "182 WTE registered nurses in community teams (establishment 212). Vacancy rate 14%. "
            "Turnover 12% a year. 34% of nurses are aged 55 or over. Referrals up 9% a year since 2023."
        ),
    )
    for key, (current, target, evidence) in SCORES.items():
        actions.save_assessment(
            actor=facilitator,
            workshop=workshop,
            point=points[key],
            current_score=current,
            target_score=target,
            evidence=evidence,
        )
    challenges = {}
    for i, (key, kind, text) in enumerate(CONTRIBUTIONS):
        author = raters[i % len(raters)]
        c = actions.add_contribution(actor=author, workshop=workshop, point=points[key], kind=kind, text=text)
        if kind == "challenge":
            challenges.setdefault(key, c)
    return challenges


def _prioritise(workshop: Workshop, facilitator, raters, challenges) -> None:
    """Candidates rated by everyone; the quick wins and major projects shortlisted in ranked order."""
    for code, ratings in CANDIDATES:
        intervention = Intervention.objects.filter(code=code, organisation__isnull=True).first()
        if intervention is None:
            continue
        candidate = actions.add_candidate(
            actor=facilitator,
            workshop=workshop,
            intervention=intervention,
            challenge=challenges.get(intervention.point.key),
        )
        for rater, (impact, effort) in zip(raters, ratings, strict=False):
            actions.rate_candidate(actor=rater, candidate=candidate, impact=impact, effort=effort)
    ranked = []
    for c in workshop.candidates.select_related("intervention").prefetch_related("ratings"):
        agg = scoring.aggregate([(r.impact, r.effort) for r in c.ratings.all()])
        if agg.quadrant in (scoring.QUICK_WIN, scoring.MAJOR_PROJECT):
            ranked.append((scoring.rank_key(c.intervention.title, agg.impact_median, agg.effort_median), c.pk))
    ranked.sort()
    if ranked:
        actions.confirm_shortlist(actor=facilitator, workshop=workshop, ordered_candidate_ids=[pk for _, pk in ranked])


@transaction.atomic
def load() -> Workshop:
    existing = Workshop.objects.filter(title=TITLE, lead_organisation__name=LEAD).first()
    if existing is not None:
        return existing
    lead = _need(Organisation.objects.filter(name=LEAD).first(), LEAD)
    partners = [_need(Organisation.objects.filter(name=n).first(), n) for n in PARTNERS]
    facilitator = _need(User.objects.filter(email=FACILITATOR).first(), FACILITATOR)
    points = {p.key: p for p in StarPoint.objects.all()}
    _need(points.get("supply"), "the Star points")

    workshop = _set_up(facilitator, lead, partners)
    raters = _participants(workshop, facilitator)
    challenges = _assessment(workshop, facilitator, raters, points)
    _prioritise(workshop, facilitator, raters, challenges)
    actions.update_workshop(actor=facilitator, workshop=workshop, status=WorkshopStatus.COMPLETED)
    return workshop
