"""GET /api/v1/organisations: only organisations in the caller's reach; others are 404."""

from __future__ import annotations

import pytest

from tests.factories import member
from tests.factories.api import api_token, auth_header

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    _, plain = api_token(user)
    return client.get(url, **auth_header(plain))


def test_trust_user_lists_only_their_trust(client, orgs):
    user = member(orgs["trust_a"], "viewer")
    body = _get(client, user, "/api/v1/organisations").json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": orgs["trust_a"].pk,
            "name": "Trust A",
            "type": "nhs_trust",
            "type_label": "NHS trust",
            "ods_code": "RA1",
            "parent_id": orgs["ics_a"].pk,
        }
    ]


def test_another_trust_is_404_exactly_like_a_missing_one(client, orgs):
    user = member(orgs["trust_a"], "viewer")
    _, plain = api_token(user)
    other = client.get(f"/api/v1/organisations/{orgs['trust_b'].pk}", **auth_header(plain))
    missing = client.get("/api/v1/organisations/999999", **auth_header(plain))
    parent = client.get(f"/api/v1/organisations/{orgs['ics_a'].pk}", **auth_header(plain))
    assert other.status_code == missing.status_code == parent.status_code == 404
    assert other.json() == missing.json() == parent.json() == {"detail": "Not found."}
    assert client.get(f"/api/v1/organisations/{orgs['trust_a'].pk}", **auth_header(plain)).status_code == 200


def test_ics_role_sees_its_children_and_not_its_neighbours(client, orgs):
    user = member(orgs["ics_a"], "viewer")
    _, plain = api_token(user)
    names = {o["name"] for o in client.get("/api/v1/organisations", **auth_header(plain)).json()["items"]}
    assert names == {"ICS A", "Trust A", "PCN A", "Practice A"}
    practice = client.get(f"/api/v1/organisations/{orgs['practice_a'].pk}", **auth_header(plain))
    assert practice.status_code == 200
    assert practice.json()["type_label"] == "GP practice"
    assert client.get(f"/api/v1/organisations/{orgs['ics_b'].pk}", **auth_header(plain)).status_code == 404


def test_filter_by_type(client, orgs):
    user = member(orgs["region"], "viewer")
    body = _get(client, user, "/api/v1/organisations?type=ics").json()
    assert [o["name"] for o in body["items"]] == ["ICS A", "ICS B"]


def test_pagination(client, orgs):
    user = member(orgs["region"], "viewer")
    _, plain = api_token(user)
    first = client.get("/api/v1/organisations?page_size=3", **auth_header(plain)).json()
    last = client.get("/api/v1/organisations?page_size=3&page=3", **auth_header(plain)).json()
    beyond = client.get("/api/v1/organisations?page_size=3&page=4", **auth_header(plain)).json()
    assert (first["count"], first["pages"], first["page"], len(first["items"])) == (7, 3, 1, 3)
    assert len(last["items"]) == 1
    assert beyond["items"] == []
    seen = [
        o["name"]
        for page in range(1, 4)
        for o in client.get(f"/api/v1/organisations?page_size=3&page={page}", **auth_header(plain)).json()["items"]
    ]
    assert seen == sorted(seen) and len(set(seen)) == 7


@pytest.mark.parametrize(
    "query, field",
    [
        ("page_size=101", "query.page_size"),
        ("page=0", "query.page"),
        ("type=hospital", "query.type"),
        ("page=abc", "query.page"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client, orgs, query, field):
    user = member(orgs["trust_a"], "viewer")
    response = _get(client, user, f"/api/v1/organisations?{query}")
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == [field]
    assert field in body["detail"]


def test_person_with_no_memberships_sees_nothing(client, orgs):
    from tests.factories import UserFactory

    body = _get(client, UserFactory(), "/api/v1/organisations").json()
    assert body == {"count": 0, "page": 1, "page_size": 25, "pages": 1, "items": []}
