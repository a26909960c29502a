"""Recommendations as the workshop's candidates step and the plan page show them (ADR 0036): what
the workshop or plan is about, ranked suggestions with their reasons, and links a person may open.

``for_workshop(user, workshop)`` and ``for_plan(user, plan)`` give the context of
``learning/_recommendations.jinja``. Everything shown is read through the scoped queries in
``lodestar.learning.queries_recommendations``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from lodestar.learning import queries_recommendations as q
from lodestar.learning import recommendations as r
from lodestar.workshops.models import ContributionKind


@dataclass(frozen=True)
class Card:
    title: str
    href: str
    meta: str
    why: list[str]
    score: float


def _points_of_workshop(workshop) -> dict[str, tuple[str, float, str]]:
    points: dict[str, tuple[str, float, str]] = {}
    for a in workshop.assessments.select_related("point"):
        if a.current_score and a.target_score and a.target_score > a.current_score:
            why = f"where your Star assessment wants to move from {a.current_score} to {a.target_score}"
            points[a.point.key] = (a.point.name, r.GAP_POINT, why)
    challenges = workshop.contributions.filter(kind=ContributionKind.CHALLENGE, hidden=False).select_related("point")
    for c in challenges:
        points.setdefault(c.point.key, (c.point.name, r.POINT, "where your group raised a challenge"))
    return points


def workshop_focus(user, workshop, size: float | None = None) -> r.Focus:
    """A workshop's focus: its candidates (shortlisted ones named so), the Star points its
    assessment wants to improve or its group raised challenges on, its staff groups and settings."""
    interventions, points = {}, _points_of_workshop(workshop)
    for c in workshop.candidates.select_related("intervention", "intervention__point"):
        where = "on your shortlist" if c.shortlisted else "a candidate in this workshop"
        interventions[c.intervention_id] = (c.intervention.title, where)
        points.setdefault(c.intervention.point.key, (c.intervention.point.name, r.POINT, "like your candidates"))
    return r.Focus(
        organisation=q.organisation(workshop.lead_organisation, size),
        interventions=interventions,
        points=points,
        staff_groups={g: q.STAFF_GROUPS.get(g, g) for g in workshop.staff_groups or () if g != "all"},
        care_settings={s: q.CARE_SETTINGS.get(s, s) for s in workshop.care_settings or ()},
        yours="your workshop",
    )


def plan_focus(user, plan, size: float | None = None) -> r.Focus:
    """A plan's focus: the interventions and Star points of its actions; its workshop's staff
    groups and care settings when it came from one."""
    interventions, points = {}, {}
    for item in plan.actions.select_related("intervention", "point"):
        if item.intervention_id:
            interventions[item.intervention_id] = (item.intervention.title, "in your plan")
        points.setdefault(item.point.key, (item.point.name, r.POINT, "like actions in your plan"))
    workshop = plan.workshop if plan.workshop_id else None
    return r.Focus(
        organisation=q.organisation(plan.organisation, size),
        interventions=interventions,
        points=points,
        staff_groups={g: q.STAFF_GROUPS.get(g, g) for g in (workshop.staff_groups if workshop else ()) if g != "all"},
        care_settings={s: q.CARE_SETTINGS.get(s, s) for s in (workshop.care_settings if workshop else ())},
        yours="your plan",
    )


def _case_study_card(s: r.Suggestion) -> Card:
    facts = s.subject
    return Card(
        title=facts.title,
        href=reverse("learning:detail", args=[facts.pk]),
        meta=f"Case study by {facts.organisation.name}",
        why=s.why,
        score=s.score,
    )


def _organisation_card(user, s: r.Suggestion, reachable: set[int]) -> Card | None:
    org = s.subject
    if org.pk in reachable:
        href, meta = reverse("learning:adoption-organisation", args=[org.pk]), "What it has adopted"
    else:
        shared = q.case_study_of(user, org.pk)
        if shared is None:  # nothing of theirs to open: not suggested
            return None
        href, meta = reverse("learning:detail", args=[shared.pk]), f"Read its case study: {shared.title}"
    return Card(title=org.name, href=href, meta=meta, why=s.why, score=s.score)


def _panel(user, focus_of, subject) -> dict:
    case_studies, adoptions, size = q.facts(user, _organisation_of(subject))
    focus = focus_of(user, subject, size)
    ranked = r.rank_organisations(focus, adoptions)
    reachable = q.reachable_organisation_ids(user) if ranked else set()
    organisations = [_organisation_card(user, s, reachable) for s in ranked]
    return {
        "case_studies": [_case_study_card(s) for s in r.rank_case_studies(focus, case_studies, adoptions)],
        "organisations": [c for c in organisations if c is not None],
        "yours": focus.yours,
        "library_url": reverse("learning:index"),
    }


def _organisation_of(subject):
    return subject.lead_organisation if hasattr(subject, "lead_organisation") else subject.organisation


def for_workshop(user, workshop) -> dict:
    """Case studies and organisations to learn from, for a workshop's candidates step."""
    return _panel(user, workshop_focus, workshop)


def for_plan(user, plan) -> dict:
    """Case studies and organisations to learn from, for a plan's page."""
    return _panel(user, plan_focus, plan)
