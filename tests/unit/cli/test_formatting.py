"""Tables, numbers, JSON and spreadsheets (lodestar/cli/formatting.py)."""

from __future__ import annotations

import io
import json
import math

import polars as pl
from openpyxl import load_workbook

from lodestar.cli.formatting import fmt_number, fmt_plain, frame_table, frames_xlsx, text_table, to_json


def test_text_table_aligns_columns_and_right_aligns_numbers():
    table = text_table(["Name", "Staff"], [["Nurses", "12.40"], ["All", "1,013.00"]], [False, True])
    assert table.splitlines() == [
        "Name       Staff",
        "------  --------",
        "Nurses     12.40",
        "All     1,013.00",
    ]


def test_numbers_as_results_and_as_people_write_them():
    assert [fmt_number(v) for v in (None, True, 18000, 13.743, math.nan)] == ["", "True", "18,000", "13.74", ""]
    assert fmt_number(0.9022, 1) == "0.9"
    assert [fmt_plain(v) for v in (None, 18000.0, 7.5, -0.001, 2.125)] == ["", "18,000", "7.5", "0", "2.12"]


def test_json_has_no_nan_and_keeps_figures_unrounded():
    data = json.loads(to_json({"a": [math.nan, 1 / 3], "b": (math.inf, "é")}))
    assert data == {"a": [None, 1 / 3], "b": [None, "é"]}


def test_frame_table_prints_whole_numbers_without_separators_and_every_row():
    df = pl.DataFrame({"year": [2026, 2027] * 30, "probability": [0.12345, None] * 30, "fte": [1234.56, 7.0] * 30})
    lines = frame_table(df).splitlines()
    assert lines[0].split() == ["year", "probability", "fte"]
    assert lines[2].split() == ["2026", "0.123", "1,234.6"]
    assert lines[3].split() == ["2027", "7.0"]
    assert len(lines) == 2 + 60


def test_frames_xlsx_writes_one_sheet_per_table_and_an_about_sheet():
    tables = {"summary": pl.DataFrame({"year": [2026], "mean": [math.nan]}), "x" * 40: pl.DataFrame({"a": [1]})}
    book = load_workbook(io.BytesIO(frames_xlsx(tables, [("runs", 3), ("seed", 0)])))
    assert book.sheetnames == ["summary", "x" * 31, "about"]
    summary = book["summary"]
    assert [[c.value for c in row] for row in summary.iter_rows()] == [["year", "mean"], [2026, None]]
    assert summary["A1"].font.b and summary.freeze_panes == "A2"
    assert [[c.value for c in row] for row in book["about"].iter_rows()] == [["runs", 3], ["seed", 0]]
