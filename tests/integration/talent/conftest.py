"""A talent world at Trust A (Test Region > ICS A > Trust A): a talent lead, a line manager, the
person, a colleague, and everyone who must NOT see the person's record."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory, member
from tests.factories.talent import conversation, succession_plan

# Who may read the individual records at Trust A.
READERS = {"lead", "manager", "person"}
PLAN_READERS = {"lead"}
EVERYONE = [
    "lead",
    "manager",
    "person",
    "colleague",
    "org_admin",
    "ics_lead",
    "ics_viewer",
    "region_viewer",
    "other_lead",
    "platform",
]


@pytest.fixture
def world(orgs):
    trust_a = orgs["trust_a"]
    people = {
        "lead": member(trust_a, "talent_lead", full_name="Tia Lead"),
        "manager": member(trust_a, "viewer", full_name="Manny Manager"),
        "person": member(trust_a, "viewer", full_name="Priya Person"),
        "colleague": member(trust_a, "facilitator", full_name="Col League"),
        "org_admin": member(trust_a, "org_admin", full_name="Ada Admin"),
        "ics_lead": member(orgs["ics_a"], "talent_lead", full_name="Ian Icslead"),
        "ics_viewer": member(orgs["ics_a"], "viewer", full_name="Ivy Icsviewer"),
        "region_viewer": member(orgs["region"], "viewer", full_name="Rita Region"),
        "other_lead": member(orgs["trust_b"], "talent_lead", full_name="Otto Otherlead"),
        "platform": UserFactory(is_platform_staff=True, full_name="Pat Platform"),
    }
    record = conversation(
        actor=people["lead"],
        organisation=trust_a,
        person=people["person"],
        line_manager=people["manager"],
        aspirations="Secret aspiration: run the emergency department",
        development_plan=[("Shadow the divisional director", __import__("datetime").date(2026, 9, 1))],
        ethnic_group="asian",
    )
    plan = succession_plan(
        actor=people["lead"], organisation=trust_a, post="Head of midwifery", incumbent="Hana Incumbent",
        successors=[("Sam Successor", "ready_later")],
    )  # fmt: skip
    return {"orgs": orgs, "people": people, "record": record, "plan": plan}
