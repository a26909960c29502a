"""The one tabular writer: CSV and XLSX files out, safely (``lodestar.core.tabular`` reads them back
and re-exports everything here, so callers import ``lodestar.core.tabular`` only).

* ``safe_cell`` prefixes text starting with ``= + - @``, tab or carriage return with an
  apostrophe, so a spreadsheet shows it as text and never runs it, and drops control
  characters (which XLSX cannot hold). ``to_csv``, ``to_xlsx`` and ``to_workbook`` apply it
  to every cell.
* Values keep their type in an XLSX: a ``datetime.date`` is an Excel date shown as 31/03/2027
  (``DATE_FORMAT``), numbers (int, float, Decimal) are numbers; everything else is text.
* Every sheet has its header row in bold and frozen, and the column widths it is given.

No Django here: the module is plain Python (csv, openpyxl).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lodestar.core.validation import CONTROL_CHARS

FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"  # how an XLSX shows a date cell (the value stays a real date)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def safe_cell(value):
    """A value ready to write: control characters dropped, formula-like text prefixed with '."""
    if isinstance(value, str):
        value = CONTROL_CHARS.sub("", value)
        if value[:1] in FORMULA_CHARS:
            return "'" + value
    return value


def _cells(columns: Sequence[str], row) -> list:
    values = [row.get(c, "") for c in columns] if isinstance(row, Mapping) else list(row)
    return [safe_cell(v) for v in values]


def to_csv(columns: Sequence[str], rows: Iterable) -> str:
    """A CSV file (text; encode as utf-8-sig for Excel) with a header row; rows are dicts or sequences.

    Dates are written as 2027-03-31 (which every spreadsheet and the plan importer read)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_cells(columns, row))
    return out.getvalue()


@dataclass
class Sheet:
    """One sheet of a workbook: its tab name, header row, rows (dicts keyed by the header, or
    sequences) and column widths (in characters, one per column, optional)."""

    title: str
    columns: Sequence[str]
    rows: Iterable
    widths: Sequence[float] = ()


def to_workbook(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    """An XLSX file with a sheet per ``Sheet``, in order; ``title`` in its properties."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        sheet.append(list(spec.columns))
        for cell in sheet[1]:
            cell.font = bold
        for number, row in enumerate(spec.rows, start=2):  # cell by cell: sheet.max_row is a scan
            for column, value in enumerate(_cells(spec.columns, row), start=1):
                cell = sheet.cell(row=number, column=column, value=value)
                if isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
        for index, width in enumerate(spec.widths):
            sheet.column_dimensions[column_letter(index)].width = width
        sheet.freeze_panes = "A2"
    if title:
        workbook.properties.title = title[:200]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_xlsx(
    columns: Sequence[str],
    rows: Iterable,
    *,
    sheet_title: str = "Sheet1",
    widths: Sequence[float] | None = None,
    title: str = "",
) -> bytes:
    """An XLSX file of one sheet (see ``to_workbook``)."""
    return to_workbook([Sheet(sheet_title, columns, rows, widths or ())], title=title)
