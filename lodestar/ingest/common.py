"""What every ingestor shares: the raw table, problems with row and column, and checks on columns.

An ingestor (one module per data source, ``lodestar.ingest.sources``) turns a published or local
file into one tidy Polars frame with a documented schema (``lodestar.ingest.schemas``)::

    table = open_table("staff.csv", data)          # header found, every cell text, a _row column
    source.detect(table.header)                    # True when the header is this source's
    frame, problems = source.read(table)           # tidy frame (empty when any problem) and problems

Every cell is read as text first and checked with vectorised expressions (``Checker.number``,
``required_text``, ``code``, ``duplicates``; ``mapped`` runs plain Python once per distinct value,
for dates and bands), so a 1.4-million-row file is checked in seconds and every problem names the
spreadsheet's row and the column as its header spells it. A file with any problem gives an empty
frame: nothing is loaded from it (the caller shows the problems).

Reading: a CSV is read by Polars from bytes (UTF-8, else Windows text), about 200,000 rows a
second or more with the checks; rows are numbered by line, so a quoted cell spanning two lines
puts later rows' numbers one out. An XLSX file's zip entries are checked first (``tabular``'s zip
bomb limits), then it is read with openpyxl ``read_only`` and ``data_only``: a formula cell gives
the value Excel last saved with it (none when it was never calculated), and nothing is ever
evaluated. openpyxl reads a few thousand rows a second: national monthly files are published
as CSV, and large files should be sent as CSV.

No Django here (ruff's banned-api rule and tests/unit/test_architecture.py): only Polars and the
plain-Python half of ``lodestar.core`` (``tabular``, ``validation``).
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from lodestar.core.tabular import (
    MIB,
    TableError,
    cell_text,
    check_xlsx_archive,
    column_letter,
    file_bytes,
    normalise_header,
)
from lodestar.core.validation import CONTROL_CHARS

ROW = "_row"  # the spreadsheet's row number of each data row (1 is the first row of the file)
MAX_PROBLEMS = 500  # problems kept per file; the count of the rest is given in one more problem
MAX_BYTES = 150 * MIB  # the largest file any ingestor reads (a national monthly file is ~60 MB)
HEADER_ROWS = 20  # published XLSX editions put titles and notes above the table
NO_HEADER = "No header row"
ODS_CODE = r"^[A-Z0-9]{3,6}$"  # organisation, ICS and region codes as ODS writes them: RA1, QA1, Y56
NUMERIC_PREFIX = r"^\d+_\s*"  # published values such as "005_Nurses & health visitors"


def without_prefix(column: str) -> pl.Expr:
    """The column's text with a published numeric prefix taken off ("005_Nurses" -> "Nurses")."""
    return pl.col(column).str.replace(NUMERIC_PREFIX, "")


class IngestError(TableError):
    """The file as a whole cannot be read (type, size, no header): ``messages`` says why."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file: the row (None for the whole file), the column, a sentence."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RawTable:
    """A file's table as text: ``header`` normalised (``normalise_header``), ``frame`` one String
    column per header name plus ``_row``; ``labels`` maps a header name to how messages name it
    (the header as written, with the column letter in an XLSX file)."""

    name: str
    kind: str  # "csv" or "xlsx"
    header: list[str]
    header_row: int
    frame: pl.DataFrame
    labels: dict[str, str] = field(default_factory=dict)
    sha256: str = ""
    size: int = 0

    def label(self, column: str) -> str:
        return self.labels.get(column, column)

    @property
    def rows(self) -> int:
        return self.frame.height


def file_kind(name: str) -> str:
    lower = (name or "").lower()
    for kind in ("csv", "xlsx"):
        if lower.endswith("." + kind):
            return kind
    raise IngestError("The file must be a CSV (.csv) or Excel (.xlsx) file.")


def read_bytes(source, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes (from bytes, a path or a binary file), refused when over ``max_bytes``."""
    try:
        return file_bytes(source, max_bytes)
    except TableError as exc:
        raise IngestError(exc.messages) from exc


