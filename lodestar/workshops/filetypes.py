"""What kind of file is this, judged by its content (never its name)?

Evidence packs accept PDF, PNG, XLSX, DOCX and CSV files.  Each is recognised by its
own signature: PDF by ``%PDF-``, PNG by its 8-byte header, XLSX and DOCX as ZIP
archives holding ``[Content_Types].xml`` and an ``xl/`` or ``word/`` folder, CSV as text
(UTF-8 or Latin-1, no NUL bytes) with a consistent delimiter structure.  Anything else
(an executable or web page renamed to .pdf, say) is refused.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

NOT_ALLOWED = "The file is not a PDF, XLSX, CSV, DOCX or PNG file"


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extension: str


PDF = FileType("pdf", "PDF", "application/pdf", ".pdf")
PNG = FileType("png", "PNG image", "image/png", ".png")
XLSX = FileType(
    "xlsx", "Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
DOCX = FileType(
    "docx", "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)
CSV = FileType("csv", "CSV file", "text/csv", ".csv")
BY_CONTENT_TYPE = {t.content_type: t for t in (PDF, PNG, XLSX, DOCX, CSV)}


def _office(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def _looks_like_csv(data: bytes) -> bool:
    if not data.strip() or b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    # Control characters other than tab, CR and LF mean a binary file.
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return False
    head = text.lstrip()[:1]
    if head == "<" or text.lstrip().startswith(("%PDF", "MZ", "#!", "{")):
        return False
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        if len(lines) == 1:
            return True  # a single column of values
        delimiter = ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    widths = {len(r) for r in rows}
    # Every row has the same number of columns (a ragged last row is allowed).
    return len(widths) == 1 or (len(widths) == 2 and len({len(r) for r in rows[:-1]}) == 1)


def detect(data: bytes) -> FileType | None:
    """The allowed type of ``data``, or None when it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if _looks_like_csv(data):
        return CSV
    return None
