"""The shared tabular reader and writers: header detection, messages naming row and column,
the formula policy both ways, and the limits that keep a hostile file from exhausting a worker."""

from __future__ import annotations

import datetime
import io
import os
import re
import struct
import zipfile

import pytest

from lodestar.core import tabular
from lodestar.core.tabular import TableError
from lodestar.core.validation import ValidationProblem


def _xlsx(rows, **kwargs) -> bytes:
    return tabular.to_xlsx(rows[0], rows[1:], **kwargs)


def _rewrite(data: bytes, name: str, change) -> bytes:
    """A copy of a zip with one entry's text changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == name:
                body = change(body.decode()).encode()
            dst.writestr(info.filename, body)
    return out.getvalue()


def _add_entry(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, body)
    return out.getvalue()


# ---------------------------------------------------------------------------- reading


def test_csv_rows_come_with_their_spreadsheet_row_numbers():
    data = "\ufeffCode, NAME ,Parent-Code\nA1,First,\n\nB2,Second,A1\n".encode()
    table = tabular.read("orgs.csv", data, required=["code", "name"])
    assert table.header == ["code", "name", "parent_code"] and table.header_row == 1
    rows = list(table)
    assert [(r.number, r.values) for r in rows] == [
        (2, {"code": "A1", "name": "First"}),
        (4, {"code": "B2", "name": "Second", "parent_code": "A1"}),
    ]
    assert rows[0]["parent_code"] == "" and table.label("name") == "name"


def test_the_header_is_the_row_holding_the_required_columns():
    data = b"Organisations for the North,,\nExported 2027-01-01,,\ncode,name,type\nA1,First,ics\n"
    table = tabular.read("orgs.csv", data, required=["name", "code"])
    assert table.header_row == 3
    assert [r.number for r in table] == [4]


def test_a_missing_required_column_names_the_header_row_and_the_columns():
    with pytest.raises(TableError) as exc:
        tabular.read("orgs.csv", b"\ncode,title\nA,B\n", required=["code", "name", "type"], hint="Use the template.")
    assert exc.value.messages == [
        "Row 2: the header must have the columns code, name, type; missing: name, type. Use the template."
    ]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("orgs.csv", b"", "The file is empty"),
        ("orgs.csv", b"\n\n,,\n", "The file is empty"),
        ("orgs.txt", b"code\n", "must be a CSV (.csv) or Excel (.xlsx)"),
        ("orgs.xlsx", b"code,name\n", "The Excel file could not be opened"),
        ("orgs.csv", b"code,name,Code\n", "Row 1: the column code appears twice (columns A and C)"),
        ("orgs.csv", b"\x81\x8d\xff\xfe\x00", "not readable text"),
    ],
)
def test_file_level_problems(name, data, message):
    with pytest.raises(TableError, match=re.escape(message)):
        list(tabular.read(name, data))


def test_unknown_columns_can_be_refused():
    with pytest.raises(TableError, match="columns Lodestar does not know: colour"):
        tabular.read("a.csv", b"code,colour\n", columns=["code", "name"], refuse_unknown=True)
    assert tabular.read("a.csv", b"code,colour\n", columns=["code"]).columns == ["code", "colour"]


def test_cp1252_csv_is_read_when_it_is_not_utf8():
    rows = list(tabular.read("a.csv", "name\nCaf\u00e9 \u00a35\n".encode("cp1252")))
    assert rows[0]["name"] == "Caf\u00e9 \u00a35"


def test_more_values_than_the_header_is_a_row_problem():
    rows = list(tabular.read("a.csv", b"code,name\nA,B,C\nD,E,\n"))
    assert rows[0].problems == ["Row 2: has more values than the 2 columns of the header."]
    assert rows[1].problems == []


def test_xlsx_rows_and_messages_name_the_column_letter():
    data = _xlsx(
        [["Notes", "", ""], ["code", "name", "due"], ["A1", "First", datetime.date(2027, 3, 31)], ["B2", 3.0, None]],
        sheet_title="Orgs",
    )
    table = tabular.read("orgs.xlsx", data, required=["code", "name"])
    assert table.header_row == 2 and table.label("name") == "name (B)"
    rows = list(table)
    assert [(r.number, r.values) for r in rows] == [
        (3, {"code": "A1", "name": "First", "due": "2027-03-31"}),
        (4, {"code": "B2", "name": "3"}),
    ]


def test_reading_from_a_file_object_or_a_path(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(b"code\nA\n")
    assert [r["code"] for r in tabular.read("orgs.csv", path)] == ["A"]
    assert [r["code"] for r in tabular.read("orgs.csv", io.BytesIO(b"code\nB\n"))] == ["B"]
    assert [r["code"] for r in tabular.read("anything", path, kind="csv")] == ["A"]


# ---------------------------------------------------------------------------- formula policy


def test_formulas_are_defused_on_the_way_out_and_restored_on_the_way_in():
    assert tabular.safe_cell("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert tabular.safe_cell("-5 staff") == "'-5 staff"
    assert tabular.safe_cell("@cmd") == "'@cmd"
    assert tabular.safe_cell("\tx") == "'\tx"
    assert tabular.safe_cell("Normal text") == "Normal text"
    assert tabular.safe_cell("Bad\x00\x0bname") == "Badname"
    assert tabular.safe_cell(3) == 3
    rows = [{"name": '=HYPERLINK("http://evil.example")', "note": "+44 1234"}, {"name": "'quoted", "note": ""}]
    for name, data in [
        ("a.csv", tabular.to_csv(["name", "note"], rows).encode("utf-8-sig")),
        ("a.xlsx", tabular.to_xlsx(["name", "note"], rows, widths=[30, 10], title="T")),
    ]:
        assert "'=HYPERLINK" in (data.decode("utf-8-sig") if name.endswith(".csv") else _sheet_xml(data))
        back = list(tabular.read(name, data))
        assert back[0].values == {"name": '=HYPERLINK("http://evil.example")', "note": "+44 1234"}
        assert back[1].values == {"name": "'quoted"}  # only the apostrophe before a formula character goes


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/"))


def test_an_xlsx_formula_is_never_evaluated():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["name"])
    workbook.active.append(["=1+1"])  # a real formula cell with no saved value
    out = io.BytesIO()
    workbook.save(out)
    rows = list(tabular.read("a.xlsx", out.getvalue()))
    assert rows == []  # data_only: the formula gives its saved value (none), never its result or text


# ---------------------------------------------------------------------------- limits


def test_a_100000_row_csv_is_refused_at_row_1001_without_reading_the_rest():
    data = ("code,name\n" + "".join(f"C{i},Name {i}\n" for i in range(100_000))).encode()
    seen = []
    with pytest.raises(TableError) as exc:
        for row in tabular.read("big.csv", data, max_rows=1000):
            seen.append(row.number)
    assert len(seen) == 1000  # rows arrive one at a time: the table is never built whole
    assert exc.value.messages == [
        "Row 1002: the file has more than 1,000 rows; the most is 1,000. Split it into smaller files and import each one."
    ]


def test_a_200kb_field_names_its_row_and_column_instead_of_a_traceback():
    data = b"code,name\nA1,Fine\nA2," + b"x" * 200_000 + b"\n"
    rows = list(tabular.read("a.csv", data))
    assert rows[0].problems == []
    assert rows[1].problems == ["Row 3: column name is longer than 10,000 characters."]


def test_control_characters_are_a_row_problem_naming_the_column():
    data = b'code,name\nA1,Bad\x00Name\nA2,Vertical\x0btab\nA3,"Line\r\nbreak\tand tab"\n'
    rows = list(tabular.read("a.csv", data))
    assert rows[0].problems == ["Row 2: column name contains a control character. Retype the value and try again."]
    assert rows[1].problems == ["Row 3: column name contains a control character. Retype the value and try again."]
    assert rows[2].problems == []


def test_a_file_over_max_bytes_is_refused_before_reading():
    with pytest.raises(TableError, match="larger than 0.5 MB"):
        tabular.read("a.csv", io.BytesIO(b"code\n" + b"A\n" * 300_000), max_bytes=512 * 1024)


def test_too_many_empty_rows_and_too_long_reading_are_refused():
    with pytest.raises(TableError, match="Row 13: the file has more than 10 empty rows"):
        list(tabular.read("a.csv", b"code\nA\n" + b",\n" * 50, max_blank_rows=10))
    with pytest.raises(TableError, match="reading took over 0 seconds"):
        list(tabular.read("a.csv", b"code\nA\n", max_seconds=0))


def test_an_xlsx_declaring_the_whole_sheet_is_refused_before_reading():
    data = _xlsx([["code", "name"], ["A1", "First"]])
    huge = _rewrite(data, "xl/worksheets/sheet1.xml", lambda xml: re.sub(r'ref="[^"]+"', 'ref="A1:XFD1048576"', xml))
    assert len(huge) < 10_000
    with pytest.raises(TableError, match="says it uses 1,048,576 rows and 16,384 columns"):
        tabular.read("huge.xlsx", huge)


def test_an_xlsx_with_a_lying_dimension_is_never_sized_from_it():
    data = _xlsx([["code", "name"], ["A1", "First"]])
    small = _rewrite(data, "xl/worksheets/sheet1.xml", lambda xml: re.sub(r'ref="[^"]+"', 'ref="A1:A1"', xml))
    assert [r.values for r in tabular.read("a.xlsx", small)] == [{"code": "A1", "name": "First"}]


def test_an_xlsx_holding_a_1gib_entry_is_refused_from_its_declared_size():
    data = _add_entry(_xlsx([["code"], ["A1"]]), "xl/media/big.bin", bytes(MIB := 1024 * 1024))
    big = _declare_size(data, "xl/media/big.bin", 1024 * MIB)
    assert len(big) < 1_100_000
    with pytest.raises(TableError, match="could not be read safely|unpacks to more than"):
        tabular.read("bomb.xlsx", big)


def test_an_xlsx_entry_packed_too_tightly_is_refused():
    data = _add_entry(_xlsx([["code"], ["A1"]]), "xl/media/zeros.bin", bytes(20 * 1024 * 1024))
    with pytest.raises(TableError, match="could not be read safely: a part of it unpacks to"):
        tabular.read("bomb.xlsx", data)


def test_an_xlsx_unpacking_beyond_the_size_limit_is_refused():
    data = _add_entry(_xlsx([["code"], ["A1"]]), "xl/media/noise.bin", os.urandom(2 * 1024 * 1024))
    with pytest.raises(TableError, match="unpacks to more than 1 MB"):
        tabular.read("big.xlsx", data, max_unpacked_bytes=1024 * 1024)
    assert [r["code"] for r in tabular.read("big.xlsx", data)] == ["A1"]


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the central directory so ``name`` claims to unpack to ``size`` bytes."""
    buf = bytearray(data)
    encoded = name.encode()
    start = 0
    while (at := buf.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", buf, at + 28)[0]
        if bytes(buf[at + 46 : at + 46 + name_length]) == encoded:
            struct.pack_into("<I", buf, at + 24, size)
        start = at + 4
    return bytes(buf)


# ---------------------------------------------------------------------------- problems together


def test_check_rows_gathers_every_problem_sorted_by_row_or_returns_every_result():
    data = b"code,name\nA1,=BAD\nA2,Bad\x00\nA3,Fine\nA!,Fine\n"
    table = tabular.read("a.csv", data)

    def check(row):
        problems = []
        if row["name"].startswith("="):
            problems.append(("name", "Name must start with a letter or number"))
        if not row["code"].isalnum():
            problems.append(("ods_code", f"ODS code '{row['code']}' must contain only letters and numbers"))
        if problems:
            raise ValidationProblem(problems)
        return row["code"]

    columns = {"name": ("name", "Name"), "ods_code": ("code", "ODS code")}
    with pytest.raises(TableError) as exc:
        tabular.check_rows(table, check, columns, table)
    assert exc.value.messages == [
        "Row 2: name must start with a letter or number.",
        "Row 3: column name contains a control character. Retype the value and try again.",
        "Row 5: code 'A!' must contain only letters and numbers.",
    ]
    good = tabular.read("a.csv", b"code,name\nA1,One\nA2,Two\n")
    assert tabular.check_rows(good, check, columns, good) == ["A1", "A2"]


def test_problem_messages_use_the_xlsx_column_letter_and_keep_other_wording():
    table = tabular.read("a.xlsx", _xlsx([["code", "name"], ["A", "B"]]))
    problem = ValidationProblem([("name", "Enter the organisation's name"), ("", "Something else.")])
    assert tabular.problem_messages(7, problem, {"name": ("name", "Name")}, table) == [
        "Row 7: name (B): Enter the organisation's name.",
        "Row 7: Something else.",
    ]
    assert tabular.row_number("Row 1,002: x") == 1002 and tabular.row_number("The file") == 0
