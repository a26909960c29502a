"""The new roles API: list, one, create, change, posts and the regional table, through the actions."""

from __future__ import annotations

import pytest

from lodestar.roles.models import PostCount
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.roles import new_role

pytestmark = pytest.mark.django_db
BASE = "/api/v1/roles"


def call(client, user, method, path, body=None):
    headers = auth_header(api_token(user)[1])
    return getattr(client, method)(BASE + path, data=body, content_type="application/json", **headers)


def test_a_facilitator_adds_a_role_and_its_posts(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = call(
        client,
        fran,
        "post",
        "",
        {
            "organisation": orgs["pcn_a"].pk,
            "name": "First contact practitioner",
            "setting": "primary",
            "covers_group": "gps",
            "equivalence": 0.8,
        },
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    posts = call(client, fran, "post", f"/{pk}/posts", {"on": "2025-04-01", "planned": 3, "funded": 3, "filled": 2})
    assert posts.status_code == 201
    one = call(client, fran, "get", f"/{pk}").json()
    assert one["posts"][0]["filled"] == "2.0" and one["equivalence"] == "0.80"
    assert (
        call(client, fran, "patch", f"/{pk}", {"supervisor_role": "GP trainer"}).json()["supervisor_role"]
        == "GP trainer"
    )
    assert call(client, fran, "get", "/regional").json() == [
        {"ics": "ICS A", "sector": "Primary care", "roles": 1, "planned": 3.0, "funded": 3.0, "filled": 2.0}
    ]


def test_filled_more_than_funded_is_a_422_and_nothing_is_saved(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = new_role(fran, orgs["trust_a"], posts=())
    answer = call(
        client, fran, "post", f"/{made.pk}/posts", {"on": "2025-04-01", "planned": 3, "funded": 2, "filled": 3}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "body.filled", "message": "The posts filled cannot be more than the posts funded"}
    ]
    assert not PostCount.objects.exists()


def test_out_of_reach_is_404_and_a_viewer_may_not_change(client, orgs):
    made = new_role(member(orgs["ics_a"], "facilitator"), orgs["trust_a"])
    other = member(orgs["ics_b"], "facilitator")
    assert call(client, other, "get", f"/{made.pk}").status_code == 404
    assert call(client, other, "post", f"/{made.pk}/posts", {"on": "2025-04-01"}).status_code == 404
    assert call(client, other, "get", "").json()["count"] == 0
    assert call(client, other, "get", "/regional").json() == []
    viewer = member(orgs["trust_a"], "viewer")
    assert call(client, viewer, "get", f"/{made.pk}").status_code == 200
    assert call(client, viewer, "patch", f"/{made.pk}", {"name": "Mine"}).status_code == 403
