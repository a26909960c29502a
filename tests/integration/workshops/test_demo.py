"""The demo workshop: complete enough to show every step, and idempotent."""

from __future__ import annotations

import pytest

from lodestar.workshops import demo
from lodestar.workshops.models import Candidate, Contribution, Rating, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    from lodestar.accounts import demo as accounts_demo
    from lodestar.orgs import demo as orgs_demo
    from lodestar.star import demo as star_demo

    orgs = orgs_demo.load()
    accounts_demo.load(orgs)
    star_demo.load()


def test_demo_workshop_is_complete_and_idempotent(demo_world, client):
    w = demo.load()
    counts = (Workshop.objects.count(), Contribution.objects.count(), Candidate.objects.count(), Rating.objects.count())
    assert demo.load().pk == w.pk
    assert (
        Workshop.objects.count(),
        Contribution.objects.count(),
        Candidate.objects.count(),
        Rating.objects.count(),
    ) == counts
    assert w.lead_organisation.name == "Riverside ICS" and w.partner_organisations.count() == 4
    assert w.status == "completed" and w.shortlist_confirmed_at is not None
    assert w.assessments.filter(current_score__isnull=False, target_score__isnull=False).count() == 5
    emails = set(w.participants.values_list("email", flat=True))
    assert {"facilitator@demo.lodestar.test", "contributor@demo.lodestar.test"} <= emails
    shortlist = list(w.candidates.filter(shortlisted=True).order_by("priority_rank"))
    assert [c.priority_rank for c in shortlist] == list(range(1, len(shortlist) + 1)) and len(shortlist) >= 3
    assert all(c.quadrant in ("quick_win", "major_project") for c in shortlist)
    # The demo contributor sees it and its prioritisation page.
    from lodestar.accounts.models import User

    client.force_login(User.objects.get(email="contributor@demo.lodestar.test"))
    body = client.get(f"/workshops/{w.pk}/prioritisation/").content.decode()
    first = shortlist[0].intervention.title
    assert "Quick wins" in body and first in body and "Confirm shortlist" not in body


def test_demo_needs_organisations_first(db):
    with pytest.raises(demo.DemoDataMissing, match="Riverside ICS"):
        demo.load()


def test_demo_members_show_their_organisation_on_the_participants_page(demo_world, client):
    w = demo.load()
    members = [p for p in w.participants.select_related("organisation") if not p.is_external]
    assert len(members) >= 3
    assert all(p.organisation is not None for p in members), [p.name for p in members if p.organisation is None]
    contributor = next(p for p in members if p.email == "contributor@demo.lodestar.test")
    assert contributor.organisation.name == "Riverside Hospitals NHS Foundation Trust"
