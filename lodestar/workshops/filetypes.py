"""What kind of file is this, judged by its content, and may it go in an evidence pack?

Evidence packs accept PDF, PNG, JPEG, XLSX, DOCX and CSV files (see ADR 16).

* ``detect(data)`` recognises a type by its signature: PDF by ``%PDF-``, PNG and JPEG by
  their headers, XLSX and DOCX as ZIP archives holding ``[Content_Types].xml`` and
  ``xl/workbook.xml`` or ``word/document.xml``, CSV as text (UTF-8 or Latin-1, no control
  characters) whose first lines have a consistent delimiter structure.
* ``check(data, name)`` is the whole gate an upload goes through: the detected type, then the
  file name's ending (it must be the detected type's: ``report.html`` holding CSV text is
  refused), then the type's own checks: a PDF must parse (pypdf), end with ``%%EOF`` and
  have a page; an XLSX or DOCX must unpack within ``core.tabular``'s size and ratio limits
  (its ``check_xlsx_archive``), hold no macros and pass its checksums; a CSV must parse as
  CSV, every row as wide as the first; an image must have its start and end markers.
  It raises ``Refused`` with a message in plain words.
* ``neutralised_csv(data)`` is CSV evidence as it is downloaded: cells that a spreadsheet
  would run as a formula get an apostrophe in front (``core.tabular.safe_cell``'s policy).
* ``download_name(name, kind)`` is the file name a download is offered under: always
  ending in the detected type's extension.

No Django here: plain Python (csv, zipfile, pypdf) and ``core.tabular``.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import zipfile
from dataclasses import dataclass

from lodestar.core import tabular

NOT_ALLOWED = "The file is not a PDF, XLSX, CSV, DOCX, PNG or JPEG file"
ENDINGS = ".pdf, .xlsx, .csv, .docx, .png, .jpg or .jpeg"
# The importers' limits: all the entries of an XLSX or DOCX together, unpacked, and one entry's ratio.
ZIP_LIMITS = tabular.Limits(max_unpacked_bytes=100 * tabular.MIB, max_ratio=200)
CSV_DELIMITERS = ",;\t|"
NAME_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f]")


class Refused(ValueError):
    """The file may not go in an evidence pack; ``str(exc)`` says why in plain words."""


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extension: str
    also: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.also)

    @property
    def a_label(self) -> str:
        """ "a PDF", "an Excel spreadsheet"."""
        return ("an " if self.label[0] in "AEIOU" else "a ") + self.label


PDF = FileType("pdf", "PDF", "application/pdf", ".pdf")
PNG = FileType("png", "PNG image", "image/png", ".png")
JPEG = FileType("jpeg", "JPEG image", "image/jpeg", ".jpg", (".jpeg",))
XLSX = FileType(
    "xlsx", "Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
DOCX = FileType(
    "docx", "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)
CSV = FileType("csv", "CSV file", "text/csv", ".csv")
TYPES = (PDF, PNG, JPEG, XLSX, DOCX, CSV)
BY_CONTENT_TYPE = {t.content_type: t for t in TYPES}
BY_EXTENSION = {ext: t for t in TYPES for ext in t.extensions}


# ---------------------------------------------------------------------------- recognising


def _office(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def decode(data: bytes) -> str:
    """CSV text: UTF-8 (with or without Excel's byte-order mark), else Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def delimiter(text: str) -> str:
    """The CSV's delimiter: the first of , ; tab | that splits its first 20 rows (at most 64 KB) into the
    same number of columns, more than one; a comma when none does. (Not ``csv.Sniffer``: its time grows
    with the square of a line's length, minutes for a 100 KB line of quotes.)"""
    sample = text[:65_536]
    for candidate in CSV_DELIMITERS:
        rows = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        try:
            widths = [len(row) for row in itertools.islice(rows, 40) if any(cell.strip() for cell in row)][:20]
        except csv.Error:
            continue
        if widths and min(widths[:-1] or widths) > 1 and _even(widths):
            return candidate
    return ","


def _even(widths: list[int]) -> bool:
    """Every row has the same number of columns (a ragged last row is allowed)."""
    return len(set(widths)) <= 1 or len(set(widths[:-1])) == 1


def _looks_like_csv(data: bytes) -> bool:
    if not data.strip() or b"\x00" in data:
        return False
    text = decode(data)
    if tabular.CONTROL_CHARS.search(text):  # control characters other than tab, CR and LF: a binary file
        return False
    head = text.lstrip()
    if head[:1] == "<" or head.startswith(("%PDF", "MZ", "#!", "{")):
        return False
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return False
    if len(lines) == 1:
        return True  # a single row
    return _even([len(r) for r in csv.reader(lines, delimiter=delimiter(text))])


def detect(data: bytes) -> FileType | None:
    """The allowed type ``data`` claims to be by its signature, or None when it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if _looks_like_csv(data):
        return CSV
    return None


# ---------------------------------------------------------------------------- checking


def check(data: bytes, name: str) -> FileType:
    """The file's type when it may go in an evidence pack; raises ``Refused`` (with the reason) otherwise."""
    kind = detect(data)
    if kind is None:
        raise Refused(NOT_ALLOWED)
    check_name(name, kind)
    CHECKS[kind.key](data)
    return kind


def check_name(name: str, kind: FileType) -> None:
    """The file name must end in the detected type's extension (``report.html`` holding CSV text is refused)."""
    ending = os.path.splitext(clean_name(name))[1].lower()
    if ending not in BY_EXTENSION:
        this = f"this one ends in {ending}" if ending else "this one has no ending"
        raise Refused(f"The file name must end in {ENDINGS} ({this})")
    if ending not in kind.extensions:
        raise Refused(
            f"The file name ends in {ending} but the file is {kind.a_label}. "
            f"Rename it to end in {kind.extension}, or choose the right file"
        )


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    damaged = "The PDF file could not be read: it is damaged or is not really a PDF. Save it again as a PDF"
    if b"%%EOF" not in data[-1024:]:
        raise Refused(damaged)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused("The PDF file is protected by a password. Upload a copy without the password")
        pages = len(reader.pages)
    except Refused:
        raise
    except Exception as exc:  # pypdf raises many kinds for a bad file
        raise Refused(damaged) from exc
    if pages < 1:
        raise Refused("The PDF file has no pages")


def _check_office(data: bytes) -> None:
    try:
        tabular.check_xlsx_archive(data, ZIP_LIMITS)
    except tabular.TableError as exc:
        most = ZIP_LIMITS.max_unpacked_bytes // tabular.MIB
        raise Refused(
            f"The file could not be checked safely: it unpacks to more than {most} MB, or part of it unpacks to "
            f"more than {ZIP_LIMITS.max_ratio} times its size. Save it again, or as a PDF, and try again"
        ) from exc
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if any(n.lower().endswith("vbaproject.bin") for n in zf.namelist()):
            raise Refused("The file contains macros. Save it as a file without macros (.xlsx or .docx)")
        try:
            damaged = zf.testzip()  # reads each part no further than its declared size (checked above)
        except Exception:  # an encrypted part, an unknown compression, a broken stream
            damaged = "?"
    if damaged:
        raise Refused("The file is damaged: it could not be unpacked. Save it again and try again")


def _check_csv(data: bytes) -> None:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    width, ragged = None, False
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if ragged:  # only the last row may be short or long
                raise Refused(f"The CSV file is not a table: its rows do not all have {width} columns")
            width = len(row) if width is None else width
            ragged = len(row) != width
    except csv.Error as exc:
        raise Refused(f"The CSV file could not be read: row {reader.line_num} is not valid CSV") from exc


def _check_png(data: bytes) -> None:
    if data[12:16] != b"IHDR" or b"IEND" not in data:
        raise Refused("The PNG image is damaged. Save it again and try again")


def _check_jpeg(data: bytes) -> None:
    if b"\xff\xd9" not in data[3:]:
        raise Refused("The JPEG image is damaged. Save it again and try again")


CHECKS = {"pdf": _check_pdf, "xlsx": _check_office, "docx": _check_office, "csv": _check_csv}
CHECKS.update(png=_check_png, jpeg=_check_jpeg)


# ---------------------------------------------------------------------------- serving back


def clean_name(name: str) -> str:
    """An uploaded file's name without folders or control characters, at most 255 characters (ending kept)."""
    name = NAME_CONTROL_CHARS.sub("", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[-255:]


def download_name(name: str, kind: FileType | None) -> str:
    """The name a download is offered under: the stored name, its ending the detected type's."""
    stem, ending = os.path.splitext(clean_name(name) or "evidence")
    if kind is None:
        return f"{stem or 'evidence'}.bin"
    return stem + ending if ending.lower() in kind.extensions else f"{stem or 'evidence'}{kind.extension}"


def _has_formula(text: str, delimiters: str) -> bool:
    for delim in delimiters:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            if any(cell[:1] in tabular.FORMULA_CHARS for cell in row):
                return True
    return False


def neutralised_csv(data: bytes) -> bytes | None:
    """CSV evidence ready to download, or None when it can be sent as stored.

    When any cell (split by the file's own delimiter, or by commas as Excel in England
    splits it) starts with ``= + - @``, tab or carriage return, the file is written again:
    comma-separated, every cell quoted, each cell through ``tabular.safe_cell`` (an
    apostrophe in front, so a spreadsheet shows the text and never runs it), UTF-8.
    """
    text = decode(data)
    own = delimiter(text)
    if not _has_formula(text, {own, ","}):
        return None
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=own):
        writer.writerow([tabular.safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
