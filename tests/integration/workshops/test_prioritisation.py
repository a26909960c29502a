"""The prioritisation pages (lodestar/workshops/views/prioritisation.py): the rating radios,
the shortlist form, and the page's queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lodestar.workshops.models import Candidate, Rating
from tests.factories import member
from tests.factories.workshops import (
    CandidateFactory,
    InterventionFactory,
    RatingFactory,
    WorkshopFactory,
    participant,
    star_points,
)

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
    assert "Give each chosen candidate a priority: a whole number, 1 for the highest" in response.content.decode()
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


def _rated_candidates(workshop, n, rater):
    candidates = CandidateFactory.create_batch(n, workshop=workshop)
    for c in candidates:
        RatingFactory(candidate=c, user=rater, impact=4, effort=2)
        RatingFactory(candidate=c, impact=2, effort=5)
    return candidates


def test_each_rating_is_a_group_of_labelled_radios_naming_its_candidate(client, shortlisting):
    c = CandidateFactory(workshop=shortlisting, intervention=InterventionFactory(title="Return to practice"))
    RatingFactory(candidate=c, user=shortlisting.facilitator, impact=5, effort=2)
    html = client.get(reverse("workshops:prioritisation", args=[shortlisting.pk])).content.decode()
    impact = html[html.index(f'aria-describedby="c{c.pk}-impact-hint"') :]
    impact = impact[: impact.index("</fieldset>")]
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Impact'
        '<span class="nhsuk-u-visually-hidden"> for Return to practice</span></legend>'
    ) in impact
    assert (
        f'<div class="nhsuk-hint" id="c{c.pk}-impact-hint">1 is little difference, 5 is a big difference</div>'
        in impact
    )
    assert '<div class="nhsuk-radios nhsuk-radios--inline" data-module="nhsuk-radios">' in impact
    ids = re.findall(
        r'<input class="nhsuk-radios__input" id="([^"]+)" name="c\d+-impact" type="radio" value="(\d)"', impact
    )
    assert ids == [(f"c{c.pk}-impact", "1")] + [(f"c{c.pk}-impact-{n}", str(n)) for n in range(2, 6)]
    for radio_id, value in ids:
        assert f'<label class="nhsuk-label nhsuk-radios__label" for="{radio_id}">{value}</label>' in impact
    assert f'id="c{c.pk}-impact-5" name="c{c.pk}-impact" type="radio" value="5" checked>' in impact
    assert f'id="c{c.pk}-effort-2" name="c{c.pk}-effort" type="radio" value="2" checked>' in html
    assert 'Effort<span class="nhsuk-u-visually-hidden"> for Return to practice</span>' in html


def test_a_refused_rating_shows_its_error_inside_the_candidates_group(client, shortlisting):
    c = CandidateFactory(workshop=shortlisting)
    response = client.post(reverse("workshops:rate", args=[shortlisting.pk, c.pk]), {f"c{c.pk}-impact": "9"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<div class="nhsuk-form-group nhsuk-form-group--error">' in html
    assert f'aria-describedby="c{c.pk}-impact-hint c{c.pk}-impact-error"' in html
    assert (
        f'<span class="nhsuk-error-message" id="c{c.pk}-impact-error"><span class="nhsuk-u-visually-hidden">'
        "Error: </span>Choose an impact rating from 1 to 5</span>"
    ) in html
    assert not Rating.objects.filter(candidate=c).exists()


def test_prioritisation_queries_do_not_grow_with_candidates_or_ratings(
    client, shortlisting, django_assert_max_num_queries
):
    url = reverse("workshops:prioritisation", args=[shortlisting.pk])
    _rated_candidates(shortlisting, 2, shortlisting.facilitator)
    with django_assert_max_num_queries(11):
        client.get(url)
    _rated_candidates(shortlisting, 12, shortlisting.facilitator)
    with django_assert_max_num_queries(11):
        html = client.get(url).content.decode()
    assert html.count('type="radio"') == 14 * 2 * 5
