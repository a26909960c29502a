"""The demo plan: generated from the demo workshop, part way through, and idempotent."""

from __future__ import annotations

import importlib.util

import pytest
from django.core.management import call_command

from lodestar.plans.models import ActionPlan, Status

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    importlib.util.find_spec("lodestar.star.demo") is None, reason="the catalogue demo is not built yet"
)
def test_demo_plan_has_mixed_statuses_an_overdue_and_an_at_risk_action(capsys):
    call_command("load_catalogue") if _has_command("load_catalogue") else None
    call_command("load_demo_data")
    plan = ActionPlan.objects.get(workshop__title="Community nursing in Riverside")
    actions = list(plan.actions.all())
    assert len(actions) >= 5
    statuses = {a.status for a in actions}
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.DONE} <= statuses
    assert any(a.is_overdue for a in actions)
    assert any(a.owner_user and a.owner_user.email == "contributor@demo.lodestar.test" for a in actions)
    assert sum(a.milestones.count() for a in actions) >= 5
    assert sum(a.measures.count() for a in actions) >= 4
    assert sum(a.progress_updates.count() for a in actions) >= 4
    call_command("load_demo_data")  # idempotent
    assert ActionPlan.objects.count() == 1 and plan.actions.count() == len(actions)


def _has_command(name):
    from django.core.management import get_commands

    return name in get_commands()


@pytest.mark.skipif(
    importlib.util.find_spec("lodestar.star.demo") is None, reason="the catalogue demo is not built yet"
)
def test_demo_milestones_measures_and_updates_belong_to_their_own_action():
    """The demo once put the retire-and-return milestones on 'Nursing associate' and the
    nursing associate measure on 'Preceptorship': the story followed list order, not the action."""
    call_command("load_catalogue") if _has_command("load_catalogue") else None
    call_command("load_demo_data")
    plan = ActionPlan.objects.get(workshop__title="Community nursing in Riverside")
    by_code = {a.intervention.code: a for a in plan.actions.select_related("intervention")}
    nursing_associate = by_code["role-nursing-associate"]
    assert [m.metric for m in nursing_associate.measures.all()] == ["Nursing associates in community teams"]
    assert nursing_associate.is_overdue
    late_career = by_code["supply-late-career-flexibility"]
    assert "retire-and-return" in " ".join(m.title for m in late_career.milestones.all())
    preceptorship = by_code["supply-preceptorship"]
    assert "preceptorship" in " ".join(u.text for u in preceptorship.progress_updates.all()).lower()
    assert preceptorship.status == Status.AT_RISK
