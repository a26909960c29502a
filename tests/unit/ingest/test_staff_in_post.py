"""NHS Workforce Statistics staff in post: published CSV and Excel layouts into the tidy grain."""

from __future__ import annotations

import datetime
import io
import time
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from lodestar.core.tabular import normalise_header
from lodestar.ingest import schemas
from lodestar.ingest.common import IngestError
from lodestar.ingest.sources import staff_in_post
from lodestar.ingest.sources.staff_in_post import afc_band, read

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workforce" / "staff_in_post"
SEPTEMBER = datetime.date(2024, 9, 1)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def row_for(frame: pl.DataFrame, **where) -> dict:
    matched = frame.filter(*(pl.col(k) == v for k, v in where.items()))
    assert matched.height == 1, matched
    return matched.row(0, named=True)


def test_published_csv_is_summed_to_one_row_per_organisation_staff_group_and_band():
    frame, problems = read(FIXTURES / "good.csv")
    assert problems == []
    assert frame.schema == pl.Schema(schemas.STAFF_IN_POST)
    # Band 5 nurses at RAL are published in two rows (acute and community): summed.
    nurses = row_for(frame, org_code="RAL", staff_group="Nurses & health visitors", band="Band 5")
    assert nurses == {
        "period": SEPTEMBER,
        "org_code": "RAL",
        "org_name": "Royal Free London NHS Foundation Trust",
        "staff_group": "Nurses & health visitors",
        "band": "Band 5",
        "age_band": "",
        "fte": pytest.approx(150.75),
        "headcount": 162,
    }
    assert frame.height == 8
    assert frame["fte"].sum() == pytest.approx(388.55)


def test_bands_are_spelt_one_way():
    frame, _ = read(FIXTURES / "good.csv")
    assert set(frame["band"]) == {
        "Band 3",
        "Band 5",
        "Band 6",
        "Band 7",
        "Band 8a",
        "Very Senior Manager",
        "Non AfC Grade",
    }


@pytest.mark.parametrize(
    ("published", "tidy"),
    [
        ("Band 1", "Band 1"),
        ("band 9", "Band 9"),
        ("Band 8A", "Band 8a"),
        ("Band 8 - Range D", "Band 8d"),
        ("04_Band 4", "Band 4"),
        ("Very Senior Manager", "Very Senior Manager"),
        ("N_Non AfC Grade", "Non AfC Grade"),
        ("Non-AfC grade", "Non AfC Grade"),
        ("Band 10", None),
        ("Band 5a", None),
        ("Band 8e", None),
        ("Grade C", None),
        ("Nurse", None),
        ("", None),
    ],
)
def test_afc_band_values(published, tidy):
    assert afc_band(published) == tidy


def test_older_edition_with_hee_region_headcount_and_month_names():
    frame, problems = read(FIXTURES / "older_edition.csv")
    assert problems == []
    assert set(frame["period"]) == {SEPTEMBER}
    assert frame["headcount"].sum() == 417


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024-09-30", SEPTEMBER),
        ("30/09/2024", SEPTEMBER),
        ("September 2024", SEPTEMBER),
        ("2024-09", SEPTEMBER),
        ("202409", SEPTEMBER),
    ],
)
def test_every_date_form_gives_the_first_of_the_month(text, period):
    data = (FIXTURES / "good.csv").read_bytes().replace(b"2024-09-30", text.encode())
    frame, problems = read(data, "staff.csv")
    assert problems == []
    assert set(frame["period"]) == {period}


