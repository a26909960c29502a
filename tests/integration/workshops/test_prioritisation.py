"""The prioritisation pages (lodestar/workshops/views/prioritisation.py): the shortlist form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.workshops.models import Candidate
from tests.factories import member
from tests.factories.workshops import CandidateFactory, WorkshopFactory, participant, star_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlisting(orgs, client):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    participant(workshop, "facilitator", user=facilitator)
    client.force_login(facilitator)
    return workshop


def _confirm(client, workshop, data):
    return client.post(reverse("workshops:shortlist-confirm", args=[workshop.pk]), data)


def test_a_candidate_of_another_workshop_is_refused(client, shortlisting):
    other = CandidateFactory(workshop=WorkshopFactory(lead_organisation=shortlisting.lead_organisation))
    response = _confirm(client, shortlisting, {"include": [other.pk], f"rank-{other.pk}": "1"})
    assert response.status_code == 400 and "Choose candidates from this workshop" in response.content.decode()
    assert not Candidate.objects.filter(shortlisted=True).exists()


@pytest.mark.parametrize("rank", ["", "0", "-1", "1.5", "²"])
def test_a_rank_that_is_not_a_whole_number_from_1_is_refused(client, shortlisting, rank):
    a = CandidateFactory(workshop=shortlisting)
    response = _confirm(client, shortlisting, {"include": [a.pk], f"rank-{a.pk}": rank})
    assert response.status_code == 400
    assert "Give each chosen candidate a rank: a whole number, 1 for the highest priority" in response.content.decode()
    shortlisting.refresh_from_db()
    assert shortlisting.shortlist_confirmed_at is None


def test_equal_ranks_keep_the_order_the_candidates_were_added(client, shortlisting):
    a, b = CandidateFactory(workshop=shortlisting), CandidateFactory(workshop=shortlisting)
    response = _confirm(client, shortlisting, {"include": [b.pk, a.pk], f"rank-{a.pk}": "1", f"rank-{b.pk}": " 1 "})
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.priority_rank, b.priority_rank) == (1, 2)


def test_the_error_is_shown_above_the_page_and_links_to_the_shortlist(client, shortlisting):
    response = _confirm(client, shortlisting, {})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#shortlist">Choose at least one candidate for the shortlist</a>' in html
