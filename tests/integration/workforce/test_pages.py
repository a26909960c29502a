"""The workforce figure pages: each renders its chart and table from live figures, the filters
narrow them, the downloads hold the same figures, and reach is enforced."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from lodestar.workforce.models import Source
from tests.factories import UserFactory, member
from tests.factories import workforce as wf

AUGUST = datetime.date(2024, 8, 1)
SEPTEMBER = wf.SEPTEMBER
SLUGS = ["staff-in-post", "age-profile", "turnover", "vacancies", "gp-workforce", "population"]


@pytest.fixture
def figures(orgs):
    """Published figures for Trust A and Trust B, and Trust A's own records (with age bands)."""
    trust_a, trust_b = orgs["trust_a"], orgs["trust_b"]
    sip = wf.loaded_import(Source.STAFF_IN_POST)
    for period in (AUGUST, SEPTEMBER):
        wf.staff_in_post(
            sip,
            period=period,
            org=trust_a,
            staff_group="Nurses & health visitors",
            band="Band 5",
            fte=101.5,
            headcount=120,
        )
        wf.staff_in_post(sip, period=period, org=trust_a, staff_group="Midwives", band="Band 6", fte=40.0, headcount=44)
        wf.staff_in_post(
            sip,
            period=period,
            org=trust_b,
            staff_group="Nurses & health visitors",
            band="Band 5",
            fte=77.0,
            headcount=80,
        )
    own = wf.loaded_import(Source.STAFF_RECORDS, organisation=trust_a)
    for age_band, headcount in (("25-34", 30), ("35-44", 25), ("55-64", 20), ("65+", 5)):
        wf.staff_in_post(own, org=trust_a, age_band=age_band, fte=headcount * 0.9, headcount=headcount)
    turnover = wf.loaded_import(Source.TURNOVER)
    wf.turnover(turnover, org=trust_a, leavers_hc=12.0, joiners_hc=15.0, denom_hc=150.0)
    wf.turnover(turnover, org=trust_b, leavers_hc=30.0, joiners_hc=10.0, denom_hc=150.0)
    vacancies = wf.loaded_import(Source.VACANCIES)
    wf.vacancy(vacancies, org=trust_a, vacancies_fte=12.5, vacancy_rate=5.0)
    gp = wf.loaded_import(Source.GP_PRACTICE)
    wf.gp_practice(gp, org=orgs["practice_a"], pcn=orgs["pcn_a"], total_patients=8000, gp_fte=4.0)
    population = wf.loaded_import(Source.POPULATION)
    for year, people in ((2024, 5000.0), (2030, 5500.0)):
        wf.population(population, year=year, age_band="65-69", population=people)
    return orgs


@pytest.fixture
def ics_viewer(orgs):
    return member(orgs["ics_a"], "viewer")


def page(client, user, slug, **params):
    client.force_login(user)
    return client.get(f"/workforce/figures/{slug}/", params)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_draws_a_chart_with_its_table(client, figures, ics_viewer, slug):
    response = page(client, ics_viewer, slug)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="lodestar-figure-chart"' in html and "<desc" in html
    assert '<table class="nhsuk-table">' in html
    assert "Download as CSV" in html


def test_staff_in_post_shows_each_period_and_its_totals(client, figures, ics_viewer):
    html = page(client, ics_viewer, "staff-in-post").content.decode()
    assert "September 2024" in html and "August 2024" in html
    assert "178.5" in html  # both trusts. published band 5 nurses, summed
    assert "Latest, September 2024: 218.5 FTE, 244 people." in html


def test_filters_narrow_the_figures(client, figures, ics_viewer):
    by_group = page(client, ics_viewer, "staff-in-post", staff_group="Midwives").content.decode()
    assert "40.0" in by_group and "101.5" not in by_group
    by_org = page(client, ics_viewer, "staff-in-post", organisation=figures["trust_a"].pk).content.decode()
    assert "101.5" in by_org and "77.0" not in by_org
    by_period = page(client, ics_viewer, "staff-in-post", period="2024-08-01").content.decode()
    assert "August 2024</th>" in by_period and "September 2024</th>" not in by_period


