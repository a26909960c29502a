"""The one tabular reader and writer: CSV and XLSX files in and out, safely.

Reading (every importer uses this)::

    table = tabular.read("orgs.xlsx", upload, required=["code", "name"], max_rows=1000)
    for row in table:                  # rows are read one at a time, after the header
        row.number                     # the spreadsheet's row number (the header is usually 1)
        row["name"]                    # text, stripped; "" when empty
        row.problems                   # the reader's own messages for this row (see below)
    table.label("name")                # "name" in a CSV, "name (B)" in an XLSX: use it in messages

``TableError`` is a problem with the whole file (type, size, no header, too many rows). A cell's
problem (a control character, over ``max_field_chars``, beyond the header) is kept on its row as
a "Row N: column X ..." message. Importers write nothing unless every row is valid:
``check_rows`` checks every row and raises one ``TableError`` with all the reader's problems and
the check's ``ValidationProblem`` as "Row N: <column> ..." messages, sorted by row.

Limits (``Limits``, keyword arguments of ``read``): the file's size is checked before parsing;
rows are counted as they are read, refused at the first row over ``max_rows`` (a 100,000-row
file is never read to its end). An XLSX file's zip entries (unpacked sizes, compression ratio)
and its sheet's declared range (``A1:XFD1048576``) are checked before a row is read; the
declared range is then ignored, never used to size anything.

Formula-injection policy, the same on the way out and the way in:

* Writing (``lodestar.core.tabular_writer``, re-exported here): ``safe_cell`` prefixes text
  starting with ``= + - @``, tab or carriage return with an apostrophe, so a spreadsheet shows
  it as text and never runs it (and drops control characters, which XLSX cannot hold).
  ``to_csv``, ``to_xlsx`` and ``to_workbook`` (several sheets, typed date and number cells)
  apply it to every cell.
* Reading: exactly that apostrophe is taken back off (``'=SUM(A1)`` reads as ``=SUM(A1)``).
  Anything else starting with a formula character is kept as plain text: XLSX files are opened
  ``read_only`` and ``data_only`` (a formula cell gives its last saved value, never evaluated),
  and an importer whose rules forbid such text (organisation names) refuses it in its action.

No Django here: the module is plain Python (csv, zipfile, openpyxl).
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from lodestar.core.tabular_writer import (  # the writing half, re-exported here
    DATE_FORMAT,
    FORMULA_CHARS,
    XLSX_CONTENT_TYPE,
    Sheet,
    column_letter,
    safe_cell,
    to_csv,
    to_workbook,
    to_xlsx,
)
from lodestar.core.validation import (
    CONTROL_CHARS,  # one definition of what text may not hold
    ValidationProblem,
)

__all__ = [
    "CONTROL_CHARS",
    "DATE_FORMAT",
    "FORMULA_CHARS",
    "XLSX_CONTENT_TYPE",
    "Limits",
    "Row",
    "Sheet",
    "Table",
    "TableError",
    "cell_text",
    "check_rows",
    "check_xlsx_archive",
    "column_letter",
    "file_bytes",
    "normalise_header",
    "problem_messages",
    "read",
    "row_number",
    "safe_cell",
    "to_csv",
    "to_workbook",
    "to_xlsx",
]

MIB = 1024 * 1024
RATIO_CHECK_FROM = MIB  # entries smaller than this unpack to little whatever their ratio


@dataclass(frozen=True)
class Limits:
    """What ``read`` accepts. Override any of these as keyword arguments of ``read``."""

    max_rows: int = 1000  # rows of data under the header (empty rows not counted)
    max_bytes: int = 10 * MIB  # the file as uploaded
    max_field_chars: int = 10_000  # one cell's text
    max_columns: int = 50
    header_rows: int = 10  # the header is looked for within this many rows
    max_blank_rows: int = 1000  # empty rows under the header
    max_seconds: float = 30.0  # reading time
    max_unpacked_bytes: int = 100 * MIB  # XLSX: all zip entries together, unpacked
    max_ratio: int = 200  # XLSX: unpacked size / packed size of one entry


class TableError(ValueError):
    """The file cannot be imported. ``messages`` lists every problem, each a full sentence."""

    def __init__(self, messages: str | Iterable[str]):
        self.messages: list[str] = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Row:
    """One row of data: ``number`` as a spreadsheet shows it, ``values`` by header name."""

    number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column, default)


def normalise_header(text) -> str:
    """Header names in any case and spacing: " Parent Code", "parent-code" -> "parent_code"."""
    text = "" if text is None else str(text)
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


def cell_text(value) -> str:
    """A cell as text: dates as 2027-03-31, 3.0 as 3, the write-side apostrophe taken off."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    stripped = text.lstrip(" ")
    if stripped[:1] == "'" and stripped[1:2] in FORMULA_CHARS:
        text = stripped[1:]
    return text.strip()


