"""Two saves of one person's rating at the same moment (the page's "Save all ratings" and an HTMX
save of the same radios) both succeed, leaving one rating: never a server error."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lodestar.workshops import actions
from lodestar.workshops.models import Rating
from tests.factories import member
from tests.factories.workshops import CandidateFactory, WorkshopFactory, participant, star_points

ROUNDS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_rating_at_once_leave_one_rating(orgs):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises writers, so there is no race to lose")
    star_points()
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"])
    rater = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor"))
    candidates = [CandidateFactory(workshop=workshop) for _ in range(ROUNDS)]
    errors: list[str] = []

    def save(candidate, barrier, impact):
        try:
            barrier.wait(timeout=10)
            actions.rate_candidates(actor=rater, ratings=[(candidate, impact, 2)])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    for candidate in candidates:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=save, args=(candidate, barrier, impact)) for impact in (4, 5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)

    assert errors == []
    assert Rating.objects.filter(user=rater, candidate__in=candidates).count() == ROUNDS
