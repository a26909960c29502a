"""The networks API: find, read, join, discuss, events (with .ics) and resources, with the pages'
rules as 422s naming the field and 404 for anything out of reach."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lodestar.networks import actions_content
from lodestar.networks.models import NetworkMember, Post
from tests.factories.api import api_token, auth_header
from tests.factories.networks import add_member, network

pytestmark = pytest.mark.django_db

API = "/api/v1/networks"


def _auth(person) -> dict:
    return auth_header(api_token(person)[1])


@pytest.fixture
def cop(world):
    return network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"], visibility="region")


def test_find_and_read_a_network(client, world, cop):
    add_member(cop, world["people"]["carer"])
    headers = _auth(world["people"]["volunteer"])
    body = client.get(API, {"sector": "social_care"}, **headers).json()
    assert body["count"] == 1
    assert body["items"][0] | {"id": 0} == {
        "id": 0,
        "name": "Nursing associates community of practice",
        "purpose": "Share what works in training and supporting nursing associates.",
        "topic": "nursing",
        "host": "Trust A",
        "visibility": "region",
        "joining": "request",
        "members": 2,
    }
    detail = client.get(f"{API}/{cop.pk}", **headers).json()
    assert (detail["your_status"], detail["may_read"], detail["coordinator"]) == (None, False, False)
    assert (
        detail["reach"]["sentence"] == "Members come from 2 ICSs and 2 sectors: it crosses organisational boundaries."
    )


def test_join_by_request_through_the_api(client, world, cop):
    headers = _auth(world["people"]["volunteer"])
    response = client.post(
        f"{API}/{cop.pk}/join",
        {"organisation_id": world["orgs"]["charity"].pk, "message": "Carers' voice"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    assert response.json()["status"] == "requested" and response.json()["sector"] == "Voluntary sector"


def test_joining_from_someone_elses_organisation_is_a_422(client, world, cop):
    response = client.post(
        f"{API}/{cop.pk}/join",
        {"organisation_id": world["orgs"]["trust_a"].pk},
        content_type="application/json",
        **_auth(world["people"]["volunteer"]),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.organisation", "message": "Choose one of the organisations you work for"}
    ]
    assert not NetworkMember.objects.filter(user=world["people"]["volunteer"]).exists()


def test_members_discuss_through_the_api(client, world, cop):
    add_member(cop, world["people"]["carer"])
    headers = _auth(world["people"]["carer"])
    response = client.post(
        f"{API}/{cop.pk}/threads",
        {"title": "Night shifts", "body": "Who covers?"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    thread_id = response.json()["id"]
    bad = client.post(f"{API}/threads/{thread_id}/replies", {"body": " "}, content_type="application/json", **headers)
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "body.body", "message": "Write your reply"}]
    ok = client.post(
        f"{API}/threads/{thread_id}/replies", {"body": "We do."}, content_type="application/json", **headers
    )
    assert [p["body"] for p in ok.json()["posts"]] == ["Who covers?", "We do."]
    assert [t["title"] for t in client.get(f"{API}/{cop.pk}/threads", **headers).json()] == ["Night shifts"]
    assert Post.objects.count() == 2


def test_events_and_their_calendar_file(client, world, cop):
    start = timezone.now() + datetime.timedelta(days=3)
    event = actions_content.add_event(
        actor=world["people"]["coordinator"],
        network=cop,
        title="Meet-up",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Trust A education centre",
    )
    headers = _auth(world["people"]["coordinator"])
    [row] = client.get(f"{API}/{cop.pk}/events", **headers).json()
    assert (row["title"], row["signed_up"], row["ics_url"]) == ("Meet-up", 0, f"{API}/events/{event.pk}/ics")
    ics = client.get(row["ics_url"], **headers)
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"LOCATION:Trust A education centre\r\n" in ics.content


def test_the_networks_api_is_in_the_openapi_schema(client, world):
    client.force_login(world["people"]["coordinator"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (API, f"{API}/{{network_id}}", f"{API}/{{network_id}}/join", f"{API}/events/{{event_id}}/ics"):
        assert path in paths
