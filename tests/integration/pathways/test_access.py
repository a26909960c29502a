"""Who reaches training pathways and new roles (docs/guide/training-pathways.md, docs/guide/new-roles.md).

Every route of the ``pathways`` and ``roles`` namespaces is checked (a new route must be classified
below or ``test_every_route_is_covered`` fails): someone in reach reads (200), someone in another ICS
gets 404 on every page, download and write and changes nothing, and a visitor who has not signed in
is sent to sign in. The API answers are in each app's test_api.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.pathways import urls as pathway_urls
from lodestar.roles import urls as role_urls
from tests.factories import member
from tests.factories.pathways import D, pathway
from tests.factories.roles import new_role

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"

# route name -> "list" (no object in its address) | "read" | "write" (a form that changes an object)
ROUTES = {
    "pathways:index": "list",
    "pathways:new": "list",
    "pathways:pathway": "read",
    "pathways:edit": "write",
    "pathways:stage-new": "write",
    "pathways:competency-new": "write",
    "pathways:placement-new": "write",
    "pathways:cohort-new": "write",
    "pathways:counts": "read",
    "pathways:projection": "read",
    "roles:index": "list",
    "roles:new": "list",
    "roles:regional": "list",
    "roles:regional-csv": "list",
    "roles:regional-xlsx": "list",
    "roles:role": "read",
    "roles:edit": "write",
    "roles:posts": "write",
    "roles:projection": "read",
}


@pytest.fixture
def world(orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = pathway(
        fran, orgs["ics_a"], name="Secret pathway", cohorts=[(D(2025, 1, 1), D(2025, 2, 1), {0: (5, 5, 0, 0)})]
    )
    role = new_role(fran, orgs["trust_a"], name="Secret role")
    args = {
        "pathway_id": made.pk,
        "stage_id": made.stages.first().pk,
        "cohort_id": made.cohorts.first().pk,
        "role_id": role.pk,
    }
    return {
        "args": args,
        "fran": fran,
        "viewer": member(orgs["ics_a"], "viewer"),
        "other": member(orgs["ics_b"], "facilitator"),
    }


def _address(name: str, args: dict) -> str:
    namespace, route = name.split(":")
    module = pathway_urls if namespace == "pathways" else role_urls
    pattern = next(p for p in module.urlpatterns if p.name == route)
    return reverse(name, kwargs={k: v for k, v in args.items() if k in pattern.pattern.converters})


def test_every_route_is_covered():
    names = {f"pathways:{p.name}" for p in pathway_urls.urlpatterns} | {
        f"roles:{p.name}" for p in role_urls.urlpatterns
    }
    assert names == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    answer = client.get(_address(name, world["args"]))
    assert answer.status_code == 302 and answer["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind != "list"))
def test_another_ics_gets_404_and_changes_nothing(client, world, name):
    client.force_login(world["other"])
    before = AuditEvent.objects.count()
    address = _address(name, world["args"])
    assert client.get(address).status_code == 404
    assert client.post(address, {"name": "Taken over", "months": "3", "setting": "primary"}).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_someone_in_reach_reads(client, world, name):
    client.force_login(world["fran"])
    assert client.get(_address(name, world["args"])).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == "write"))
def test_a_viewer_in_reach_may_not_change(client, world, name):
    client.force_login(world["viewer"])
    before = AuditEvent.objects.count()
    address = _address(name, world["args"])
    assert client.get(address).status_code == 404
    assert client.post(address, {"name": "Changed", "months": "3", "setting": "primary"}).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", ["pathways:index", "roles:index", "roles:regional", "roles:regional-csv"])
def test_lists_show_nothing_of_another_ics(client, world, name):
    client.force_login(world["other"])
    body = client.get(_address(name, world["args"])).content.decode("utf-8-sig")
    assert "Secret" not in body and "ICS A" not in body
