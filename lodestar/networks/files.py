"""What a shared file is, read from its first bytes (never from its name or what the browser says).

Accepted: PDF, Word, Excel and PowerPoint (the current formats), PNG and JPEG pictures, and
plain text or CSV. Anything else, or anything over ``MAX_BYTES``, is refused."""

from __future__ import annotations

import io
import zipfile

MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT = "10 MB"

OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}


def _office(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, found in OFFICE.items():
        if any(name.startswith(prefix) for name in names):
            return found
    return None


def _text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, usual extension) of ``data``, or None when it is not a kind we accept."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if data and _text(data):
        return "text/plain", "txt"
    return None
