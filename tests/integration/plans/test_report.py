"""The workshop report PDF is a tagged, accessible PDF (PDF/UA-1) and holds what the team produced.

veraPDF cannot be installed here, so the PDF/UA essentials are read back with pypdf: the document
is marked as tagged and has a structure tree of headings, paragraphs, tables and a figure with
alternative text; its language, title (shown in place of the file name) and PDF/UA
identification are set.
"""

from __future__ import annotations

import datetime
import io
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from lodestar.plans.models import Status
from lodestar.workshops.models import ContributionKind, EvidenceItem, EvidenceKind, ParticipantRole, PointAssessment
from tests.factories import UserFactory, member
from tests.factories.plans import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    SuccessMeasureFactory,
)
from tests.factories.star import star_point
from tests.factories.workshops import CandidateFactory, ContributionFactory, ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(client, orgs, caplog):
    """A workshop the team has worked through, its plan, and the PDF a Trust A viewer downloads."""
    today = timezone.localdate()
    workshop = WorkshopFactory(title="Community nursing Star", lead_organisation=orgs["trust_a"])
    supply, new_ways = star_point("supply"), star_point("new-ways-of-working")
    fran = UserFactory(full_name="Fran Facilitator")
    ParticipantFactory(workshop=workshop, user=fran, role=ParticipantRole.FACILITATOR, organisation=orgs["trust_a"])
    ParticipantFactory(workshop=workshop, user=None, name="Pat Partner", email="pat@example.org", is_external=True)
    PointAssessment.objects.create(
        workshop=workshop, point=supply, current_score=2, target_score=4, evidence="Vacancies at 14%"
    )
    EvidenceItem.objects.create(
        workshop=workshop, kind=EvidenceKind.NOTE, title="Exit interviews", text="Staff leave for shorter commutes"
    )
    ContributionFactory(workshop=workshop, point=supply, kind=ContributionKind.CHALLENGE, text="Few newly qualified")
    ContributionFactory(workshop=workshop, point=new_ways, kind=ContributionKind.IDEA, text="Flexible rostering pilot")
    ContributionFactory(workshop=workshop, point=supply, kind=ContributionKind.EVIDENCE, text="Agency spend doubled")
    ContributionFactory(workshop=workshop, point=supply, kind=ContributionKind.IDEA, text="Hidden idea", hidden=True)
    CandidateFactory(workshop=workshop, shortlisted=True, priority_rank=1, intervention__title="Rotation scheme")
    plan = ActionPlanFactory(title="Nursing plan", organisation=orgs["trust_a"], workshop=workshop)
    action = ActionFactory(plan=plan, title="Launch rotation scheme", status=Status.ON_TRACK)
    MilestoneFactory(action=action, title="Business case agreed", due_date=today + datetime.timedelta(days=20))
    SuccessMeasureFactory(action=action, metric="Vacancy rate")
    ProgressUpdateFactory(action=action, date=today - datetime.timedelta(days=40), text="Older update")
    ProgressUpdateFactory(action=action, date=today - datetime.timedelta(days=2), text="First cohort recruited")
    ActionFactory(plan=plan, title="Second action")

    client.force_login(member(orgs["trust_a"], "viewer"))
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        response = client.get(reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert weasyprint_errors(caplog) == []  # e.g. "Image ... has no required alt description"
    return PdfReader(io.BytesIO(response.content))


def weasyprint_errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.ERROR]


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def structure_elements(reader) -> list[DictionaryObject]:
    """Every structure element of the tagged PDF, in the structure tree's (reading) order."""
    found = []

    def walk(node):
        node = _resolve(node)
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(_resolve(reader.trailer["/Root"]["/StructTreeRoot"])["/K"])
    return found


def text_of(reader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_report_is_a_tagged_pdf_with_a_structure_tree(report):
    catalog = report.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    kinds = [str(e["/S"]) for e in structure_elements(report)]
    assert kinds[0] == "/Document"
    for kind in ("/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TD", "/Caption", "/Figure"):
        assert kind in kinds, kind
    assert kinds.count("/H1") == 1
    assert kinds.index("/H1") < kinds.index("/H2") < kinds.index("/Figure")  # the reading order is the page's


def test_every_data_cell_names_its_column_header(report):
    elements = structure_elements(report)
    header_ids = {str(e["/ID"]) for e in elements if e["/S"] == "/TH"}
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert cells and header_ids
    for cell in cells:
        assert {str(h) for h in cell["/A"]["/Headers"]} & header_ids


def test_the_star_chart_has_alternative_text_describing_the_scores(report):
    [figure] = [e for e in structure_elements(report) if e["/S"] == "/Figure"]
    alt = str(figure["/Alt"])
    assert alt.startswith("Star chart for Community nursing Star: current and target maturity")
    assert "current 2, target 4" in alt


def test_the_report_declares_its_language_title_and_pdf_ua_conformance(report):
    catalog = report.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert report.metadata.title == "Workshop report: Community nursing Star"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "http://www.aiim.org/pdfua/ns/id/" in xmp
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)


def test_the_report_holds_what_the_team_produced(report):
    text = text_of(report)
    for words in (
        "Participants",
        "Fran Facilitator",
        "Facilitator",
        "Pat Partner",
        "External",
        "Vacancies at 14%",  # the group's evidence for a Star point
        "Exit interviews",  # an evidence item and its note
        "Staff leave for shorter commutes",
        "Few newly qualified",  # a challenge
        "Agency spend doubled",  # evidence from the team
        "Flexible rostering pilot",  # an idea
        "Rotation scheme",  # a priority
        "Launch rotation scheme",
        "Business case agreed",  # a milestone
        "Latest progress",
        "First cohort recruited",  # the latest progress update
        "Vacancy rate",
        "No progress has been recorded yet.",  # the second action
        "2 people took part",  # counts in words (core.words.plural)
        "Evidence the team gathered: 1 item",
        "Nursing plan: 2 actions.",
    ):
        assert words in text, words
    assert "Older update" not in text  # only the latest update is reported
    assert "Hidden idea" not in text
    assert "pat@example.org" not in text  # participants' email addresses stay out of a shared document


def test_a_report_of_a_workshop_with_nothing_in_it_yet_is_tagged_without_errors(client, orgs, caplog):
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"])
    client.force_login(member(orgs["trust_a"], "viewer"))
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        response = client.get(reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk}))
    assert response.status_code == 200
    assert weasyprint_errors(caplog) == []
    reader = PdfReader(io.BytesIO(response.content))
    assert "/Figure" in [str(e["/S"]) for e in structure_elements(reader)]
    assert "The action plan has not been generated yet." in text_of(reader)
