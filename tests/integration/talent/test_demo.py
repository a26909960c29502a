"""The talent demo: realistic, private by the same rule, and the same counts when loaded twice."""

from __future__ import annotations

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.accounts.models import User
from lodestar.orgs import demo as orgs_demo
from lodestar.talent import demo
from lodestar.talent.models import SuccessionPlan, Successor, TalentConversation
from lodestar.talent.summary import regional_summary

pytestmark = pytest.mark.django_db


def counts():
    return (
        TalentConversation.objects.count(),
        SuccessionPlan.objects.count(),
        Successor.objects.count(),
        User.objects.count(),
    )


def test_demo_loads_40_conversations_and_10_plans_once():
    orgs = orgs_demo.load()
    people_demo.load(orgs)
    demo.load()
    first = counts()
    demo.load()
    assert counts() == first
    assert first[:2] == (40, 10)
    region = orgs["North of England (demo)"]
    rows = dict(regional_summary(region.descendants(include_self=True).values_list("pk", flat=True)).rows)
    assert rows["All people with a talent conversation"] == 40
    matron = User.objects.get(email="contributor@demo.lodestar.test")
    assert TalentConversation.objects.visible_to(matron).exists()
    regional = User.objects.get(email="region@demo.lodestar.test")
    assert not TalentConversation.objects.visible_to(regional).exists()
    assert not SuccessionPlan.objects.visible_to(regional).exists()
