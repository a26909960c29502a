"""Evidence files are recognised by content, never by name."""

import io
import struct
import zipfile
import zlib

import pytest

from lodestar.workshops import filetypes


def make_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\x00\x00"  # one red pixel, filter byte 0
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def make_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Staff group", "WTE"])
    wb.active.append(["Registered nurses", 182])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        zf.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="x"><w:body/></w:document>')
    return buf.getvalue()


def make_plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return buf.getvalue()


CSV = b"staff_group,wte,vacancies\nregistered nurses,182,30\nsupport workers,96,7\n"


@pytest.mark.parametrize(
    "data, key",
    [
        (make_pdf(), "pdf"),
        (make_png(), "png"),
        (make_xlsx(), "xlsx"),
        (make_docx(), "docx"),
        (CSV, "csv"),
        ("name;ort\nJosé;Köln\n".encode("latin-1"), "csv"),
    ],
)
def test_allowed_files_are_recognised(data, key):
    assert filetypes.detect(data).key == key


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,  # a Windows .exe renamed to .pdf
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",  # a web page pretending to be a PDF
        make_plain_zip(),
        b"GIF89a\x01\x00\x01\x00",
        b"",
        b"col1,col2\n1,2,3,4\n5\n6,7,8\n",  # ragged: not a table
    ],
)
def test_other_files_are_refused(data):
    assert filetypes.detect(data) is None