def test_a_date_that_is_not_one_names_row_and_column():
    data = (FIXTURES / "good.csv").read_bytes().replace(b"2024-09-30", b"31/02/2024", 1)
    frame, problems = read(data, "staff.csv")
    assert frame.is_empty()
    assert messages(problems) == [
        'Row 2, column Date: "31/02/2024" is not a date (such as 2024-09-30, 30/09/2024 or September 2024)'
    ]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("negative_fte.csv", ['Row 3, column Total FTE: "-30.25" is below 0: it must be 0 or more']),
        ("non_numeric_fte.csv", ['Row 4, column Total FTE: "eighty" is not a number']),
        (
            "bad_band.csv",
            [
                'Row 5, column AfC Band: "Band 8e" is not an AfC band (Band 1 to Band 9, Band 8a to Band 8d, '
                "Very Senior Manager or Non AfC Grade)",
                'Row 9, column AfC Band: "Grade C" is not an AfC band (Band 1 to Band 9, Band 8a to Band 8d, '
                "Very Senior Manager or Non AfC Grade)",
            ],
        ),
        (
            "bad_org_code.csv",
            [
                'Row 6, column Org code: "Royal Free" is not an organisation code (3 to 6 letters and digits, '
                "such as RA1)"
            ],
        ),
    ],
)
def test_bad_values_are_problems_naming_row_and_column_and_nothing_is_read(fixture, expected):
    frame, problems = read(FIXTURES / fixture)
    assert frame.is_empty()
    assert frame.schema == pl.Schema(schemas.STAFF_IN_POST)
    assert messages(problems) == expected


def test_a_file_without_headcount_is_refused_naming_the_column_to_add():
    frame, problems = read(FIXTURES / "no_headcount.csv")
    assert frame.is_empty()
    assert messages(problems) == [
        "Row 1: The file has no headcount column: use the edition with Total Headcount (or a column called "
        "Headcount) beside Total FTE"
    ]


def test_a_fractional_headcount_is_a_problem():
    data = (FIXTURES / "good.csv").read_bytes().replace(b",120.5,130", b",120.5,130.5")
    _, problems = read(data, "staff.csv")
    assert messages(problems) == ['Row 2, column Total Headcount: "130.5" is not a whole number']


def test_empty_cells_are_problems():
    data = (FIXTURES / "good.csv").read_bytes().replace(b"005_Nurses & health visitors,012", b",012", 1)
    _, problems = read(data, "staff.csv")
    assert messages(problems) == ["Row 2, column Staff Group 1: is empty: enter a staff group"]


def test_a_missing_column_is_one_problem_for_the_whole_file():
    data = (FIXTURES / "good.csv").read_bytes().replace(b",Org name,", b",Organisation,")
    frame, problems = read(data, "staff.csv")
    assert frame.is_empty()
    assert messages(problems) == [
        "Row 1: The NHS Workforce Statistics: staff in post file needs the column Org name, which is missing"
    ]


def test_a_renamed_identifying_column_is_not_this_source_and_says_why():
    header = (FIXTURES / "renamed_column.csv").read_text().splitlines()[0].split(",")
    names = [normalise_header(h) for h in header]
    assert not staff_in_post.detect(names)
    assert staff_in_post.why_not(names) == "it has no column Total FTE"
    frame, problems = read(FIXTURES / "renamed_column.csv")
    assert frame.is_empty()
    assert messages(problems) == [
        "Row 1: The NHS Workforce Statistics: staff in post file needs the column Total FTE, which is missing"
    ]


def test_a_file_of_another_format_gives_a_problem_naming_the_columns_it_lacks():
    frame, problems = read(FIXTURES.parent / "turnover" / "good.csv")
    assert frame.is_empty()
    assert messages(problems) == [
        "Row 1: The NHS Workforce Statistics: staff in post file needs the columns Date, Staff Group 1 and "
        "Total FTE, which are missing"
    ]


def test_a_file_that_is_not_a_table_is_refused_whole():
    with pytest.raises(IngestError, match="must be a CSV"):
        read(b"%PDF-1.4 not a table", "staff.pdf")
    with pytest.raises(IngestError, match="No header row"):
        read(b"just a line of text\n", "other.csv")


# ------------------------------------------------------------------------- the Excel edition