class Table:
    """The header and, when iterated (once), the rows under it. Made by ``read``."""

    def __init__(self, name: str, kind: str, header: list[str], header_row: int, raw, limits: Limits):
        self.name, self.kind, self.header, self.header_row = name, kind, header, header_row
        self.limits = limits
        self._raw = raw
        self._index = {h: i for i, h in enumerate(header) if h}

    @property
    def columns(self) -> list[str]:
        return [h for h in self.header if h]

    def label(self, column: str) -> str:
        """How a message names a column: its header name, with its letter in an XLSX file."""
        index = self._index.get(column)
        if index is None or self.kind != "xlsx":
            return column
        return f"{column} ({column_letter(index)})"

    def __iter__(self) -> Iterator[Row]:
        limits = self.limits
        deadline = time.monotonic() + limits.max_seconds
        data_rows = blank_rows = 0
        split = "Split it into smaller files and import each one."
        for number, cells in self._raw:
            if time.monotonic() > deadline:
                raise TableError(f"Row {number}: reading took over {limits.max_seconds:g} seconds. {split}")
            row = self._row(number, cells)
            blank_rows += row is None
            if blank_rows > limits.max_blank_rows:
                raise TableError(f"Row {number}: the file has more than {limits.max_blank_rows:,} empty rows.")
            if row is None:
                continue
            data_rows += 1
            if data_rows > limits.max_rows:
                most = f"{limits.max_rows:,}"
                raise TableError(f"Row {number}: the file has more than {most} rows; the most is {most}. {split}")
            yield row

    def _row(self, number: int, cells: Sequence) -> Row | None:
        values: dict[str, str] = {}
        problems: list[str] = []
        width = len(self.header)
        for index, raw in enumerate(cells):
            text = cell_text(raw)
            if not text:
                continue
            if index >= width:
                problems.append(f"Row {number}: has more values than the {len(self.columns)} columns of the header.")
                break
            column = self.header[index]
            if not column:
                continue  # a column without a name in the header is not read
            values[column] = text
            where = f"Row {number}: column {self.label(column)}"
            if len(text) > self.limits.max_field_chars:
                problems.append(f"{where} is longer than {self.limits.max_field_chars:,} characters.")
            elif CONTROL_CHARS.search(text):
                problems.append(f"{where} contains a control character. Retype the value and try again.")
        if not values and not problems:
            return None
        return Row(number, values, problems)


def read(
    name: str,
    source,
    *,
    required: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    refuse_unknown: bool = False,
    kind: str | None = None,
    hint: str = "",
    **limits,
) -> Table:
    """Open a CSV or XLSX file and find its header; iterate the result for its rows.

    ``name`` is the file's name (its extension gives the kind unless ``kind`` is "csv" or
    "xlsx"); ``source`` is bytes, a binary file object or a path. The header is the first
    row within ``header_rows`` holding every ``required`` column (or the first non-empty
    row), matched in any case and spacing (``normalise_header``). ``columns`` names the
    columns the importer knows; with ``refuse_unknown`` any other header is refused.
    ``hint`` ends the messages about a missing header ("Start from the plan template.").
    ``limits`` are the fields of ``Limits``. Raises ``TableError``.
    """
    settings = Limits(**limits)  # TypeError for a limit that does not exist
    kind = kind or _kind(name)
    data = file_bytes(source, settings.max_bytes)
    raw = _xlsx_rows(data, settings) if kind == "xlsx" else _csv_rows(data)
    required = [normalise_header(c) for c in required]
    header_row, header = _find_header(raw, required, settings, hint)
    _check_header(header, header_row, columns, refuse_unknown, settings)
    return Table(name, kind, header, header_row, raw, settings)


def _kind(name: str) -> str:
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".csv"):
        return "csv"
    raise TableError("The file must be a CSV (.csv) or Excel (.xlsx) file.")


def file_bytes(source, max_bytes: int) -> bytes:
    """The file's bytes (from bytes, a path or a binary file); ``TableError`` when over ``max_bytes``."""
    too_big = f"The file is larger than {max_bytes / MIB:g} MB, the most Lodestar will read. Split it and try again."
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        if os.path.getsize(source) > max_bytes:
            raise TableError(too_big)
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TableError(too_big)
    return data


def _find_header(raw: Iterator, required: list[str], limits: Limits, hint: str) -> tuple[int, list[str]]:
    first: tuple[int, list[str]] | None = None
    for number, cells in raw:
        header = [normalise_header(cell_text(c)) for c in cells]
        while header and not header[-1]:
            header.pop()
        if header:
            first = first or (number, header)
            if all(c in header for c in required):
                return number, header
        if number >= limits.header_rows:
            break
    if first is None:
        raise TableError(("The file is empty: it needs a header row and at least one row under it. " + hint).strip())
    number, header = first
    missing = ", ".join(c for c in required if c not in header)
    message = f"Row {number}: the header must have the columns {', '.join(required)}; missing: {missing}. {hint}"
    raise TableError(message.strip())


def _check_header(header, header_row, columns, refuse_unknown, limits: Limits) -> None:
    if len(header) > limits.max_columns:
        raise TableError(f"Row {header_row}: the header has {len(header)} columns; the most is {limits.max_columns}.")
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name in seen:
            raise TableError(
                f"Row {header_row}: the column {name} appears twice "
                f"(columns {column_letter(seen[name])} and {column_letter(index)})."
            )
        seen[name] = index
    if refuse_unknown and columns is not None:
        known = {normalise_header(c) for c in columns}
        unknown = [h for h in header if h and h not in known]
        if unknown:
            raise TableError(f"Row {header_row}: the file has columns Lodestar does not know: {', '.join(unknown)}.")


