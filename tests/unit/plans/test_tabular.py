"""Reading the plan template: dates, formula defusing and whole-file checks (no database)."""

from __future__ import annotations

import datetime

import pytest

from lodestar.core import tabular
from lodestar.plans.tabular import COLUMNS, TemplateError, parse_date, read_upload


def to_csv(rows: list[dict]) -> str:
    """A file made from the plan template (the exports add columns: lodestar.plans.exports)."""
    return tabular.to_csv(COLUMNS, rows)


def to_xlsx(rows: list[dict]) -> bytes:
    return tabular.to_xlsx(COLUMNS, rows, sheet_title="Actions")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2027-03-31", datetime.date(2027, 3, 31)),
        ("31/03/2027", datetime.date(2027, 3, 31)),
        (" 1/4/2027 ", datetime.date(2027, 4, 1)),
    ],
)
def test_dates_in_iso_or_uk_form(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text,reason",
    [
        ("31/02/2027", "is not a real date"),
        ("2027-13-01", "is not a real date"),
        ("next week", "is not a date"),
        ("03/31/2027", "is not a real date"),
    ],
)
def test_bad_dates_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_formulas_are_defused_on_the_way_out_and_restored_on_the_way_in():
    blank = dict.fromkeys(COLUMNS, "")
    texts = ["=SUM(A1:A9)", "-5 staff", "Normal text"]
    body = to_csv([{**blank, "title": text, "due_date": "2027-01-01"} for text in texts])
    assert "'=SUM(A1:A9)" in body and "'-5 staff" in body and "'Normal text" not in body
    rows, _table = read_upload("plan.csv", body.encode("utf-8-sig"))
    assert [row["title"] for row in rows] == texts


def test_excel_dates_and_whole_numbers_read_as_template_text():
    blank = dict.fromkeys(COLUMNS, "")
    body = to_xlsx([{**blank, "title": "A", "due_date": datetime.datetime(2027, 1, 2, 0, 0), "priority_rank": 3.0}])
    rows, table = read_upload("plan.xlsx", body)
    assert (rows[0]["due_date"], rows[0]["priority_rank"]) == ("2027-01-02", "3")
    assert table.label("due_date") == "due_date (H)"


def test_csv_round_trip_of_the_header_and_blank_lines_skipped():
    body = to_csv([]) + ",,,,,,,,,,\r\n" + "A,,supply,,,,,2027-01-01,,,\r\n"
    rows, _table = read_upload("plan.csv", body.encode("utf-8-sig"))
    assert [row.number for row in rows] == [3]  # the spreadsheet's row: header 1, blank 2
    assert [row.values for row in rows] == [
        {
            "title": "A",
            "intervention_code": "",
            "star_point": "supply",
            "owner_email": "",
            "owner_name": "",
            "organisation_code": "",
            "start_date": "",
            "due_date": "2027-01-01",
            "status": "",
            "priority_rank": "",
            "description": "",
        }
    ]


def test_unknown_columns_are_named():
    with pytest.raises(TemplateError, match="colour"):
        read_upload("plan.csv", b"title,due_date,colour\nA,2027-01-01,red\n")


def test_cp1252_csv_from_older_excel_is_read():
    rows, _table = read_upload("plan.csv", "title,due_date\nCaf\xe9 rota,2027-01-01\n".encode("cp1252"))
    assert rows[0]["title"] == "Caf\xe9 rota"
