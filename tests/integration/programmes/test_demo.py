"""The demo region's themes and programmes load through the actions, link the demo workshop and
its plan, show a mix of RAG ratings, and loading again adds nothing."""

import pytest
from django.urls import reverse

from lodestar.accounts import demo as people_demo
from lodestar.accounts.models import User
from lodestar.core.models import AuditEvent
from lodestar.orgs import demo as orgs_demo
from lodestar.plans import demo as plans_demo
from lodestar.programmes import demo
from lodestar.programmes.models import BenefitMeasure, Programme, ProgrammeMilestone, Risk, Theme
from lodestar.star import demo as star_demo
from lodestar.workshops import demo as workshops_demo

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Theme, Programme, ProgrammeMilestone, BenefitMeasure, Risk)]


def test_demo_programmes_load_once_with_the_five_themes_and_integrated_care(client):
    people_demo.load(orgs_demo.load())
    star_demo.load()
    workshops_demo.load()
    plans_demo.load()
    loaded = demo.load()
    assert len(loaded) == len(demo.PROGRAMMES) == 8
    assert list(Theme.objects.values_list("name", flat=True)) == [name for name, _ in demo.THEMES]
    assert AuditEvent.objects.filter(action="programmes.programme.create").count() == 8
    linked = Programme.objects.get(name="Community nursing pathway across Riverside")
    assert linked.workshops.exists() and linked.plans.exists()
    counts = _counts()
    demo.load()
    assert _counts() == counts

    client.force_login(User.objects.get(email="region@demo.lodestar.test"))
    index = client.get(reverse("programmes:index")).text
    for level in ("Red", "Amber", "Green", "Closed"):
        assert f">{level}</strong>" in index, level
    assert "Integrated Care" in client.get(reverse("programmes:dashboard")).text