def open_table(name: str, source, *, looks_like_header=None, max_bytes: int = MAX_BYTES) -> RawTable:
    """Read a CSV or XLSX file into a ``RawTable`` of text.

    The header is the first row (of the first ``HEADER_ROWS``) for which ``looks_like_header``
    (a function of the normalised header names) is true; without it, the first row with at least
    three non-empty cells. Raises ``IngestError`` for a file that cannot be read at all.
    """
    kind = file_kind(name)
    data = read_bytes(source, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    looks_like_header = looks_like_header or (lambda header: sum(1 for h in header if h) >= 3)
    if kind == "csv":
        table = _csv_table(name, data, looks_like_header)
    else:
        table = _xlsx_table(name, data, looks_like_header)
    table.sha256, table.size = digest, len(data)
    return table


def _decode(data: bytes) -> tuple[str, bytes]:
    """The file as text, and as UTF-8 bytes for Polars (the bytes as given when they already are:
    Polars reads bytes several times faster than a text buffer, and skips a UTF-8 BOM itself)."""
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError("The CSV file is not readable text: save it as 'CSV UTF-8' and try again.") from exc
    return text, text.encode("utf-8")


def _csv_table(name: str, data: bytes, looks_like_header) -> RawTable:
    text, utf8 = _decode(data)
    head = text[: 64 * 1024 * HEADER_ROWS].split("\n")[:HEADER_ROWS]  # lines as Polars counts them
    header_index, written = None, []
    for index, line in enumerate(head):
        cells = [c.strip() for c in next(iter(_csv_cells(line)), [])]
        if looks_like_header([normalise_header(c) for c in cells]):
            header_index, written = index, cells
            break
    if header_index is None:
        raise IngestError(f"{NO_HEADER} was found in the first rows of the file: it needs a row of column names.")
    header = [normalise_header(c) for c in written]
    _refuse_repeated(header, header_index + 1, written)  # before Polars renames a repeat "x_duplicated_0"
    try:
        frame = pl.read_csv(
            utf8,
            skip_lines=header_index,
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise IngestError(f"The file is not a readable CSV file ({str(exc).splitlines()[0]}).") from exc
    if frame.width != len(header):
        raise IngestError(f"Row {header_index + 1}: the header could not be read as CSV columns.")
    names = [h or f"_unnamed_{i}" for i, h in enumerate(header)]
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    frame = _strip(frame).with_row_index(ROW, offset=header_index + 2)
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64)).select(ROW, *(h for h in header if h))
    frame = _drop_blank(frame, header)
    labels = {h: w for h, w in zip(header, written, strict=True) if h}
    return RawTable(name, "csv", [h for h in header if h], header_index + 1, frame, labels)


def _csv_cells(line: str):
    import csv

    return csv.reader([line])


def _xlsx_table(name: str, data: bytes, looks_like_header) -> RawTable:
    from openpyxl import load_workbook

    try:
        check_xlsx_archive(data)
    except TableError as exc:
        raise IngestError(exc.messages) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise IngestError("The Excel file could not be opened: save it as .xlsx and try again.") from exc
    try:
        return _xlsx_sheet_table(name, workbook, looks_like_header)
    finally:
        workbook.close()


def _xlsx_sheet_table(name: str, workbook, looks_like_header) -> RawTable:
    """The first sheet whose first ``HEADER_ROWS`` rows hold a header (published editions have
    a notes sheet first)."""
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()  # never size anything from the declared range
        rows = sheet.iter_rows(values_only=True)
        header, header_row = None, 0
        for number, cells in enumerate(rows, start=1):
            names = [normalise_header(cell_text(c)) for c in cells]
            if looks_like_header(names):
                header, header_row = names, number
                break
            if number >= HEADER_ROWS:
                break
        if header is None:
            continue
        while header and not header[-1]:
            header.pop()
        written = [cell_text(c) for c in cells]
        _refuse_repeated(header, header_row, written)
        columns: dict[str, list] = {h: [] for h in header if h}
        numbers: list[int] = []
        for number, cells in enumerate(rows, start=header_row + 1):
            texts = [cell_text(c) for c in cells[: len(header)]]
            if not any(texts):
                continue
            numbers.append(number)
            for index, column in enumerate(header):
                if column:
                    columns[column].append(texts[index] if index < len(texts) else "")
        frame = pl.DataFrame({**columns, ROW: numbers}, schema={**dict.fromkeys(columns, pl.String), ROW: pl.Int64})
        frame = frame.with_columns(pl.col(c).replace("", None) for c in columns)
        labels = {h: f"{written[i] if i < len(written) else h} ({column_letter(i)})" for i, h in enumerate(header) if h}
        return RawTable(name, "xlsx", [h for h in header if h], header_row, frame, labels)
    raise IngestError(f"{NO_HEADER} was found in the first rows of any sheet: it needs a row of column names.")


