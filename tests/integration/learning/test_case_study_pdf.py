"""A case study as a one-page PDF: tagged and accessible like the workshop report (PDF/UA-1, read
back with pypdf), holding the template's sections and results; anyone who may read the case study
downloads it, anyone else gets 404."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lodestar.learning import pdf
from lodestar.learning.models import Status
from tests.factories.learning import case_study
from tests.integration.learning.test_visibility import EVERYONE, ICS, ORGANISATION, REGION, UNPUBLISHED
from tests.integration.plans.test_report import structure_elements, text_of, weasyprint_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world):
    return case_study(
        world["orgs"]["pcn_a"], title="Keeping newly qualified nurses", status=Status.PUBLISHED, visibility="ics"
    )


def _download(client, user, cs):
    client.force_login(user)
    return client.get(reverse("learning:pdf", kwargs={"case_study_id": cs.pk}))


@pytest.fixture
def reader(client, world, published, caplog):
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        response = _download(client, world["people"]["ics_viewer"], published)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="case-study-{published.pk}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert weasyprint_errors(caplog) == []
    return PdfReader(io.BytesIO(response.content))


def test_the_pdf_is_one_page_holding_the_sections_and_results(reader):
    assert len(reader.pages) == 1
    text = text_of(reader)
    for words in (
        "Keeping newly qualified nurses",
        "Case study from PCN A",
        "The challenge",
        "Too many newly qualified nurses left within their first year.",
        "What was changed",
        "What others should know",
        "Nurses leaving in their first year",
        "24%",
        "11%",
        "Down 13%",
        "31 March 2024",
    ):
        assert words in text, words


def test_the_pdf_is_tagged_with_its_language_title_and_pdf_ua_conformance(reader):
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Case study: Keeping newly qualified nurses"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    kinds = [str(e["/S"]) for e in structure_elements(reader)]
    assert kinds.count("/H1") == 1
    for kind in ("/H2", "/P", "/Table", "/TH", "/TD", "/Caption"):
        assert kind in kinds, kind


def test_the_detail_page_offers_the_download(client, world, published):
    client.force_login(world["people"]["ics_viewer"])
    page = client.get(reverse("learning:detail", kwargs={"case_study_id": published.pk})).content.decode()
    assert reverse("learning:pdf", kwargs={"case_study_id": published.pk}) in page
    assert "Download as PDF" in page


@pytest.mark.parametrize("who", ["other_ics", "other_region", "other_reviewer"])
def test_out_of_reach_is_404(client, world, published, who):
    assert _download(client, world["people"][who], published).status_code == 404


def test_a_draft_is_only_for_its_editors_and_reviewers(client, world):
    draft = case_study(world["orgs"]["pcn_a"], title="Draft about rotas", author=world["people"]["editor"])
    assert _download(client, world["people"]["owner_viewer"], draft).status_code == 404
    assert _download(client, world["people"]["ics_viewer"], draft).status_code == 404
    assert _download(client, world["people"]["editor"], draft).status_code == 200
    assert _download(client, world["people"]["reviewer"], draft).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, published):
    response = client.get(reverse("learning:pdf", kwargs={"case_study_id": published.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    ("status", "visibility", "readers"),
    [
        (Status.PUBLISHED, "organisation", ORGANISATION),
        (Status.PUBLISHED, "ics", ICS),
        (Status.PUBLISHED, "region", REGION),
        (Status.PUBLISHED, "everyone", EVERYONE),
        (Status.DRAFT, "everyone", UNPUBLISHED),
        (Status.SUBMITTED, "everyone", UNPUBLISHED),
    ],
)
def test_the_pdf_follows_the_case_studys_reach(client, world, monkeypatch, status, visibility, readers):
    """Exactly the people who read the case study's page download its PDF (the drawing is stubbed:
    the rule is what is tested here)."""
    monkeypatch.setattr(pdf, "render_pdf", lambda request, case_study: b"%PDF-stub")
    cs = case_study(world["orgs"]["pcn_a"], title="Rota swaps", status=status, visibility=visibility)
    for who, person in world["people"].items():
        assert _download(client, person, cs).status_code == (200 if who in readers else 404), who