def published_workbook(rows: list[list]) -> bytes:
    """An Excel edition as published: a notes sheet, then a sheet with title rows above the table."""
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["About these statistics"])
    notes.append(["Figures are from the Electronic Staff Record."])
    sheet = book.create_sheet("Staff in post")
    sheet.append(["NHS Workforce Statistics, September 2024"])
    sheet.append(["Full time equivalent and headcount by organisation, staff group and AfC band"])
    sheet.append([])
    sheet.append(["Copyright (c) 2024, NHS England"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Date", "NHSE_Region_Name", "ICS name", "Org code", "Org name", "Main Staff Group", "Staff Group 1"]
HEADER += ["Staff Group 2", "Care Setting", "Level", "AfC Band", "Total FTE", "Total Headcount"]


def xlsx_row(date, band, fte, headcount, code="RAL"):
    return [
        *[date, "London", "North Central London", code, "Royal Free London NHS Foundation Trust"],
        *["01_Professionally qualified clinical staff", "005_Nurses & health visitors", "012_Acute nurses"],
        *["Acute", "Registered", band, fte, headcount],
    ]


def test_excel_edition_with_title_rows_is_read_like_the_csv():
    day = datetime.datetime(2024, 9, 30)
    data = published_workbook([HEADER, xlsx_row(day, "Band 5", 120.5, 130), xlsx_row(day, "Band 5", 30.25, 32)])
    frame, problems = read(data, "staff.xlsx")
    assert problems == []
    assert frame.to_dicts() == [
        {
            "period": SEPTEMBER,
            "org_code": "RAL",
            "org_name": "Royal Free London NHS Foundation Trust",
            "staff_group": "Nurses & health visitors",
            "band": "Band 5",
            "age_band": "",
            "fte": 150.75,
            "headcount": 162,
        }
    ]


def test_excel_problems_name_the_spreadsheet_row_and_column_letter():
    day = datetime.datetime(2024, 9, 30)
    data = published_workbook([HEADER, xlsx_row(day, "Band 5", 1, 1), xlsx_row(day, "Band 5", -2, 2)])
    _, problems = read(data, "staff.xlsx")
    assert messages(problems) == ['Row 7, column Total FTE (L): "-2" is below 0: it must be 0 or more']


# ------------------------------------------------------------------------- speed


def national_month(rows: int) -> bytes:
    """A synthetic national monthly file: 215 organisations, every staff group and band."""
    groups = ["005_Nurses & health visitors", "006_Midwives", "009_Support to doctors nurses & midwives"]
    bands = [f"Band {n}" for n in range(1, 10)] + ["Band 8a", "Very Senior Manager", "N_Non AfC Grade"]
    prefix = "2024-09-30,London,North Central London,"
    lines = [",".join(HEADER)]
    for i in range(rows):
        code = f"R{i % 215:03d}"
        lines.append(
            f"{prefix}{code},Trust {code},01_Professionally qualified clinical staff,{groups[i % 3]},012_Acute,"
            f"Acute,Registered,{bands[i % 12]},{(i % 97) / 4},{i % 40}"
        )
    return "\n".join(lines).encode()


@pytest.mark.slow
def test_a_national_monthly_file_is_read_in_well_under_the_time_allowed():
    """A year of national monthly files (12 x 200,000 rows) in well under 30 s: at most 2.5 s a
    file (the better of two reads, so that a moment's load on a shared machine does not fail it)."""
    data = national_month(200_000)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        frame, problems = read(data, "national.csv")
        timings.append(time.perf_counter() - started)
    seconds = min(timings)
    assert problems == []
    assert frame.height == 215 * 12  # each organisation's rows fall in 12 (group, band) pairs
    assert seconds < 2.5, f"{seconds:.2f} s for 200,000 rows: a year of files would take {12 * seconds:.0f} s"


def test_a_file_with_only_its_header_is_a_problem():
    header = (FIXTURES / "good.csv").read_bytes().splitlines()[0] + b"\n"
    frame, problems = read(header, "staff.csv")
    assert frame.is_empty()
    assert messages(problems) == ["Row 1: There are no rows of figures under the header"]
