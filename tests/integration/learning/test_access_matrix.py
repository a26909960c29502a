"""Every shared-learning page, download, picture and API endpoint, for a person in reach (200), a
person out of reach (404) and an anonymous visitor (sent to sign in; the API answers 401). The
downloads carry the data the page shows, as CSV and XLSX.

People and places: ``world`` (conftest.py): Test Region > ICS A > PCN A > Practice A and Trust A;
ICS B > Trust B; a second region with ICS C > Trust C."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from lodestar.learning import actions_adoption, actions_images, actions_readiness, readiness
from lodestar.learning.models import Status
from tests.factories.api import api_token, auth_header
from tests.factories.learning import case_study
from tests.factories.star import InterventionFactory
from tests.integration.learning.test_images import png

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"


@pytest.fixture
def things(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    people, orgs = world["people"], world["orgs"]
    intervention = InterventionFactory(code="supply-preceptorship", title="Preceptorship for new registrants")
    draft = case_study(orgs["pcn_a"], title="Protected learning time", author=people["editor"])
    image = actions_images.add_image(
        actor=people["editor"],
        case_study=draft,
        upload=SimpleUploadedFile("b.png", png()),
        alt_text="The rota board",
    )
    published = case_study(orgs["pcn_a"], title="Kept our nurses", status=Status.PUBLISHED, visibility="ics")
    record = actions_adoption.record_stage(
        actor=people["sibling"],
        organisation=orgs["trust_a"],
        intervention=intervention,
        stage="discontinued",
        since=datetime.date(2025, 3, 3),
        reason="=HYPERLINK(no money)",
    )
    ratings = {key: (readiness.valid_ratings(f)[0], "") for key, f in readiness.FACTORS.items()}
    assessment = actions_readiness.save_assessment(
        actor=people["sibling"], organisation=orgs["trust_a"], title="Ready?", ratings=ratings
    )
    return {"draft": draft, "image": image, "published": published, "record": record, "assessment": assessment}


def pages(world, t) -> dict[str, tuple[str, str, str]]:
    """Each address, with who reads it (in reach) and who may not (out of reach)."""
    trust_a, draft, image = world["orgs"]["trust_a"].pk, t["draft"].pk, t["image"].pk
    a = t["assessment"].pk
    return {
        "draft page": (f"/learning/case-studies/{draft}/", "editor", "sibling"),
        "picture": (f"/learning/case-studies/{draft}/pictures/{image}/", "reviewer", "owner_viewer"),
        "add a picture": (f"/learning/case-studies/{draft}/pictures/add/", "editor", "other_ics"),
        "remove a picture": (f"/learning/case-studies/{draft}/pictures/{image}/remove/", "editor", "reviewer"),
        "published page": (f"/learning/case-studies/{t['published'].pk}/", "sibling", "other_ics"),
        "published PDF": (f"/learning/case-studies/{t['published'].pk}/case-study.pdf", "sibling", "other_ics"),
        "adoption of an organisation": (f"/learning/adoption/organisations/{trust_a}/", "ics_viewer", "other_ics"),
        "adoption CSV": (f"/learning/adoption/organisations/{trust_a}/adoption.csv", "ics_viewer", "other_ics"),
        "adoption XLSX": (f"/learning/adoption/organisations/{trust_a}/adoption.xlsx", "ics_viewer", "other_ics"),
        "adoption record": (f"/learning/adoption/{t['record'].pk}/", "ics_viewer", "other_ics"),
        "readiness result": (f"/learning/readiness/{a}/", "ics_viewer", "other_ics"),
        "readiness CSV": (f"/learning/readiness/{a}/readiness.csv", "ics_viewer", "other_ics"),
        "readiness XLSX": (f"/learning/readiness/{a}/readiness.xlsx", "ics_viewer", "other_ics"),
        "spread": ("/learning/spread/", "ics_viewer", "sibling"),
        "spread CSV": ("/learning/spread/adoption-spread.csv", "ics_viewer", "sibling"),
        "spread XLSX": ("/learning/spread/adoption-spread.xlsx", "ics_viewer", "sibling"),
    }


def api(world, t) -> dict[str, tuple[str, str, str]]:
    return {
        "API case study": (f"/api/v1/learning/case-studies/{t['published'].pk}", "sibling", "other_ics"),
        "API draft": (f"/api/v1/learning/case-studies/{t['draft'].pk}", "editor", "sibling"),
        "API adoption record": (f"/api/v1/learning/adoption/{t['record'].pk}", "ics_viewer", "other_ics"),
        "API readiness": (f"/api/v1/learning/readiness/{t['assessment'].pk}", "ics_viewer", "other_ics"),
        "API spread": ("/api/v1/learning/spread", "ics_viewer", "sibling"),
    }


def test_every_page_and_download_is_200_in_reach_404_out_of_reach_and_sign_in_for_visitors(client, world, things):
    for name, (url, reader, outsider) in pages(world, things).items():
        client.force_login(world["people"][reader])
        assert client.get(url).status_code == 200, name
        client.force_login(world["people"][outsider])
        assert client.get(url).status_code == 404, name
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), name


def test_every_api_endpoint_is_200_in_reach_404_out_of_reach_and_401_without_credentials(client, world, things):
    for name, (url, reader, outsider) in api(world, things).items():
        assert client.get(url, **auth_header(api_token(world["people"][reader])[1])).status_code == 200, name
        assert client.get(url, **auth_header(api_token(world["people"][outsider])[1])).status_code == 404, name
        assert client.get(url).status_code == 401, name
    listing = "/api/v1/learning/case-studies"
    outsider = auth_header(api_token(world["people"]["other_ics"])[1])
    assert client.get(listing, **outsider).json()["count"] == 0


def test_the_downloads_hold_the_rows_the_pages_show_and_are_safe_in_a_spreadsheet(client, world, things):
    client.force_login(world["people"]["ics_viewer"])
    trust_a = world["orgs"]["trust_a"].pk
    text = client.get(f"/learning/adoption/organisations/{trust_a}/adoption.csv").content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Organisation,Intervention or case study,Stage,Since,Reason discontinued")
    assert row.startswith("Trust A,Preceptorship for new registrants,Discontinued,2025-03-03,'=HYPERLINK")
    response = client.get(f"/learning/adoption/organisations/{trust_a}/adoption.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="adoption-trust-a.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Trust A" and sheet["D2"].value == datetime.datetime(2025, 3, 3)
    spread = load_workbook(io.BytesIO(client.get("/learning/spread/adoption-spread.xlsx").content)).active
    assert [c.value for c in spread[2]][:4] == ["Preceptorship for new registrants", "Trust A", "ICS A", "Discontinued"]
    filtered = client.get("/learning/spread/adoption-spread.xlsx", {"stage": "adopted"}).content
    assert load_workbook(io.BytesIO(filtered)).active.max_row == 1
    a = things["assessment"].pk
    lines = client.get(f"/learning/readiness/{a}/readiness.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Factor,Kind,Rating,Note,Needs action (1 = most)")
    assert len(lines) == 1 + len(readiness.FACTORS)
    assert client.get(f"/learning/readiness/{a}/readiness.pdf").status_code == 404
    page = client.get(f"/learning/adoption/organisations/{trust_a}/").text
    assert f"/learning/adoption/organisations/{trust_a}/adoption.xlsx" in page
