"""The plan as files people read (lodestar.plans.exports, ADR 0019): one workbook with a sheet per
table, real dates, plain-English headings, widths and a frozen header; and a CSV per table."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lodestar.core import tabular
from lodestar.plans.exports import HEADINGS, TABLES
from lodestar.plans.models import Status
from lodestar.plans.tabular import COLUMNS, read_upload
from tests.factories import member
from tests.factories.plans import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    SuccessMeasureFactory,
)

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 9, 30)


@pytest.fixture
def world(orgs, client):
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing")
    action = ActionFactory(
        plan=plan, title="Return to practice", status=Status.AT_RISK, priority_rank=1, due_date=DUE, owner_name="Pat"
    )
    other = ActionFactory(plan=plan, title='=HYPERLINK("http://evil")', priority_rank=2, due_date=DUE)
    MilestoneFactory(action=action, title="Business case", due_date=datetime.date(2027, 2, 1), done=True)
    measure = SuccessMeasureFactory(
        action=action, metric="Vacancy rate", unit="%", direction="lower", baseline=Decimal("14.5"), target=8
    )
    measure.values.create(date=datetime.date(2026, 10, 1), value=Decimal("13.25"), recorded_by_label="Fran")
    measure.values.create(date=datetime.date(2026, 11, 1), value=Decimal("12"), recorded_by_label="Fran")
    SuccessMeasureFactory(action=other, metric="Not measured yet")
    ProgressUpdateFactory(
        action=action,
        date=datetime.date(2026, 11, 2),
        text="Recruitment paused",
        status_before="on_track",
        status_after="at_risk",
        author_label="Cal",
    )
    client.force_login(member(orgs["trust_a"], "viewer"))
    return {"plan": plan, "action": action, "other": other}


def workbook(client, plan):
    response = client.get(reverse("plans:export-xlsx", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def csv_rows(client, plan, table=None):
    url = reverse("plans:export-csv", kwargs={"plan_id": plan.pk}) + (f"?table={table}" if table else "")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel opens it as UTF-8
    return response, list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_workbook_has_four_sheets_with_plain_english_headings(client, world):
    book = workbook(client, world["plan"])
    assert book.sheetnames == ["Actions", "Milestones", "Measures", "Progress updates"]
    assert [c.value for c in book["Actions"][1]] == HEADINGS
    assert HEADINGS[:4] == ["Reference", "Version", "Title", "Intervention code"]
    assert [c.value for c in book["Milestones"][1]] == ["Action reference", "Action", "Milestone", "Due date", "Done"]
    assert [c.value for c in book["Measures"][1]][:3] == ["Action reference", "Action", "Measure"]
    assert [c.value for c in book["Progress updates"][1]][2:4] == ["Date", "Update"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.column_dimensions["A"].width >= 12, sheet.title
    assert book["Actions"].column_dimensions["C"].width == 40  # Title
    assert book.properties.title == "Ward staffing"


def test_the_actions_headings_read_back_as_the_import_templates_columns():
    assert [tabular.normalise_header(h) for h in HEADINGS] == ["reference", "version", *COLUMNS]


def test_dates_are_real_excel_dates_and_numbers_are_numbers(client, world):
    book = workbook(client, world["plan"])
    actions = book["Actions"]
    due = actions.cell(row=2, column=HEADINGS.index("Due date") + 1)
    assert due.is_date and due.value.date() == DUE and due.number_format == "dd/mm/yyyy"
    assert actions.cell(row=2, column=2).value == 1  # Version, a number
    assert actions.cell(row=2, column=1).value == world["action"].reference
    milestone_due = book["Milestones"]["D2"]
    assert milestone_due.is_date and milestone_due.number_format == "dd/mm/yyyy"
    progress_date = book["Progress updates"]["C2"]
    assert progress_date.is_date and progress_date.value.date() == datetime.date(2026, 11, 2)


def test_the_measures_sheet_has_a_row_per_dated_value(client, world):
    rows = list(book_rows(workbook(client, world["plan"])["Measures"]))
    assert rows[0] == [
        "Action reference",
        "Action",
        "Measure",
        "Unit",
        "Which way is better",
        "Baseline",
        "Target",
        "Date",
        "Value",
        "Recorded by",
    ]
    reference = world["action"].reference
    assert rows[1] == [
        reference,
        "Return to practice",
        "Vacancy rate",
        "%",
        "Lower is better",
        14.5,
        8,
        datetime.datetime(2026, 10, 1),
        13.25,
        "Fran",
    ]
    assert rows[2][7:9] == [datetime.datetime(2026, 11, 1), 12]
    assert rows[3][2] == "Not measured yet" and rows[3][7:] == [None, None, None]


def book_rows(sheet):
    for row in sheet.iter_rows(values_only=True):
        yield list(row)


def test_formula_like_text_is_written_as_text_on_every_sheet(client, world):
    book = workbook(client, world["plan"])
    assert book["Actions"]["C3"].value == '\'=HYPERLINK("http://evil")'
    assert book["Measures"]["B4"].value == '\'=HYPERLINK("http://evil")'
    _response, rows = csv_rows(client, world["plan"], "measures")
    assert rows[3][1] == '\'=HYPERLINK("http://evil")'


def test_a_csv_per_table(client, world):
    response, rows = csv_rows(client, world["plan"])
    assert 'filename="action-plan-' in response["Content-Disposition"] and rows[0] == HEADINGS
    assert rows[1][:3] == [world["action"].reference, "1", "Return to practice"]
    assert rows[1][HEADINGS.index("Due date")] == "2027-09-30" and rows[1][HEADINGS.index("Status")] == "At risk"
    for table, first in [
        ("milestones", [world["action"].reference, "Return to practice", "Business case", "2027-02-01", "Yes"]),
        (
            "measures",
            [
                world["action"].reference,
                "Return to practice",
                "Vacancy rate",
                "%",
                "Lower is better",
                "14.5",
                "8",
                "2026-10-01",
                "13.25",
                "Fran",
            ],
        ),
        (
            "progress",
            [
                world["action"].reference,
                "Return to practice",
                "2026-11-02",
                "Recruitment paused",
                "On track",
                "At risk",
                "Cal",
            ],
        ),
    ]:
        response, rows = csv_rows(client, world["plan"], table)
        assert f'-{table}.csv"' in response["Content-Disposition"], table
        assert rows[0] == TABLES[table].headings and rows[1] == first, table


def test_an_unknown_table_is_not_found(client, world):
    url = reverse("plans:export-csv", kwargs={"plan_id": world["plan"].pk}) + "?table=passwords"
    assert client.get(url).status_code == 404


def test_the_plan_page_links_each_download(client, world):
    html = client.get(reverse("plans:detail", kwargs={"plan_id": world["plan"].pk})).content.decode()
    base = reverse("plans:export-csv", kwargs={"plan_id": world["plan"].pk})
    assert "Download the whole plan as Excel (XLSX)" in html
    for table, words in [
        ("", "Actions (CSV)"),
        ("?table=milestones", "Milestones (CSV)"),
        ("?table=measures", "Success measures and their values (CSV)"),
        ("?table=progress", "Progress updates (CSV)"),
    ]:
        assert f'href="{base}{table}" download>{words}</a>' in html, words


def test_an_exported_workbook_imports_back_into_a_plan(client, orgs, world):
    """The Actions sheet is the first, so the importer reads it; Reference and Version are known columns."""
    data = client.get(reverse("plans:export-xlsx", kwargs={"plan_id": world["plan"].pk})).content
    rows, table = read_upload("plan.xlsx", data)
    assert [r["title"] for r in rows] == ["Return to practice", '=HYPERLINK("http://evil")']
    assert rows[0]["due_date"] == "2027-09-30" and rows[0]["reference"] == world["action"].reference
    assert table.label("title") == "title (C)"
