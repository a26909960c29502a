"""The programme actions' rules that the pages do not show on their own: links to plans the
editor cannot see are kept, the audit log records each change, and nobody outside the owner's
facilitators may write."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.programmes import actions, actions_parts
from tests.factories.plans import ActionPlanFactory

pytestmark = pytest.mark.django_db


def test_replacing_links_keeps_plans_the_editor_cannot_see(world):
    prog = world["programme"]
    hidden = ActionPlanFactory(organisation=world["orgs"]["ics_b"], title="ICS B plan")
    mine = ActionPlanFactory(organisation=world["orgs"]["ics_a"], title="ICS A plan")
    prog.plans.set([hidden])
    actions.set_links(actor=world["people"]["ics_facilitator"], programme=prog, workshops=[], plans=[mine])
    assert set(prog.plans.values_list("title", flat=True)) == {"ICS B plan", "ICS A plan"}
    event = AuditEvent.objects.get(action="programmes.programme.links")
    assert event.before == {"workshops": [], "plans": [hidden.pk]}
    assert event.after["plans"] == sorted([hidden.pk, mine.pk])


def test_choosing_a_plan_the_editor_cannot_see_is_refused(world):
    prog = world["programme"]
    hidden = ActionPlanFactory(organisation=world["orgs"]["ics_b"])
    with pytest.raises(ValidationProblem) as refused:
        actions.set_links(actor=world["people"]["ics_facilitator"], programme=prog, workshops=[], plans=[hidden])
    assert refused.value.problems == [("plans", "Choose action plans from the list")]
    assert not prog.plans.exists()


def test_only_the_owners_facilitators_write(world):
    prog = world["programme"]
    for who in ("ics_viewer", "partner", "other_ics", "other_region"):
        with pytest.raises(PermissionDenied):
            actions_parts.add_risk(actor=world["people"][who], programme=prog, description="X", likelihood=1, impact=1)
    assert not prog.risks.exists()
    actions_parts.add_risk(
        actor=world["people"]["region_facilitator"], programme=prog, description="Y", likelihood=2, impact=3
    )
    event = AuditEvent.objects.get(action="programmes.risk.add")
    assert event.after["description"] == "Y" and event.organisation == world["orgs"]["ics_a"]
