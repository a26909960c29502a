"""Workforce at a glance: a workshop's evidence pack and PDF report show dated, sourced figures for
its organisations and staff groups, read in the viewer's reach with small numbers hidden."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from lodestar.orgs.models import OrganisationType
from lodestar.workforce.glance import EMPTY_TEXT, at_a_glance
from lodestar.workforce.models import Source
from lodestar.workforce.suppression import SUPPRESSED_NOTE
from tests.factories import OrganisationFactory, member
from tests.factories import workforce as wf
from tests.factories.workshops import WorkshopFactory, participant

pytestmark = pytest.mark.django_db

SEPTEMBER_2023 = datetime.date(2023, 9, 1)
NURSES = "Nurses & health visitors"


@pytest.fixture
def council(orgs):
    return OrganisationFactory(
        name="Test Council", type=OrganisationType.LOCAL_AUTHORITY, parent=orgs["ics_a"], ods_code="E06000001"
    )


@pytest.fixture
def workshop(orgs, council):
    return WorkshopFactory(
        title="Nursing in ICS A",
        lead_organisation=orgs["ics_a"],
        staff_groups=["registered-nurses"],
        partners=[council],
    )


@pytest.fixture
def figures(orgs, council):
    """Published figures for Trust A (in ICS A) and Trust B (outside it), the region's vacancies,
    Trust A's own records (three nurses aged 55 or over) and the council's population."""
    published = wf.loaded_import(Source.STAFF_IN_POST)
    wf.staff_in_post(published, org=orgs["trust_a"], staff_group=NURSES, fte=900.0, headcount=1000)
    wf.staff_in_post(
        published, org=orgs["trust_a"], staff_group=NURSES, period=SEPTEMBER_2023, fte=870.0, headcount=950
    )
    wf.staff_in_post(published, org=orgs["trust_a"], staff_group="Central functions", fte=400.0, headcount=444)
    wf.staff_in_post(published, org=orgs["trust_b"], staff_group=NURSES, fte=4000.0, headcount=4321)
    turnover = wf.loaded_import(Source.TURNOVER)
    wf.turnover(turnover, org=orgs["trust_a"], leavers_hc=90.0, denom_hc=1000.0)
    wf.turnover(turnover, org=orgs["trust_b"], leavers_hc=50.0, denom_hc=1000.0)
    vacancies = wf.loaded_import(Source.VACANCIES)
    wf.vacancy(vacancies, org=orgs["region"], staff_group="Registered nurses", vacancies_fte=100.0, vacancy_rate=10.5)
    own = wf.loaded_import(Source.STAFF_RECORDS, organisation=orgs["trust_a"])
    wf.staff_in_post(own, org=orgs["trust_a"], staff_group=NURSES, age_band="55-59", fte=3.0, headcount=3)
    wf.staff_in_post(own, org=orgs["trust_a"], staff_group=NURSES, age_band="25-29", fte=37.0, headcount=40)
    population = wf.loaded_import(Source.POPULATION)
    for year, over_85, aged_65_84 in [(2026, 1000.0, 9000.0), (2036, 1500.0, 10000.0)]:
        wf.population(population, organisation=council, year=year, age_band="85-89", population=over_85)
        wf.population(population, organisation=council, year=year, age_band="65-69", population=aged_65_84)
        wf.population(population, organisation=council, year=year, age_band="40-44", population=20000.0)


def _by_label(glance) -> dict:
    return {f.label: f for f in glance.figures}


def test_the_evidence_pack_shows_each_figure_with_its_date_and_source(client, orgs, workshop, figures):
    client.force_login(participant(workshop, user=member(orgs["trust_a"], "viewer")))
    html = client.get(reverse("workshops:evidence", args=[workshop.pk])).content.decode()
    assert "Workforce at a glance" in html
    for expected in [
        "900 FTE",
        "1,000 people",  # nurses only: not Central functions, not Trust B
        "Up 5.3% on September 2023",
        "September 2024",
        "NHS Workforce Statistics",
        "9.0%",  # Trust A's leaver rate ...
        "All organisations loaded: 7.0%",  # ... beside Trust A and B together
        "12 months to September 2024",
        "Vacancy rate (Registered nurses)",
        "10.5%",
        "Region: Test Region",
        "NHS Vacancy Statistics",
        "Staff aged 55 and over",
        "7.0%",  # 3 of 43, seen whole from inside Trust A
        "Population aged 85 and over, Hartlepool",
        "+50% in 10 years",
        "ONS subnational population projections",
    ]:
        assert expected in html, expected
    assert "4,321" not in html and "1,444" not in html


def test_own_records_small_numbers_are_hidden_from_an_ics_viewer(orgs, workshop, figures):
    inside = _by_label(at_a_glance(workshop, member(orgs["trust_a"], "viewer")))["Staff aged 55 and over"]
    assert (inside.value, inside.note, inside.suppressed) == ("7.0%", "3 of 43 people", False)

    glance = at_a_glance(workshop, member(orgs["ics_a"], "viewer"))
    older = _by_label(glance)["Staff aged 55 and over"]
    assert (older.value, older.note, older.suppressed) == ("*", "", True)
    assert glance.suppressed_note == SUPPRESSED_NOTE
    assert _by_label(glance)["Staff in post (headcount)"].value == "1,000 people"  # published: never hidden


def test_someone_outside_the_organisations_reach_sees_no_own_records(orgs, workshop, figures):
    glance = at_a_glance(workshop, member(orgs["trust_b"], "viewer"))
    assert "Staff aged 55 and over" not in _by_label(glance)
    assert _by_label(glance)["Leaver rate"].value == "9.0%"


def test_a_workshop_without_data_says_so(client, orgs):
    workshop = WorkshopFactory(lead_organisation=orgs["trust_b"])
    client.force_login(participant(workshop, user=member(orgs["trust_b"], "viewer")))
    html = client.get(reverse("workshops:evidence", args=[workshop.pk])).content.decode()
    assert "Workforce at a glance" in html and EMPTY_TEXT in html
    assert at_a_glance(workshop, None).figures == []


def test_the_pdf_report_has_the_section(client, orgs, workshop, figures):
    client.force_login(member(orgs["ics_a"], "viewer"))
    response = client.get(reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk}))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in ["Workforce at a glance", "1,000 people", "September 2024", "NHS Workforce Statistics", "9.0%"]:
        assert expected in text, expected
    assert "fewer than 5 people" in text  # the ICS viewer's 55+ figure is hidden


def test_the_evidence_pack_reads_the_figures_in_a_fixed_number_of_queries(client, orgs, workshop, figures):
    client.force_login(participant(workshop, user=member(orgs["trust_a"], "viewer")))
    url = reverse("workshops:evidence", args=[workshop.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    more = wf.loaded_import(Source.STAFF_IN_POST, file_name="more.csv")
    for month in range(1, 9):
        wf.staff_in_post(more, org=orgs["practice_a"], period=datetime.date(2024, month, 1), fte=5.0, headcount=6)
    wf.turnover(wf.loaded_import(Source.TURNOVER, file_name="t.csv"), org=orgs["pcn_a"], period=SEPTEMBER_2023)
    assert queries() == before
