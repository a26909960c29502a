"""Who sees what of a network, on every page, download and API endpoint.

The network is hosted by Trust A, found by everyone in the test region, joined by request. It has
a discussion, an event, a shared file and a link. A member reads it all; someone in the region who
is not a member sees only its description and reach (everything inside is 404); someone in another
region finds nothing (404 everywhere); anonymous visitors are sent to sign in (401 in the API)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lodestar.networks import actions_content
from tests.factories.api import api_token, auth_header
from tests.factories.networks import add_member, network

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"
PUBLIC = {"detail", "reach"}  # what a non-member of a by-request network in reach may open


@pytest.fixture
def inside(world):
    coordinator = world["people"]["coordinator"]
    cop = network(world["orgs"]["trust_a"], coordinator=coordinator, visibility="region")
    add_member(cop, world["people"]["carer"])
    thread = actions_content.start_thread(actor=coordinator, network=cop, title="Rotas", body="How do you plan them?")
    start = timezone.now() + datetime.timedelta(days=7)
    event = actions_content.add_event(
        actor=coordinator,
        network=cop,
        title="Meet-up",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Room 1",
    )
    upload = SimpleUploadedFile("notes.txt", b"Notes from the meeting\n")
    resource = actions_content.share_file(actor=coordinator, network=cop, title="Notes", upload=upload)
    return {"network": cop, "thread": thread, "post": thread.posts.get(), "event": event, "resource": resource}


def pages(inside) -> dict[str, str]:
    n, t, e, r = inside["network"].pk, inside["thread"].pk, inside["event"].pk, inside["resource"].pk
    return {
        "detail": reverse("networks:detail", args=[n]),
        "reach": reverse("networks:reach", args=[n]),
        "members": reverse("networks:members", args=[n]),
        "thread-new": reverse("networks:thread-new", args=[n]),
        "thread": reverse("networks:thread", args=[t]),
        "event-new": reverse("networks:event-new", args=[n]),
        "event": reverse("networks:event", args=[e]),
        "event-ics": reverse("networks:event-ics", args=[e]),
        "share-file": reverse("networks:share-file", args=[n]),
        "share-link": reverse("networks:share-link", args=[n]),
        "download": reverse("networks:resource-download", args=[r]),
    }


def api(inside) -> dict[str, str]:
    n, t, e, r = inside["network"].pk, inside["thread"].pk, inside["event"].pk, inside["resource"].pk
    base = "/api/v1/networks"
    return {
        "detail": f"{base}/{n}",
        "members": f"{base}/{n}/members",
        "threads": f"{base}/{n}/threads",
        "thread": f"{base}/threads/{t}",
        "events": f"{base}/{n}/events",
        "event-ics": f"{base}/events/{e}/ics",
        "resources": f"{base}/{n}/resources",
        "file": f"{base}/resources/{r}/file",
    }


def _codes(client, urls, **headers) -> dict[str, int]:
    return {name: client.get(url, **headers).status_code for name, url in urls.items()}


def test_a_member_opens_every_page_and_download(client, world, inside):
    client.force_login(world["people"]["carer"])
    assert _codes(client, pages(inside)) == dict.fromkeys(pages(inside), 200)
    assert _codes(client, api(inside), **auth_header(api_token(world["people"]["carer"])[1])) == dict.fromkeys(
        api(inside), 200
    )


def test_a_non_member_in_reach_sees_only_the_description(client, world, inside):
    volunteer = world["people"]["volunteer"]
    client.force_login(volunteer)
    expected = {name: 200 if name in PUBLIC else 404 for name in pages(inside)}
    assert _codes(client, pages(inside)) == expected
    page = client.get(pages(inside)["detail"]).text
    assert "Only members can see" in page and "Rotas" not in page and "Notes" not in page
    expected_api = {name: 200 if name == "detail" else 404 for name in api(inside)}
    assert _codes(client, api(inside), **auth_header(api_token(volunteer)[1])) == expected_api


def test_someone_outside_the_region_finds_nothing(client, world, inside):
    outsider = world["people"]["outsider"]
    client.force_login(outsider)
    assert _codes(client, pages(inside)) == dict.fromkeys(pages(inside), 404)
    assert "Nursing associates" not in client.get(reverse("networks:index")).text
    assert _codes(client, api(inside), **auth_header(api_token(outsider)[1])) == dict.fromkeys(api(inside), 404)
    response = client.post(
        reverse("networks:join", args=[inside["network"].pk]), {"organisation": world["orgs"]["trust_c"].pk}
    )
    assert response.status_code == 404


def test_a_network_open_to_everyone_is_found_from_another_region(client, world):
    open_cop = network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"], visibility="everyone")
    client.force_login(world["people"]["outsider"])
    assert client.get(reverse("networks:detail", args=[open_cop.pk])).status_code == 200


def test_an_ics_network_is_not_found_from_the_other_ics(client, world):
    ics_cop = network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"], visibility="ics")
    found = {}
    for who in ("nurse", "carer", "regional"):
        client.force_login(world["people"][who])
        found[who] = client.get(reverse("networks:detail", args=[ics_cop.pk])).status_code
    assert found == {"nurse": 200, "carer": 404, "regional": 200}  # ICS A; ICS B; the region above


def test_only_coordinators_moderate_and_decide(client, world, inside):
    client.force_login(world["people"]["carer"])
    n, p = inside["network"].pk, inside["post"].pk
    assert client.get(reverse("networks:post-hide", args=[p])).status_code == 404
    assert client.post(reverse("networks:post-restore", args=[p])).status_code == 404
    place = inside["network"].members.get(user=world["people"]["carer"])
    assert client.post(reverse("networks:member-remove", args=[n, place.pk])).status_code == 404
    place.refresh_from_db()
    assert place.status == "member"


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401(client, inside):
    for name, url in pages(inside).items():
        response = client.get(url)
        assert response.status_code == 302 and SIGN_IN in response["Location"], name
    assert client.get(reverse("networks:index")).status_code == 302
    assert _codes(client, api(inside)) == dict.fromkeys(api(inside), 401)


def test_removing_a_resource_is_for_its_sharer_and_the_coordinators_only(client, world, inside):
    remove = reverse("networks:resource-remove", args=[inside["resource"].pk])  # shared by the coordinator
    response = client.get(remove)
    assert response.status_code == 302 and SIGN_IN in response["Location"]
    found = {}
    for who in ("carer", "volunteer", "outsider", "coordinator", "platform"):
        client.force_login(world["people"][who])
        found[who] = (client.get(remove).status_code, client.post(remove).status_code if who != "coordinator" else None)
    # A member who did not share it, a non-member in reach, someone in another region; platform staff may.
    assert found == {
        "carer": (404, 404),
        "volunteer": (404, 404),
        "outsider": (404, 404),
        "coordinator": (200, None),
        "platform": (200, 302),
    }
    assert not type(inside["resource"]).objects.exists()  # removed by platform staff, the last above


def test_changing_an_event_is_for_who_added_it_and_the_coordinators_only(client, world, inside):
    change = reverse("networks:event-change", args=[inside["event"].pk])  # added by the coordinator
    response = client.get(change)
    assert response.status_code == 302 and SIGN_IN in response["Location"]
    found = {}
    for who in ("carer", "volunteer", "outsider", "coordinator"):
        client.force_login(world["people"][who])
        found[who] = (client.get(change).status_code, client.post(change, {"title": "Taken over"}).status_code)
    assert found == {"carer": (404, 404), "volunteer": (404, 404), "outsider": (404, 404), "coordinator": (200, 200)}
    inside["event"].refresh_from_db()
    assert inside["event"].title == "Meet-up"  # the coordinator's post lacked the date: refused, nothing changed
