"""Small numbers from an organisation's own records never leave it (ADR 0027).

Trust A loads its own records with cells of headcount 1, 2, 3, 4 and 9. Someone at Trust A
sees them all. Someone above it (an ICS A viewer) and platform staff see every cell of 1 to 4
as "*" on every figure page and in every CSV and XLSX download, with none of its other
figures either; the cell of 9 stays visible.

The sweep is a list of endpoints (a URL builder and a reader that turns the answer into rows of
{heading: text}); an endpoint added later (the API) joins ``ENDPOINTS`` and is swept too.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from lodestar.workforce.models import Source
from tests.factories import UserFactory, member
from tests.factories import workforce as wf

SMALL = {1: "Group one", 2: "Group two", 3: "Group three", 4: "Group four"}
AGE_BANDS = {1: "16-24", 2: "25-34", 3: "35-44", 4: "45-54", 9: "55-64"}


class _TableReader(HTMLParser):
    """Rows of the page's nhsuk table as {heading: text}."""

    def __init__(self):
        super().__init__()
        self.headings, self.rows, self._row, self._cell, self._in_table = [], [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "nhsuk-table" in (dict(attrs).get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self._row = []
        elif self._in_table and tag in ("th", "td") and self._row is not None:
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if not self.headings:
                self.headings = self._row
            else:
                self.rows.append(dict(zip(self.headings, self._row, strict=True)))
            self._row = None
        elif tag == "table":
            self._in_table = False


def html_rows(response) -> list[dict]:
    reader = _TableReader()
    reader.feed(response.content.decode())
    return reader.rows


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _text(value) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], (_text(v) for v in row), strict=True)) for row in values[1:]]


ENDPOINTS: list[tuple[str, Callable[[str], str], Callable]] = [
    ("page", lambda slug: f"/workforce/figures/{slug}/", html_rows),
    ("CSV", lambda slug: f"/workforce/figures/{slug}.csv", csv_rows),
    ("XLSX", lambda slug: f"/workforce/figures/{slug}.xlsx", xlsx_rows),
]


@dataclass(frozen=True)
class Figures:
    """Where a figure table's small cells are: rows whose ``key`` column holds one of ``small``
    (every row when ``key`` is None), and the columns that must then read "*"."""

    slug: str
    key: str | None
    small: tuple[str, ...]
    hidden: tuple[str, ...]
    shown: str | None = None  # a key whose row (not small) keeps its figures


FIGURES = [
    Figures("staff-in-post", "Staff group", tuple(SMALL.values()), ("FTE", "Headcount"), shown="Group many"),
    Figures(
        "age-profile",
        "Age band",
        tuple(AGE_BANDS[n] for n in SMALL),
        ("Headcount", "FTE", "Share of headcount"),
        shown="55-64",
    ),
    Figures(
        "turnover", None, (), ("Leavers", "Joiners", "Average staff in post", "Leaver rate", "Joiner rate", "Stability")
    ),
    Figures(
        "gp-workforce",
        "Practice code",
        ("PA1",),
        ("Registered patients", "GPs FTE per 10,000 patients", "Nurses FTE per 10,000 patients"),
    ),
    Figures("vacancies", None, (), ()),  # no headcounts: swept so that a change that adds one is caught
    Figures("population", None, (), ()),
]


@pytest.fixture
def trust_a_records(orgs):
    """Trust A's own records: a cohort per staff group with headcounts 1, 2, 3, 4 and 9."""
    trust_a = orgs["trust_a"]
    own = wf.loaded_import(Source.STAFF_RECORDS, organisation=trust_a)
    for headcount, group in (*SMALL.items(), (9, "Group many")):
        wf.staff_in_post(
            own, org=trust_a, staff_group=group, age_band=AGE_BANDS[headcount], fte=headcount - 0.4, headcount=headcount
        )
    wf.turnover(own, org=trust_a, staff_group="Group three", joiners_hc=3.0, leavers_hc=2.0, denom_hc=40.0)
    gp = wf.loaded_import(Source.GP_PRACTICE, organisation=orgs["pcn_a"])
    wf.gp_practice(gp, org=orgs["practice_a"], pcn=orgs["pcn_a"], gp_hc=3, gp_fte=2.6, total_patients=3000)
    published = wf.loaded_import(Source.VACANCIES)
    wf.vacancy(published, org=trust_a, vacancies_fte=3.0, vacancy_rate=3.0)
    wf.population(wf.loaded_import(Source.POPULATION), population=3.0)
    return orgs


@pytest.fixture(params=["ics_viewer", "platform_staff"])
def outsider(request, trust_a_records):
    if request.param == "platform_staff":
        return UserFactory(is_platform_staff=True)
    return member(trust_a_records["ics_a"], "viewer")


@pytest.mark.parametrize("figures", FIGURES, ids=lambda f: f.slug)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_outside_trust_a_no_small_number_is_shown(client, outsider, figures, endpoint):
    _name, url, read = endpoint
    client.force_login(outsider)
    response = client.get(url(figures.slug))
    assert response.status_code == 200
    rows = read(response)
    small = [r for r in rows if figures.key is None or r[figures.key] in figures.small]
    if figures.hidden:
        assert len(small) == (len(figures.small) or len(rows)) and small, "the small cells are listed, hidden"
    for row in small:
        for column in figures.hidden:
            assert row[column] == "*", f"{figures.slug}: {column} of {row} is shown outside Trust A"
            assert "3" not in row[column]
    if figures.shown:
        kept = next(r for r in rows if r[figures.key] == figures.shown)
        assert kept["Headcount"] == "9"


def test_inside_trust_a_every_figure_is_shown(client, trust_a_records):
    insider = member(trust_a_records["trust_a"], "viewer")
    client.force_login(insider)
    for _name, url, read in ENDPOINTS:
        rows = read(client.get(url("staff-in-post")))
        three = next(r for r in rows if r["Staff group"] == "Group three")
        assert three["Headcount"] == "3"
        assert three["FTE"] in ("2.6", "2.60")


def test_the_page_says_why_a_figure_is_hidden(client, trust_a_records):
    client.force_login(member(trust_a_records["ics_a"], "viewer"))
    html = client.get("/workforce/figures/staff-in-post/").content.decode()
    assert "* fewer than 5 people: hidden to protect their privacy" in html


def test_the_chart_says_a_hidden_figure_is_hidden(client, orgs):
    own = wf.loaded_import(Source.STAFF_RECORDS, organisation=orgs["trust_a"])
    wf.staff_in_post(own, org=orgs["trust_a"], staff_group="Chaplains", fte=2.6, headcount=3)
    client.force_login(member(orgs["ics_a"], "viewer"))
    html = client.get("/workforce/figures/staff-in-post/").content.decode()
    assert "Latest, September 2024: hidden, fewer than 5 people." in html
    assert "2.6" not in html