def test_an_organisation_out_of_reach_is_not_found(client, figures, ics_viewer):
    assert page(client, ics_viewer, "staff-in-post", organisation=figures["trust_b"].pk).status_code == 404
    assert page(client, ics_viewer, "turnover", organisation="nonsense").status_code == 404
    client.force_login(ics_viewer)
    assert (
        client.get("/workforce/figures/staff-in-post.csv", {"organisation": figures["trust_b"].pk}).status_code == 404
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_anonymous_visitors_are_sent_to_sign_in(client, figures, slug):
    for path in (f"/workforce/figures/{slug}/", f"/workforce/figures/{slug}.csv", f"/workforce/figures/{slug}.xlsx"):
        response = client.get(path)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_a_page_says_when_nothing_is_loaded(client, orgs):
    viewer = member(orgs["trust_a"], "viewer")
    html = page(client, viewer, "staff-in-post").content.decode()
    assert "No staff in post figures are loaded yet." in html
    assert "Upload workforce data" not in html  # a viewer may not upload


def test_the_data_source_is_a_choice_defaulting_to_published(client, figures, ics_viewer):
    published = page(client, ics_viewer, "staff-in-post").content.decode()
    assert "Data from" in published and "178.5" in published
    own = page(client, ics_viewer, "staff-in-post", data_from="own").content.decode()
    assert "178.5" not in own and "72.0" in own  # Trust A's own records, its four age bands summed


def test_the_age_profile_shows_the_share_aged_55_and_over(client, figures, ics_viewer):
    html = page(client, ics_viewer, "age-profile").content.decode()
    assert "Aged 55 and over (retirement risk): 31.2% of headcount (25 of 80 people) in September 2024." in html


def test_turnover_rates_are_set_against_the_national_figure(client, figures, ics_viewer):
    html = page(client, ics_viewer, "turnover", organisation=figures["trust_a"].pk).content.decode()
    assert "8.0%" in html  # Trust A: 12 leavers of 150
    assert "14.0%" in html  # national: 42 of 300


def test_gp_workforce_per_10000_patients_by_practice_and_pcn(client, figures, ics_viewer):
    by_practice = page(client, ics_viewer, "gp-workforce").content.decode()
    assert "Practice A" in by_practice and "5.0" in by_practice  # 4 GP FTE for 8,000 patients
    by_pcn = page(client, ics_viewer, "gp-workforce", level="pcn").content.decode()
    assert "PCN A" in by_pcn and "PCN code" in by_pcn


def test_population_compares_the_chosen_year_with_the_first(client, figures, ics_viewer):
    html = page(client, ics_viewer, "population", year="2030").content.decode()
    assert "5,500.0" in html and "10.0%" in html and "Hartlepool" in html


def test_the_csv_download_holds_the_figures_filtered(client, figures, ics_viewer):
    client.force_login(ics_viewer)
    response = client.get("/workforce/figures/staff-in-post.csv", {"staff_group": "Midwives"})
    assert response["Content-Disposition"] == 'attachment; filename="workforce-staff-in-post.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Period"], r["Staff group"], r["FTE"], r["Headcount"]) for r in rows] == [
        ("2024-08-01", "Midwives", "40.0", "44"),
        ("2024-09-01", "Midwives", "40.0", "44"),
    ]


def test_the_xlsx_download_holds_the_figures(client, figures, ics_viewer):
    client.force_login(ics_viewer)
    response = client.get("/workforce/figures/vacancies.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Vacancies"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Period", "Staff group", "Vacancies (FTE)", "Vacancy rate")
    assert rows[1][1:] == ("Nurses & health visitors", 12.5, 5.0)
    assert rows[1][0].date() == SEPTEMBER


def test_platform_staff_see_every_organisation(client, figures):
    staff = UserFactory(is_platform_staff=True)
    html = page(client, staff, "staff-in-post", organisation=figures["trust_b"].pk).content.decode()
    assert "77.0" in html


def test_an_empty_page_offers_the_upload_to_someone_who_may_upload(client, orgs):
    analyst = member(orgs["trust_a"], "analyst")
    html = page(client, analyst, "turnover").content.decode()
    assert "No turnover figures are loaded yet." in html
    assert 'href="/workforce/upload/"' in html


def test_filters_that_match_nothing_say_so(client, figures, ics_viewer):
    html = page(client, ics_viewer, "vacancies", organisation=figures["pcn_a"].pk).content.decode()
    assert "No figures match these filters." in html
    assert "lodestar-figure-chart" not in html


def test_the_download_links_keep_the_filters(client, figures, ics_viewer):
    html = page(client, ics_viewer, "staff-in-post", staff_group="Midwives").content.decode()
    assert "/workforce/figures/staff-in-post.csv?data_from=published&amp;staff_group=Midwives" in html


def test_the_front_page_list_names_every_figure_page():
    from django.urls import reverse

    from lodestar.workforce.presenters import figure_pages

    listed = figure_pages()
    assert [title for title, _, _ in listed] == [
        "Staff in post",
        "Age profile",
        "Leavers, joiners and stability",
        "Vacancies",
        "GP workforce per 10,000 patients",
        "Population projection",
    ]
    assert [reverse(name) for _, name, _ in listed][0] == "/workforce/figures/staff-in-post/"


def test_an_age_profile_with_nobody_over_55_says_none(client, orgs):
    own = wf.loaded_import(Source.STAFF_RECORDS, organisation=orgs["trust_a"])
    wf.staff_in_post(own, org=orgs["trust_a"], age_band="25-34", fte=9.0, headcount=10)
    html = page(client, member(orgs["trust_a"], "viewer"), "age-profile").content.decode()
    assert "Aged 55 and over (retirement risk): 0.0% of headcount (0 of 10 people) in September 2024." in html
