"""Workshops through the API: scoped reads, writes by role, bad input, and 404 outside reach."""

from __future__ import annotations

import pytest

from lodestar.workshops import actions
from lodestar.workshops.models import Contribution, PointAssessment, Rating
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.workshops import (
    CandidateFactory,
    ContributionFactory,
    InterventionFactory,
    RatingFactory,
    WorkshopFactory,
    participant,
    star_points,
)

pytestmark = pytest.mark.django_db


def headers(user):
    _, plain = api_token(user)
    return auth_header(plain)


@pytest.fixture
def world(orgs):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    w = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator, title="Community nursing")
    participant(w, "facilitator", user=facilitator)
    contributor = participant(w, "contributor", user=member(orgs["trust_a"], "contributor"))
    viewer = member(orgs["trust_a"], "viewer")
    outsider = member(orgs["trust_b"], "org_admin")
    return dict(w=w, facilitator=facilitator, contributor=contributor, viewer=viewer, outsider=outsider, orgs=orgs)


def test_list_and_get_are_scoped(client, world):
    w = world["w"]
    WorkshopFactory(lead_organisation=world["orgs"]["trust_b"], title="Trust B workshop")
    body = client.get("/api/v1/workshops", **headers(world["viewer"])).json()
    assert [i["title"] for i in body["items"]] == ["Community nursing"]
    assert body["items"][0]["lead_organisation_name"] == "Trust A"
    out = headers(world["outsider"])
    assert [i["title"] for i in client.get("/api/v1/workshops", **out).json()["items"]] == ["Trust B workshop"]
    for path in ["", "/scores", "/contributions", "/challenges", "/candidates", "/ratings"]:
        r = client.get(f"/api/v1/workshops/{w.pk}{path}", **out)
        assert r.status_code == 404 and r.json() == {"detail": "Not found."}, path


def test_unauthenticated_is_401(client, world):
    assert client.get("/api/v1/workshops").status_code == 401


def test_scores_read_and_set_by_facilitator_only(client, world):
    w = world["w"]
    r = client.put(
        f"/api/v1/workshops/{w.pk}/scores/supply",
        {"current_score": 2, "target_score": 4, "evidence": "Vacancies 14%"},
        content_type="application/json",
        **headers(world["facilitator"]),
    )
    assert r.status_code == 200 and r.json()["target_score"] == 4
    scores = client.get(f"/api/v1/workshops/{w.pk}/scores", **headers(world["viewer"])).json()
    assert [s["point"] for s in scores][0] == "supply" and scores[0]["current_score"] == 2 and len(scores) == 5
    r = client.put(
        f"/api/v1/workshops/{w.pk}/scores/supply",
        {"current_score": 5},
        content_type="application/json",
        **headers(world["contributor"]),
    )
    assert r.status_code == 403
    r = client.put(
        f"/api/v1/workshops/{w.pk}/scores/supply",
        {"current_score": 6},
        content_type="application/json",
        **headers(world["facilitator"]),
    )
    assert r.status_code == 422 and "current_score" in r.json()["detail"]
    assert PointAssessment.objects.get().current_score == 2


def test_contributions_by_contributors_not_viewers(client, world):
    w = world["w"]
    ContributionFactory(workshop=w, text="Hidden one", hidden=True)
    payload = {"point": "supply", "kind": "challenge", "text": "No applicants for band 5 posts"}
    r = client.post(
        f"/api/v1/workshops/{w.pk}/contributions",
        payload,
        content_type="application/json",
        **headers(world["contributor"]),
    )
    assert r.status_code == 201 and r.json()["kind"] == "challenge"
    r = client.post(
        f"/api/v1/workshops/{w.pk}/contributions", payload, content_type="application/json", **headers(world["viewer"])
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/v1/workshops/{w.pk}/contributions",
        {**payload, "text": "   "},
        content_type="application/json",
        **headers(world["contributor"]),
    )
    assert r.status_code == 422
    assert Contribution.objects.filter(text__startswith="No applicants").count() == 1
    texts = [c["text"] for c in client.get(f"/api/v1/workshops/{w.pk}/challenges", **headers(world["viewer"])).json()]
    assert texts == ["No applicants for band 5 posts"]
    all_for_facilitator = client.get(f"/api/v1/workshops/{w.pk}/contributions", **headers(world["facilitator"])).json()
    assert "Hidden one" in [c["text"] for c in all_for_facilitator]


