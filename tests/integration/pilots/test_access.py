"""Who reaches a pilot (docs/guide/pilots.md). A pilot belongs to its organisation (Trust A here):
people whose reach covers it read it (Trust A, ICS A and the region); its facilitators (and those
above) change it; anyone else gets 404 on every page and API answer and changes nothing; a viewer
in reach reads but may not change (404 on the pages, 403 from the API); anonymous visitors are sent
to sign in (401 from the API).

Every route of the ``pilots`` namespace and every ``/api/v1/pilots`` operation of the OpenAPI
document is checked; a new one must be classified below or ``test_every_route_is_covered`` fails.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.pilots import urls
from lodestar.pilots.models import Pilot
from tests.factories.api import api_token, auth_header
from tests.factories.pilots import pilot

pytestmark = pytest.mark.django_db

LISTS = {"index", "new"}
READS = {"detail"}
WRITES = {"edit", "add-measure", "approve", "start", "cycle", "evaluate", "decide"}
READERS = {"facilitator", "viewer", "ics_facilitator", "region_viewer", "platform"}
WRITERS = {"facilitator", "ics_facilitator", "platform"}
OUTSIDE = {"sibling", "other_ics", "other_region"}
TITLE = "Secret buddying pilot"


def _names() -> set[str]:
    return {p.name for p in urls.urlpatterns}


def test_every_route_is_covered():
    assert _names() == LISTS | READS | WRITES


@pytest.fixture
def made(world):
    return pilot(world["people"]["facilitator"], world["orgs"]["trust_a"], stage="running", title=TITLE)


def _state(p: Pilot):
    p.refresh_from_db()
    return (p.title, p.stage, p.measures.count(), p.cycles.count(), AuditEvent.objects.count())


def test_pages_answer_by_reach(client, world, made):
    for who, person in world["people"].items():
        client.force_login(person)
        listing = client.get(reverse("pilots:index")).text
        assert (TITLE in listing) == (who in READERS), who
        assert client.get(reverse("pilots:detail", args=[made.pk])).status_code == (200 if who in READERS else 404), who
        for name in WRITES:
            expected = 200 if who in WRITERS else 404
            assert client.get(reverse(f"pilots:{name}", args=[made.pk])).status_code == expected, (who, name)


def test_writes_out_of_reach_are_404_and_change_nothing(client, world, made):
    before = _state(made)
    for who in OUTSIDE | {"viewer", "region_viewer"}:
        client.force_login(world["people"][who])
        for name in WRITES:
            data = {
                "title": "Taken over",
                "plan": "x",
                "name": "x",
                "baseline": "1",
                "decision": "stop",
                "rationale": "x",
            }
            assert client.post(reverse(f"pilots:{name}", args=[made.pk]), data).status_code == 404, (who, name)
    assert _state(made) == before


def test_signed_out_visitors_are_sent_to_sign_in(client, made):
    for name in sorted(_names()):
        args = [] if name in LISTS else [made.pk]
        response = client.get(reverse(f"pilots:{name}", args=args))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in")), name


def test_proposing_is_refused_to_people_who_facilitate_nowhere(client, world):
    client.force_login(world["people"]["viewer"])
    assert client.get(reverse("pilots:new")).status_code == 403


def _operations(client) -> list[tuple[str, str]]:
    doc = client.get("/api/v1/openapi.json").json()
    return [(method, path) for path, ops in doc["paths"].items() if path.startswith("/api/v1/pilots") for method in ops]


def test_every_api_operation_answers_by_reach(client, world, made):
    operations = _operations(client)
    assert len(operations) == 10
    before = _state(made)
    for who, person in world["people"].items():
        _token, plain = api_token(person)
        for method, path in operations:
            url = path.replace("{pilot_id}", str(made.pk))
            response = getattr(client, method)(url, data={}, content_type="application/json", **auth_header(plain))
            if "{pilot_id}" not in path:
                continue  # the list and proposing: checked below
            if who in OUTSIDE:
                assert response.status_code == 404, (who, method, path)
            elif method == "get":
                assert response.status_code == 200, (who, method, path)
            elif who not in WRITERS:
                assert response.status_code == 403, (who, method, path)
        listing = client.get("/api/v1/pilots", **auth_header(plain)).json()
        assert (TITLE in [p["title"] for p in listing["items"]]) == (who in READERS), who
    assert _state(made)[:4] == before[:4]


def test_the_api_refuses_signed_out_callers(client, made):
    for method, path in _operations(client):
        url = path.replace("{pilot_id}", str(made.pk))
        assert getattr(client, method)(url, data={}, content_type="application/json").status_code == 401, path