# ---------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # CSV UTF-8 from Excel, else an older Windows CSV
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("The CSV file is not readable text: save it as 'CSV UTF-8' and try again.")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    # Fields are checked against max_field_chars by the table, with the row and column named;
    # the csv module's own limit (131,072 characters) would stop with an error naming neither.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TableError(f"Row {number + 1}: the file is not a readable CSV file ({exc}).") from exc
        number += 1
        yield number, cells


# ---------------------------------------------------------------------------- XLSX


def check_xlsx_archive(data: bytes, limits: Limits | None = None) -> None:
    """Refuse an XLSX whose zip entries unpack too large or too tightly packed (a zip bomb)."""
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TableError("The Excel file could not be opened: save it as .xlsx and try again.") from exc
    with archive:
        entries = archive.infolist()
        total = 0
        for info in entries:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_CHECK_FROM and ratio > limits.max_ratio:
                raise TableError(
                    f"The Excel file could not be read safely: a part of it unpacks to {ratio:,.0f} times its "
                    f"size (the most is {limits.max_ratio}). Save it again from Excel and try again."
                )
            if total > limits.max_unpacked_bytes:
                raise TableError(
                    f"The Excel file unpacks to more than {limits.max_unpacked_bytes / MIB:g} MB, the most "
                    "Lodestar will read. Split it into smaller files and import each one."
                )


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    check_xlsx_archive(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise TableError("The Excel file could not be opened: save it as .xlsx and try again.") from exc
    try:
        _check_dimension(sheet, limits)
    except TableError:
        workbook.close()
        raise
    sheet.reset_dimensions()  # never size anything from the declared range
    return _sheet_rows(workbook, sheet, limits)


def _sheet_rows(workbook, sheet, limits: Limits) -> Iterator[tuple[int, tuple]]:
    try:
        rows = sheet.iter_rows(min_row=1, max_col=limits.max_columns + 1, values_only=True)
        yield from enumerate(rows, start=1)
    except Exception as exc:
        raise TableError("The Excel file could not be read: save it again as .xlsx and try again.") from exc
    finally:
        workbook.close()


def _check_dimension(sheet, limits: Limits) -> None:
    """The sheet's declared range (read from its XML by openpyxl, nothing allocated) must fit the limits."""
    max_row, max_column = sheet.max_row or 0, sheet.max_column or 0
    most_rows = limits.max_rows + limits.header_rows + limits.max_blank_rows
    if max_row > most_rows or max_column > limits.max_columns:
        raise TableError(
            f"The sheet says it uses {max_row:,} rows and {max_column:,} columns; the most Lodestar will read is "
            f"{most_rows:,} rows and {limits.max_columns} columns. Copy the rows you need into a new "
            "spreadsheet and try again."
        )


# ---------------------------------------------------------------------------- problems


def problem_messages(
    number: int, problem: ValidationProblem, columns: Mapping[str, tuple[str, str]], table: Table | None = None
) -> list[str]:
    """An action's ``ValidationProblem`` as "Row N: ..." messages.

    ``columns`` maps the action's field to (column, label): a message that starts with the
    form label ("ODS code 'R 1' must ...") starts with the column instead ("Row 2: code 'R 1'
    must ..."); any other message follows the column's name ("Row 2: name: Enter ...").
    """
    out = []
    for field_name, message in problem.problems:
        column, label = columns.get(field_name, (field_name, ""))
        where = table.label(column) if table is not None else column
        if label and message.startswith(label):
            text = where + message[len(label) :]
        elif where:
            text = f"{where}: {message}"
        else:
            text = message
        out.append(f"Row {number}: {text}" + ("" if text.endswith(".") else "."))
    return out


def row_number(message: str) -> int:
    """The row a "Row N: ..." message names (0 for a message about the whole file)."""
    head = message.split(":", 1)[0]
    number = head.removeprefix("Row ").replace(",", "")
    return int(number) if head.startswith("Row ") and number.isdigit() else 0


def check_rows(
    rows: Iterable[Row],
    check: Callable[[Row], object],
    columns: Mapping[str, tuple[str, str]] | None = None,
    table: Table | None = None,
) -> list:
    """Run ``check`` on every row and return its results, or raise one ``TableError`` with every problem.

    A row's own reader problems are reported and the row is not checked; ``check`` may
    raise ``ValidationProblem`` (translated with ``problem_messages``) or ``TableError``
    (its messages kept). Messages come out sorted by row.
    """
    results, messages = [], []
    for row in rows:
        if row.problems:
            messages.extend(row.problems)
            continue
        try:
            results.append(check(row))
        except ValidationProblem as exc:
            messages.extend(problem_messages(row.number, exc, columns or {}, table))
        except TableError as exc:
            messages.extend(exc.messages)
    if messages:
        raise TableError(sorted(messages, key=row_number))
    return results