def _refuse_repeated(header: list[str], row: int, written: Sequence[str] = ()) -> None:
    seen = set()
    for index, name in enumerate(header):
        if name and name in seen:
            shown = written[index] if index < len(written) else name
            raise IngestError(f'Row {row}: the header has the column "{shown}" twice.')
        seen.add(name)


def _strip(frame: pl.DataFrame) -> pl.DataFrame:
    columns = [c for c in frame.columns if frame.schema[c] == pl.String]
    return frame.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in columns)


def _drop_blank(frame: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    names = [h for h in header if h]
    if not names:
        return frame
    return frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in names))


# ------------------------------------------------------------------------------------ checks


class Checker:
    """Collects problems while an ingestor checks a ``RawTable``'s columns, all at once."""

    def __init__(self, table: RawTable):
        self.table = table
        self.problems: list[Problem] = []
        self.unlisted = 0  # problems found beyond MAX_PROBLEMS in one check, counted not kept

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(row, self.table.label(column) if column else None, message))

    def add_rows(self, frame: pl.DataFrame, column: str | None, message) -> None:
        """One problem per row of ``frame`` (which has ``_row``); ``message`` is text or a function
        of the row as a dict."""
        self.unlisted += max(frame.height - MAX_PROBLEMS, 0)
        for row in frame.head(MAX_PROBLEMS).iter_rows(named=True):
            text = message(row) if callable(message) else message
            self.add(row[ROW], column, text)

    def require_columns(self, columns: Sequence[str], source_label: str, names: dict | None = None) -> bool:
        """Every column present, else one problem naming each missing one (as ``names`` spells
        it: the published header, when it differs from the normalised name)."""
        gone = [(names or {}).get(c, c) for c in missing(self.table.header, columns)]
        if gone:
            which = f"column {gone[0]}, which is" if len(gone) == 1 else f"columns {listed(gone)}, which are"
            self.add(self.table.header_row, None, f"The {source_label} file needs the {which} missing")
        return not gone

    def require_rows(self) -> bool:
        """At least one row under the header, else a problem (an empty file loads nothing)."""
        if self.table.rows:
            return True
        self.add(self.table.header_row, None, "There are no rows of figures under the header")
        return False

    def required_text(self, column: str, *, what: str = "a value") -> pl.Expr:
        empty = self.table.frame.filter(pl.col(column).is_null())
        self.add_rows(empty, column, f"is empty: enter {what}")
        bad = self.table.frame.filter(pl.col(column).str.contains(CONTROL_CHARS.pattern))
        self.add_rows(bad, column, "contains a control character")
        return pl.col(column)

    def number(
        self,
        column: str,
        *,
        minimum: float | None = 0,
        maximum: float | None = None,
        integer: bool = False,
        required: bool = True,
        percent: bool = False,
    ) -> pl.Expr:
        """The column as Float64 (or Int64); problems for empty (when required), non-numeric (NaN
        and infinity too), fractional (when integer) and out-of-range values. Commas in numbers are
        allowed; with ``percent``, a trailing "%" too."""
        frame = self.table.frame
        text = pl.col(column).str.replace_all(",", "")
        if percent:
            text = text.str.strip_suffix("%").str.strip_chars()
        parsed = text.cast(pl.Float64, strict=False)
        value = pl.when(parsed.is_finite()).then(parsed)
        checks = frame.select(pl.col(ROW), pl.col(column), value.alias("_v"))
        if required:
            self.add_rows(checks.filter(pl.col(column).is_null()), column, "is empty: enter a number")
        self.add_rows(
            checks.filter(pl.col(column).is_not_null() & pl.col("_v").is_null()),
            column,
            lambda r: f'"{r[column]}" is not a number',
        )
        if integer:
            self.add_rows(
                checks.filter(pl.col("_v").is_not_null() & (pl.col("_v") != pl.col("_v").round(0))),
                column,
                lambda r: f'"{r[column]}" is not a whole number',
            )
        if minimum is not None:
            self.add_rows(
                checks.filter(pl.col("_v") < minimum),
                column,
                lambda r: f'"{r[column]}" is below {minimum:g}: it must be {minimum:g} or more',
            )
        if maximum is not None:
            self.add_rows(
                checks.filter(pl.col("_v") > maximum),
                column,
                lambda r: f'"{r[column]}" is above {maximum:g}: it must be {maximum:g} or less',
            )
        return value.cast(pl.Int64, strict=False) if integer else value

    def mapped(self, column: str, read, what: str, *, dtype=pl.String) -> pl.Expr:
        """The column through ``read`` (text -> value or None), called once per distinct text, so
        it may be plain Python (a date, a band): a problem for each empty cell and each cell
        ``read`` gives None for, saying ``what`` was expected."""
        frame = self.table.frame
        values = frame.get_column(column).drop_nulls().unique().to_list()
        mapping = {text: read(text) for text in values}
        self.add_rows(frame.filter(pl.col(column).is_null()), column, f"is empty: enter {what}")
        unread = [text for text, value in mapping.items() if value is None]
        self.add_rows(
            frame.filter(pl.col(column).is_in(unread)).sort(ROW),
            column,
            lambda r: f'"{r[column]}" is not {what}',
        )
        known = {text: value for text, value in mapping.items() if value is not None}
        return pl.col(column).replace_strict(known, default=None, return_dtype=dtype)

    def code(self, column: str, *, what: str = "an ODS code (3 to 6 letters and digits, such as RA1)") -> pl.Expr:
        """The column upper-cased, with a problem for each value that is not an ODS-like code."""
        frame = self.table.frame
        upper = pl.col(column).str.to_uppercase()
        self.add_rows(frame.filter(pl.col(column).is_null()), column, f"is empty: enter {what}")
        bad = frame.filter(pl.col(column).is_not_null() & ~upper.str.contains(ODS_CODE))
        self.add_rows(bad, column, lambda r: f'"{r[column]}" is not {what}')
        return upper

    def duplicates(self, frame: pl.DataFrame, keys: Sequence[str], what: str) -> None:
        """A problem for every row repeating an earlier row's ``keys`` (``frame`` has ``_row``)."""
        repeated = frame.filter(pl.struct(keys).is_duplicated()).sort(ROW)
        firsts = repeated.group_by(keys, maintain_order=True).agg(pl.col(ROW).first().alias("_first"))
        later = repeated.join(firsts, on=keys, nulls_equal=True).filter(pl.col(ROW) != pl.col("_first"))
        self.add_rows(later, None, lambda r: f"repeats row {r['_first']} ({what})")

    def result(self, frame: pl.DataFrame, schema: dict) -> tuple[pl.DataFrame, list[Problem]]:
        """The tidy frame in ``schema`` order, or an empty one when there is any problem."""
        ordered = sorted(self.problems, key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
        problems = capped(ordered, self.unlisted)
        if problems:
            return empty(schema), problems
        return frame.select([pl.col(c).cast(t) for c, t in schema.items()]), []


def capped(problems: list[Problem], unlisted: int = 0) -> list[Problem]:
    """The first ``MAX_PROBLEMS`` problems and one more saying how many others there are."""
    rest = max(len(problems) - MAX_PROBLEMS, 0) + unlisted
    if not rest:
        return problems
    return [*problems[:MAX_PROBLEMS], Problem(None, None, f"and {rest:,} more problems not listed")]


def listed(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def no_columns(names: Sequence[str]) -> str:
    """The ``why_not`` phrase: "it has no column x" or "it has no columns x and y"."""
    return f"it has no column{'s' if len(names) > 1 else ''} {listed(names)}"


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def missing(header: Iterable[str], columns: Iterable[str]) -> list[str]:
    have = set(header)
    return [c for c in columns if c not in have]


def as_table(source, name: str | None, detect) -> RawTable:
    """``source`` as a ``RawTable``: itself when it is one, else the file opened with the header
    found by ``detect`` (a path's own name is used when ``name`` is not given).

    A file whose header ``detect`` does not recognise (a file of another format, a renamed
    column) is opened at its first row of three or more names, so that the ingestor reports the
    columns it lacks as a problem on that row; ``IngestError`` is kept for a file that cannot be
    read as a table at all."""
    if isinstance(source, RawTable):
        return source
    if name is None and isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
    data = read_bytes(source)
    try:
        return open_table(name or "", data, looks_like_header=detect)
    except IngestError as exc:
        if not str(exc).startswith(NO_HEADER):
            raise
    return open_table(name or "", data)
