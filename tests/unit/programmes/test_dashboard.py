"""The dashboard's drawing and downloads of a summary table (no database)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from lodestar.core.summary import SummaryTable
from lodestar.programmes import dashboard

TABLE = SummaryTable(
    key="talent",
    title="Leadership pipeline: by readiness",
    caption="People by readiness for a next role.",
    columns=("Organisation", "Ready now", "Ready later", "Total"),
    rows=(("Trust A", 12, None, 15), ("Trust B", 0, 7, 7)),
)


def test_the_chart_is_grey_svg_with_a_title_a_description_and_no_total_bars():
    svg = str(dashboard.chart(TABLE))
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Leadership pipeline: by readiness" in svg
    assert "Ready now" in svg and "Ready later" in svg and ">Total<" not in svg  # the total is in the table only
    assert "*" in svg  # a suppressed count draws a star, not a bar


def test_an_empty_table_draws_no_chart():
    assert dashboard.chart(SummaryTable("x", "X", "None.", ("A", "B"), ())) is None


def test_downloads_write_suppressed_counts_in_words():
    text = dashboard.csv_body(TABLE).decode("utf-8-sig").splitlines()
    assert text == ["Organisation,Ready now,Ready later,Total", "Trust A,12,fewer than 5,15", "Trust B,0,7,7"]
    book = load_workbook(io.BytesIO(dashboard.xlsx_body([TABLE])))
    sheet = book[book.sheetnames[0]]
    assert [c.value for c in sheet[2]] == ["Trust A", 12, "fewer than 5", 15]
    assert dashboard.cell(None) == "fewer than 5" and dashboard.cell(1234) == "1,234"
