"""An organisation's own record-level extract: mapped, checked, and given back only as cohorts."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest

from lodestar.ingest import identify, open_any, schemas
from lodestar.ingest.sources import staff_records

FIXTURES = Path(__file__).parents[2] / "fixtures" / "workforce" / "staff_records"
ESR = FIXTURES / "esr_two_snapshots.csv"
OWN_MAPPING = {
    "snapshot": "Month",
    "person_id": "Staff ID",
    "org_code": "Trust",
    "staff_group": "Role group",
    "band": "Pay band",
    "wte": "FTE hours",
    "age_band": "Age group",
}


def test_read_gives_cohorts_not_people():
    frame, problems = staff_records.read(ESR.read_bytes(), ESR.name)
    assert problems == []
    assert frame.schema == pl.Schema(schemas.STAFF_IN_POST)
    assert "person_id" not in frame.columns
    september = frame.filter(pl.col("period") == datetime.date(2024, 9, 1))
    assert september["headcount"].sum() == 10
    assert september["fte"].sum() == pytest.approx(9.8)
    nurses_60 = september.filter(
        (pl.col("org_code") == "RX1") & (pl.col("band") == "Band 6") & (pl.col("age_band") == "60-64")
    )
    assert nurses_60.select("staff_group", "fte", "headcount").row(0) == ("Nurses & health visitors", 1.0, 1)


def test_esr_names_are_recognised_and_ages_come_from_the_date_of_birth():
    records, problems = staff_records.read_records(ESR.read_bytes(), name=ESR.name)
    assert problems == []
    assert records.schema == pl.Schema(schemas.STAFF_RECORDS)
    p04 = records.filter(pl.col("person_id") == "P04").sort("snapshot")
    # born 15 August 1994: 29 at the end of September 2023, 30 a year later
    assert p04["age_band"].to_list() == ["25-29", "30-34"]
    assert p04["snapshot"].to_list() == [datetime.date(2023, 9, 1), datetime.date(2024, 9, 1)]
    assert records.filter(pl.col("person_id") == "P11")["org_code"].to_list() == ["RX1", "RX2"]


def test_staff_group_1_is_preferred_to_the_main_staff_group():
    records, _ = staff_records.read_records(ESR.read_bytes(), name=ESR.name)
    assert "Nurses & health visitors" in records["staff_group"].to_list()


def test_a_users_own_column_names_are_read_through_the_mapping():
    data = (FIXTURES / "own_columns.csv").read_bytes()
    frame, problems = staff_records.read(data, "own_columns.csv", mapping=OWN_MAPPING)
    assert problems == []
    nurses = frame.filter((pl.col("staff_group") == "Registered nurses") & (pl.col("band") == "Band 5"))
    assert nurses.select("age_band", "fte", "headcount").row(0) == ("25-29", 1.5, 2)
    assert set(frame["period"].to_list()) == {datetime.date(2024, 9, 1)}


def test_without_a_mapping_the_user_is_told_which_fields_have_no_column():
    data = (FIXTURES / "own_columns.csv").read_bytes()
    frame, problems = staff_records.read(data, "own_columns.csv", mapping={"snapshot": "Month"})
    assert frame.is_empty()
    assert [str(p) for p in problems] == [
        "Row 1: No column holds the person identifier, organisation code, staff group, contracted WTE: "
        "map a column of the file to each"
    ]


def test_a_mapping_naming_a_column_the_file_lacks_is_refused():
    data = (FIXTURES / "own_columns.csv").read_bytes()
    frame, problems = staff_records.read(data, "own_columns.csv", mapping=OWN_MAPPING | {"cost_centre": "Dept"})
    assert frame.is_empty()
    assert 'The mapping gives the column "Dept" for the cost centre; the file has none' in str(problems[0])


def test_bad_records_are_named_by_row_and_column():
    frame, problems = staff_records.read((FIXTURES / "bad.csv").read_bytes(), "bad.csv")
    assert frame.is_empty()
    assert [str(p) for p in problems] == [
        'Row 2, column Contracted Wte: "-0.5" is below 0: it must be 0 or more',
        'Row 3, column Contracted Wte: "full" is not a number',
        'Row 4, column Contracted Wte: "2" is above 1.5: it must be 1.5 or less',
        "Row 5, column Unique Nhs identifier: is empty: enter the person identifier",
        "Row 6: repeats row 2 (the same person in the same snapshot)",
        "Row 7, column Assignment Start Date: is after the snapshot (September 2024)",
        'Row 8, column Tm End Date: "31/13/2024" is not a date: write it like 2024-09-30',
    ]


def test_an_impossible_date_of_birth_is_a_problem():
    data = ESR.read_bytes().replace(b"01/03/1995", b"01/03/2019", 1)
    _, problems = staff_records.read_records(data, name="esr.csv")
    assert [str(p) for p in problems] == [
        "Row 2, column Date Of Birth: gives an age of 4 at the snapshot: check the date (ages 14 to 100)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-09-30", datetime.date(2024, 9, 30)),
        ("30/09/2024", datetime.date(2024, 9, 30)),
        ("30-SEP-2024", datetime.date(2024, 9, 30)),
        ("20240930", datetime.date(2024, 9, 30)),
        ("202409", datetime.date(2024, 9, 1)),
        ("2024-09", datetime.date(2024, 9, 1)),
        ("2024-09-30 00:00:00", datetime.date(2024, 9, 30)),
        ("Sept", None),
    ],
)
def test_dates_as_esr_and_spreadsheets_write_them(text, expected):
    value = pl.select(staff_records.parse_date(pl.lit(text))).item()
    assert value == expected


def test_detection_needs_the_required_fields():
    table = open_any(ESR.name, ESR.read_bytes())
    assert identify(table.header).name == "staff_records"
    assert not staff_records.detect(["tm_end_date", "unique_nhs_identifier", "org_code", "staff_group_1_name"])
    assert "contracted WTE" in staff_records.why_not(["tm_end_date", "unique_nhs_identifier", "org_code"])


def test_published_numeric_prefixes_are_taken_off_staff_groups_and_bands():
    data = ESR.read_bytes().replace(b"Nurses & health visitors", b"005_Nurses & health visitors")
    data = data.replace(b",Band 7,", b",010_Band 7,")
    records, problems = staff_records.read_records(data, name="esr.csv")
    assert problems == []
    assert "Nurses & health visitors" in records["staff_group"].to_list()
    assert not any(g.startswith("005_") for g in records["staff_group"].to_list())
    assert records.filter(pl.col("person_id") == "P09")["band"].to_list() == ["Band 7", "Band 7"]
