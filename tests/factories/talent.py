"""Talent conversations and succession plans, written through the actions (so audited)."""

from __future__ import annotations

import datetime

from lodestar.talent import actions

FIELDS = {
    "staff_group": "registered-nurses",
    "current_role": "Ward sister",
    "impact": "outstanding",
    "growth": "high",
    "aspirations": "To lead a clinical directorate",
    "strengths": "Calm under pressure",
    "readiness": "ready_now",
    "next_role": "Matron",
}


def conversation(*, actor, organisation, person, line_manager, held_on=None, development_plan=(), **overrides):
    return actions.record_conversation(
        actor=actor,
        organisation=organisation,
        person=person,
        line_manager=line_manager,
        held_on=held_on or datetime.date(2026, 5, 1),
        development_plan=list(development_plan),
        **{**FIELDS, **overrides},
    )


def succession_plan(*, actor, organisation, post="Director of nursing", risk="high", successors=(), **overrides):
    plan = actions.create_succession_plan(
        actor=actor,
        organisation=organisation,
        post=post,
        staff_group=overrides.pop("staff_group", "registered-nurses"),
        incumbent=overrides.pop("incumbent", "Jo Incumbent"),
        risk=risk,
        risk_reason=overrides.pop("risk_reason", "Retiring within two years"),
    )
    for name, readiness in successors:
        actions.add_successor(actor=actor, plan=plan, name=name, readiness=readiness)
    return plan
