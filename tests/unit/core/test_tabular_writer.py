"""The shared writer (lodestar.core.tabular_writer): several sheets, typed cells, widths, frozen
bold headers, and formula-like text written as text on every sheet."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from lodestar.core import tabular
from lodestar.core.tabular_writer import DATE_FORMAT, Sheet, to_workbook


def test_a_workbook_has_each_sheet_in_order_with_widths_and_a_frozen_bold_header():
    data = to_workbook(
        [
            Sheet("Actions", ["Title", "Due date"], [["Hire", datetime.date(2027, 3, 31)]], [40, 12]),
            Sheet("Measures", ["Measure", "Value"], [{"Measure": "Rate", "Value": Decimal("12.5")}]),
        ],
        title="Ward staffing",
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Actions", "Measures"] and book.properties.title == "Ward staffing"
    actions = book["Actions"]
    assert (actions.freeze_panes, actions.column_dimensions["A"].width) == ("A2", 40)
    assert actions["A1"].font.bold and actions["B1"].font.bold
    due = actions["B2"]
    assert due.is_date and due.value == datetime.datetime(2027, 3, 31) and due.number_format == DATE_FORMAT
    assert book["Measures"]["B2"].value == 12.5 and book["Measures"].freeze_panes == "A2"


def test_formula_like_text_is_defused_on_every_sheet_and_read_back_as_typed():
    rows = [["=SUM(A1:A9)", "-5 staff", "Bad\x0bname"]]
    data = to_workbook([Sheet("One", ["a", "b", "c"], rows), Sheet("Two", ["a", "b", "c"], rows)])
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        assert [c.value for c in sheet[2]] == ["'=SUM(A1:A9)", "'-5 staff", "Badname"]
    [row] = list(tabular.read("a.xlsx", data))
    assert row.values == {"a": "=SUM(A1:A9)", "b": "-5 staff", "c": "Badname"}


def test_the_reader_module_re_exports_the_writer():
    assert tabular.to_xlsx is not None and tabular.safe_cell("@x") == "'@x" and tabular.Sheet is Sheet
