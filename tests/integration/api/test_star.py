"""The Star points and the intervention catalogue through the API: filters, paging, local visibility."""

from __future__ import annotations

import pytest

from tests.factories import member
from tests.factories.api import api_token, auth_header, intervention, star_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(orgs):
    return {
        "rtp": intervention(
            "supply-return-to-practice",
            title="Return to practice",
            point="supply",
            staff_groups=["registered-nurses", "midwives"],
            care_settings=["acute", "community"],
            evidence_level="strong",
        ),
        "pharm": intervention(
            "new-roles-clinical-pharmacists",
            title="Clinical pharmacists in practices",
            point="new-roles",
            staff_groups=["pharmacy"],
            care_settings=["primary-care"],
            evidence_level="moderate",
            description="Pharmacists join the practice team to review medicines.",
        ),
        "old": intervention("supply-retired", title="Retired idea", is_active=False),
        "ics_a_local": intervention("local-ics-a-rotation", title="ICS A rotation", organisation=orgs["ics_a"]),
        "trust_b_local": intervention("local-trust-b-buddy", title="Trust B buddying", organisation=orgs["trust_b"]),
    }


@pytest.fixture
def trust_a_token(orgs):
    _, plain = api_token(member(orgs["trust_a"], "viewer"))
    return auth_header(plain)


def _codes(response):
    assert response.status_code == 200, response.content
    return [i["code"] for i in response.json()["items"]]


def test_points_in_star_order(client, trust_a_token):
    star_points()
    body = client.get("/api/v1/star/points", **trust_a_token).json()
    assert [p["key"] for p in body] == ["supply", "upskilling", "new-roles", "new-ways-of-working", "leadership"]
    assert body[0]["name"] == "Supply"


def test_national_and_visible_local_interventions(client, catalogue, trust_a_token):
    codes = _codes(client.get("/api/v1/star/interventions", **trust_a_token))
    # Local entries of the trust's ICS are visible; another ICS's trust's are not; withdrawn ones are hidden.
    assert set(codes) == {"supply-return-to-practice", "new-roles-clinical-pharmacists", "local-ics-a-rotation"}


def test_local_intervention_detail_is_404_outside_reach(client, catalogue, trust_a_token):
    hidden = client.get("/api/v1/star/interventions/local-trust-b-buddy", **trust_a_token)
    missing = client.get("/api/v1/star/interventions/no-such-thing", **trust_a_token)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "Not found."}


def test_intervention_detail(client, catalogue, trust_a_token):
    body = client.get("/api/v1/star/interventions/local-ics-a-rotation", **trust_a_token).json()
    assert body["title"] == "ICS A rotation"
    assert body["is_national"] is False
    assert body["organisation_name"] == "ICS A"
    assert body["point"] == "supply" and body["point_name"] == "Supply"
    assert body["description"] == "Description of local-ics-a-rotation"
    assert body["levers"] == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("point=new-roles", ["new-roles-clinical-pharmacists"]),
        ("staff_group=midwives", ["supply-return-to-practice"]),
        ("staff_group=registered-nurses&point=supply", ["supply-return-to-practice", "local-ics-a-rotation"]),
        ("care_setting=primary-care", ["new-roles-clinical-pharmacists"]),
        ("evidence_level=strong", ["supply-return-to-practice"]),
        ("q=medicines", ["new-roles-clinical-pharmacists"]),
        ("q=RETURN practice", ["supply-return-to-practice"]),
        ("q=nothing-matches-this", []),
    ],
)
def test_filters(client, catalogue, trust_a_token, query, expected):
    assert sorted(_codes(client.get(f"/api/v1/star/interventions?{query}", **trust_a_token))) == sorted(expected)


def test_staff_group_filter_matches_whole_keys_only(client, catalogue, trust_a_token):
    # "new-roles" is a staff group key and also part of other keys; only exact keys match.
    intervention("whole-key", staff_groups=["new-roles"])
    assert _codes(client.get("/api/v1/star/interventions?staff_group=new-roles", **trust_a_token)) == ["whole-key"]


def test_pages(client, catalogue, trust_a_token):
    body = client.get("/api/v1/star/interventions?page_size=2&page=2", **trust_a_token).json()
    assert (body["count"], body["pages"], len(body["items"])) == (3, 2, 1)


@pytest.mark.parametrize(
    "query, field",
    [
        ("point=middle", "query.point"),
        ("staff_group=astronauts", "query.staff_group"),
        ("evidence_level=great", "query.evidence_level"),
        ("q=" + "x" * 201, "query.q"),
    ],
)
def test_bad_filters_are_422(client, catalogue, trust_a_token, query, field):
    response = client.get(f"/api/v1/star/interventions?{query}", **trust_a_token)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_catalogue_needs_credentials(client, catalogue):
    assert client.get("/api/v1/star/interventions").status_code == 401
    assert client.get("/api/v1/star/points").status_code == 401
