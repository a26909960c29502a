"""What every ingestor shares: the raw table of text, and checks that name row and column."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest
from openpyxl import Workbook

from lodestar.ingest.common import MAX_PROBLEMS, ROW, Checker, IngestError, Problem, as_table, open_table


def csv_table(text: str, name: str = "f.csv", **options):
    return open_table(name, text.encode(), **options)


def workbook_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------ CSV


def test_csv_header_is_found_under_title_rows_and_rows_keep_their_spreadsheet_numbers():
    text = (
        'NHS Workforce Statistics, "September\n2024"\n\nOrg code,Org name,Total FTE\nRA1,Trust A,1\n\nRB1,Trust B,2\n'
    )
    table = csv_table(text, looks_like_header=lambda h: "org_code" in h)
    assert table.header == ["org_code", "org_name", "total_fte"]
    assert table.header_row == 4
    assert table.frame.select(ROW, "org_code").rows() == [(5, "RA1"), (7, "RB1")]
    assert table.label("total_fte") == "Total FTE"


def test_cells_are_text_stripped_and_empty_cells_are_null():
    table = csv_table("a,b,c\n 007 , ,x\n")
    assert table.frame.row(0, named=True) == {ROW: 2, "a": "007", "b": None, "c": "x"}


@pytest.mark.parametrize("header", ["Org code,Org name,Org code", "Org code,Org name,org_code"])
def test_a_header_with_a_column_twice_is_refused(header):
    with pytest.raises(IngestError, match=r'Row 1: the header has the column "(Org code|org_code)" twice'):
        csv_table(header + "\nRA1,Trust,RA2\n")


def test_columns_without_a_name_are_left_out():
    table = csv_table("a,b,c,,\n1,2,3,,\n")
    assert table.header == ["a", "b", "c"]
    assert table.frame.columns == [ROW, "a", "b", "c"]


def test_a_spreadsheet_saved_as_windows_text_is_read():
    table = open_table("f.csv", "name,code,fte\nSt Mary’s,RA1,1\n".encode("cp1252"))
    assert table.frame["name"].to_list() == ["St Mary’s"]


def test_a_byte_order_mark_does_not_become_part_of_the_first_column():
    table = open_table("f.csv", "\ufeffa,b,c\n1,2,3\n".encode())
    assert table.header == ["a", "b", "c"]


def test_a_file_too_large_or_of_another_type_is_refused():
    with pytest.raises(IngestError, match="larger than"):
        open_table("f.csv", b"a,b,c\n" + b"1,2,3\n" * 100, max_bytes=100)
    with pytest.raises(IngestError, match="must be a CSV"):
        open_table("f.json", b"{}")
    with pytest.raises(IngestError, match="No header row"):
        open_table("f.csv", b"just one line\n")


def test_a_ragged_row_is_refused_as_a_whole_file_problem():
    with pytest.raises(IngestError, match="not a readable CSV"):
        csv_table("a,b,c\n1,2,3,4,5\n")


# ------------------------------------------------------------------------------ XLSX


def test_xlsx_header_is_found_on_the_first_sheet_that_has_one():
    data = workbook_bytes(
        ("Notes", [["About these figures"], ["Source: ESR"]]),
        ("Data", [["Title"], [], ["Org code", "Org name", "Total FTE"], ["RA1", "Trust A", 1.5], [], ["RB1", None, 2]]),
    )
    table = open_table("f.xlsx", data, looks_like_header=lambda h: "org_code" in h)
    assert (table.kind, table.header_row) == ("xlsx", 3)
    assert table.frame.rows() == [("RA1", "Trust A", "1.5", 4), ("RB1", None, "2", 6)]
    assert table.label("total_fte") == "Total FTE (C)"


def test_xlsx_formulas_are_never_evaluated():
    book = Workbook()
    sheet = book.active
    sheet.append(["a", "b", "c"])
    sheet.append(["=1+1", '=HYPERLINK("http://example.com","x")', "'=SUM(A1)"])
    sheet["A3"] = "=1+1"
    sheet["A3"].data_type = "s"  # text that looks like a formula, stored as text
    sheet["B3"] = "plain"
    out = io.BytesIO()
    book.save(out)
    table = open_table("f.xlsx", out.getvalue())
    # A formula cell gives its last saved value (none here: never worked out by Lodestar) ...
    assert table.frame.row(0, named=True) == {"a": None, "b": None, "c": "=SUM(A1)", ROW: 2}
    # ... and text starting with "=" stays text.
    assert table.frame.row(1, named=True)["a"] == "=1+1"


def test_xlsx_zip_bomb_is_refused_before_anything_is_unpacked():
    data = io.BytesIO(workbook_bytes(("Data", [["a", "b", "c"], [1, 2, 3]])))
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(IngestError, match="could not be read safely"):
        open_table("f.xlsx", data.getvalue())


def test_xlsx_not_a_workbook_is_refused():
    with pytest.raises(IngestError, match="could not be opened"):
        open_table("f.xlsx", b"a,b,c\n1,2,3\n")


def test_xlsx_header_twice_and_header_too_far_down_are_refused():
    with pytest.raises(IngestError, match='the header has the column "code" twice'):
        open_table("f.xlsx", workbook_bytes(("S", [["Code", "Name", "code"], [1, 2, 3]])))
    rows = [[f"note {n}"] for n in range(25)] + [["a", "b", "c"], [1, 2, 3]]
    with pytest.raises(IngestError, match="No header row was found in the first rows of any sheet"):
        open_table("f.xlsx", workbook_bytes(("S", rows)))


# ------------------------------------------------------------------------------ checks


def checker_for(text: str) -> Checker:
    return Checker(csv_table(text))


def test_number_refuses_text_nan_infinity_and_out_of_range_values():
    checker = checker_for('code,name,fte\nA,a,1\nB,b,NaN\nC,c,inf\nD,d,-1\nE,e,1e9\nF,f,\nG,g,"1,234.5"\n')
    values = checker.table.frame.select(checker.number("fte", maximum=1e6))["fte"].to_list()
    assert values == [1.0, None, None, -1.0, 1e9, None, 1234.5]
    assert [str(p) for p in checker.problems] == [
        "Row 7, column fte: is empty: enter a number",
        'Row 3, column fte: "NaN" is not a number',
        'Row 4, column fte: "inf" is not a number',
        'Row 5, column fte: "-1" is below 0: it must be 0 or more',
        'Row 6, column fte: "1e9" is above 1e+06: it must be 1e+06 or less',
    ]


def test_percent_numbers_may_carry_a_percent_sign():
    checker = checker_for("a,b,rate\nx,y,11.9%\nx,y,12 %\n")
    assert checker.table.frame.select(checker.number("rate", percent=True))["rate"].to_list() == [11.9, 12.0]
    assert checker.problems == []


def test_mapped_reads_each_distinct_value_once_and_names_bad_ones():
    calls = []

    def read(text):
        calls.append(text)
        return text.upper() if text.isalpha() else None

    checker = checker_for("k,v,w\n1,ab,x\n2,ab,x\n3,a1,x\n4,,x\n")
    out = checker.table.frame.select(checker.mapped("v", read, "letters"))["v"].to_list()
    assert out == ["AB", "AB", None, None]
    assert sorted(calls) == ["a1", "ab"]
    assert [str(p) for p in checker.problems] == [
        "Row 5, column v: is empty: enter letters",
        'Row 4, column v: "a1" is not letters',
    ]


def test_code_upper_cases_and_refuses_what_is_not_an_ods_code():
    checker = checker_for("code,name,x\nra1,a,1\nRoyal Free,b,1\nAB,c,1\nRA1234,d,1\n")
    assert checker.table.frame.select(checker.code("code"))["code"].to_list() == ["RA1", "ROYAL FREE", "AB", "RA1234"]
    assert [p.row for p in checker.problems] == [3, 4]


def test_result_is_empty_when_there_is_any_problem_and_problems_are_capped():
    schema = {"code": pl.String}
    rows = "".join(f"{n},x,y\n" for n in range(MAX_PROBLEMS + 10))
    checker = checker_for("code,b,c\n" + rows)
    checker.number("b")
    frame, problems = checker.result(checker.table.frame, schema)
    assert frame.is_empty() and frame.schema == pl.Schema(schema)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == Problem(None, None, "and 10 more problems not listed")


def test_duplicates_name_the_first_row():
    checker = checker_for("k,v,w\na,1,x\nb,1,x\na,1,y\n")
    checker.duplicates(checker.table.frame, ["k", "v"], "the same k and v")
    assert [str(p) for p in checker.problems] == ["Row 4: repeats row 2 (the same k and v)"]


def test_as_table_opens_an_unrecognised_file_at_its_first_row_of_names():
    data = b"Title\n\nperiod,org_code,staff_group,type\n202409,RA1,Nurses,Joiners\n"
    table = as_table(data, "other.csv", lambda header: "total_fte" in header)
    assert (table.header_row, table.header) == (3, ["period", "org_code", "staff_group", "type"])


def test_as_table_reads_a_file_object_once():
    handle = io.BytesIO(b"a,b,c\n1,2,3\n")
    table = as_table(handle, "f.csv", lambda header: False)
    assert table.frame.select("a", "b", "c").row(0) == ("1", "2", "3")