def test_candidates_and_ratings(client, world):
    w = world["w"]
    iv = InterventionFactory(code="supply-return-to-practice", title="Return to practice")
    r = client.post(
        f"/api/v1/workshops/{w.pk}/candidates",
        {"intervention_code": iv.code},
        content_type="application/json",
        **headers(world["contributor"]),
    )
    assert r.status_code == 201
    cid = r.json()["id"]
    RatingFactory(candidate_id=cid, impact=5, effort=1)
    r = client.put(
        f"/api/v1/workshops/{w.pk}/candidates/{cid}/rating",
        {"impact": 4, "effort": 2},
        content_type="application/json",
        **headers(world["contributor"]),
    )
    assert r.status_code == 200 and r.json()["impact"] == 4
    # The contributor has rated every candidate, so sees the group's figures (ADR 0022).
    cands = client.get(f"/api/v1/workshops/{w.pk}/candidates", **headers(world["contributor"])).json()
    assert cands[0]["impact_median"] == 4.5 and cands[0]["quadrant"] == "quick_win" and cands[0]["ratings"] == 2
    assert len(client.get(f"/api/v1/workshops/{w.pk}/ratings", **headers(world["contributor"])).json()) == 2
    r = client.put(
        f"/api/v1/workshops/{w.pk}/candidates/{cid}/rating",
        {"impact": 0, "effort": 2},
        content_type="application/json",
        **headers(world["contributor"]),
    )
    assert r.status_code == 422
    r = client.put(
        f"/api/v1/workshops/{w.pk}/candidates/{cid}/rating",
        {"impact": 3, "effort": 3},
        content_type="application/json",
        **headers(world["viewer"]),
    )
    assert r.status_code == 403
    assert Rating.objects.count() == 2


def test_the_group_figures_stay_hidden_until_you_have_rated_all_or_they_are_shown(client, world):
    """As on the prioritisation page (ADR 0022): the API does not anchor a rater either."""
    w = world["w"]
    first, second = CandidateFactory(workshop=w), CandidateFactory(workshop=w)
    RatingFactory(candidate=first, impact=5, effort=1)
    RatingFactory(candidate=second, impact=1, effort=5)
    contributor = world["contributor"]
    RatingFactory(candidate=first, user=contributor, impact=4, effort=2)  # one of two rated

    def seen(user):
        cands = client.get(f"/api/v1/workshops/{w.pk}/candidates", **headers(user)).json()
        ratings = client.get(f"/api/v1/workshops/{w.pk}/ratings", **headers(user)).json()
        return [c["id"] for c in cands], [c["impact_median"] for c in cands], len(ratings)

    assert seen(contributor) == ([first.pk, second.pk], [None, None], 1)  # only their own rating
    assert seen(world["viewer"]) == ([first.pk, second.pk], [None, None], 0)
    actions.reveal_ratings(actor=world["facilitator"], workshop=w)
    assert seen(world["viewer"]) == ([first.pk, second.pk], [4.5, 1.0], 3)


def test_candidate_from_invisible_local_intervention_is_refused(client, world):
    w = world["w"]
    InterventionFactory(code="local-b", organisation=world["orgs"]["trust_b"])
    r = client.post(
        f"/api/v1/workshops/{w.pk}/candidates",
        {"intervention_code": "local-b"},
        content_type="application/json",
        **headers(world["facilitator"]),
    )
    assert r.status_code == 422 and "intervention_code" in r.json()["detail"]
    assert not w.candidates.exists()


def test_external_participant_reaches_only_their_workshop(client, world):
    w = world["w"]
    other = WorkshopFactory(lead_organisation=world["orgs"]["trust_a"])
    external = participant(w, "contributor", is_external=True)
    h = headers(external)
    assert [i["id"] for i in client.get("/api/v1/workshops", **h).json()["items"]] == [w.pk]
    assert client.get(f"/api/v1/workshops/{other.pk}", **h).status_code == 404
    CandidateFactory(workshop=w)
    assert client.get(f"/api/v1/workshops/{w.pk}/candidates", **h).status_code == 200
