"""No individual talent record leaks: every kind of user x every page, download and API
endpoint. Records at Trust A are read only by the person, their line manager and Trust A's
talent leads (succession plans by the talent leads only); everyone else, platform staff and
organisation admins included, gets 404, and the figures pages carry no names and no count
from 1 to 4. Anonymous visitors are sent to sign in (pages) or get 401 (the API)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories.api import api_token, auth_header
from tests.integration.talent.conftest import EVERYONE, PLAN_READERS, READERS

pytestmark = pytest.mark.django_db

API = "/api/v1/talent"
SECRET = "Secret aspiration"
NAMES = ["Priya Person", "Manny Manager", "Hana Incumbent", "Sam Successor", "Head of midwifery"]


def record_pages(world):
    return [reverse("talent:conversation", args=[world["record"].pk])]


def plan_pages(world):
    return [reverse("talent:plan", args=[world["plan"].pk])]


@pytest.mark.parametrize("who", EVERYONE)
def test_a_conversation_page_only_for_the_person_manager_and_talent_lead(client, world, who):
    client.force_login(world["people"][who])
    for url in record_pages(world):
        response = client.get(url)
        assert response.status_code == (200 if who in READERS else 404), url
        assert (SECRET in response.content.decode()) is (who in READERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_succession_plan_page_only_for_the_organisations_talent_leads(client, world, who):
    client.force_login(world["people"][who])
    for url in plan_pages(world):
        response = client.get(url)
        assert response.status_code == (200 if who in PLAN_READERS else 404), url
        post = client.post(url, {"name": "Intruder", "readiness": "ready_now"})
        assert post.status_code in ((302,) if who in PLAN_READERS else (404,))


@pytest.mark.parametrize("who", EVERYONE)
def test_the_landing_page_lists_only_what_each_may_read(client, world, who):
    client.force_login(world["people"][who])
    page = client.get(reverse("talent:index")).content.decode()
    assert (reverse("talent:conversation", args=[world["record"].pk]) in page) is (who in READERS)
    assert ("Head of midwifery" in page) is (who in PLAN_READERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_figures_page_and_csv_have_no_names_and_no_count_from_1_to_4(client, world, who):
    client.force_login(world["people"][who])
    for url in (reverse("talent:pipeline"), reverse("talent:pipeline-download")):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        others = [name for name in NAMES + [SECRET] if name != world["people"][who].full_name]  # own name: the header
        assert not [name for name in others if name in text]
        cells = re.findall(r"<td>([^<]*)</td>", text) if url.endswith("/") else [
            cell for line in text.splitlines() for cell in line.split(",")
        ]  # fmt: skip
        assert not [c for c in cells if c.strip() in {"1", "2", "3", "4"}]


@pytest.mark.parametrize("who", EVERYONE)
def test_the_api_gives_records_only_to_those_who_may_read_them(client, world, who):
    headers = auth_header(api_token(world["people"][who])[1])
    record, plan = world["record"], world["plan"]
    assert client.get(f"{API}/conversations/{record.pk}", **headers).status_code == (200 if who in READERS else 404)
    listed = [c["id"] for c in client.get(f"{API}/conversations", **headers).json()]
    assert (record.pk in listed) is (who in READERS)
    assert client.get(f"{API}/succession-plans/{plan.pk}", **headers).status_code == (
        200 if who in PLAN_READERS else 404
    )
    plans = [p["id"] for p in client.get(f"{API}/succession-plans", **headers).json()]
    assert (plan.pk in plans) is (who in PLAN_READERS)
    figures = client.get(f"{API}/pipeline", **headers)
    assert figures.status_code == 200
    assert not [name for name in NAMES + [SECRET] if name in figures.content.decode()]
    counts = [v for table in figures.json() for row in table["rows"] for v in row[1:]]
    assert not [v for v in counts if v is not None and 0 < v < 5]


def test_anonymous_visitors_are_sent_to_sign_in_or_get_401(client, world):
    pages = [
        reverse("talent:index"),
        reverse("talent:conversation-new"),
        reverse("talent:plan-new"),
        reverse("talent:pipeline"),
        reverse("talent:pipeline-download"),
        *record_pages(world),
        *plan_pages(world),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"] or "login" in response["Location"], url
    for path in ("/conversations", f"/conversations/{world['record'].pk}", "/succession-plans", "/pipeline"):
        assert client.get(API + path).status_code == 401, path


def test_only_talent_leads_may_open_the_new_succession_plan_form_for_their_own_organisation(client, world):
    leads = {"lead": "Trust A", "ics_lead": "ICS A", "other_lead": "Trust B"}
    for who in EVERYONE:
        client.force_login(world["people"][who])
        response = client.get(reverse("talent:plan-new"))
        assert response.status_code == (200 if who in leads else 404), who
        if who in leads:
            options = re.findall(r"<option[^>]*>([^<]*)</option>", response.content.decode())
            assert leads[who] in options and not {"Trust A", "ICS A", "Trust B"} - {leads[who]} & set(options), who
