"""NHS Workforce Statistics turnover: Joiners, Leavers and Denoms rows side by side."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest

from lodestar.ingest import schemas
from lodestar.ingest.sources import turnover
from lodestar.ingest.sources.turnover import read

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workforce" / "turnover"
SEPTEMBER = datetime.date(2024, 9, 1)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_each_organisation_and_staff_group_becomes_one_row():
    frame, problems = read(FIXTURES / "good.csv")
    assert problems == []
    assert frame.schema == pl.Schema(schemas.TURNOVER)
    assert frame.select("org_code", "staff_group").rows() == [
        ("RAL", "Midwives"),
        ("RAL", "Nurses & health visitors"),
        ("RRK", "Nurses & health visitors"),
    ]
    assert frame.row(1, named=True) == {
        "period": SEPTEMBER,
        "org_code": "RAL",
        "org_name": "Royal Free London NHS Foundation Trust",
        "staff_group": "Nurses & health visitors",
        "joiners_hc": 310.0,
        "leavers_hc": 260.0,
        "denom_hc": 3200.0,
        "joiners_fte": 295.4,
        "leavers_fte": 241.2,
        "denom_fte": 2985.5,
        "opening_hc": None,
        "stayers_hc": None,
    }


def test_a_group_without_a_joiners_row_had_no_joiners():
    frame, _ = read(FIXTURES / "good.csv")
    birmingham = frame.filter(pl.col("org_code") == "RRK").row(0, named=True)
    assert (birmingham["joiners_hc"], birmingham["leavers_hc"], birmingham["denom_hc"]) == (0.0, 512.0, 6400.0)


def test_types_and_prefixes_in_any_case():
    data = (FIXTURES / "good.csv").read_bytes().replace(b",Midwives,Joiners,", b",006_Midwives,JOINERS,")
    data = data.replace(b",Midwives,", b",006_Midwives,")
    frame, problems = read(data, "turnover.csv")
    assert problems == []
    assert frame.filter(pl.col("staff_group") == "Midwives")["joiners_hc"].to_list() == [40.0]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("duplicate.csv", ["Row 10: repeats row 3 (the same period, organisation, staff group and type)"]),
        ("unknown_type.csv", ['Row 5, column type: "Starters" is not a type (Joiners, Leavers or Denoms)']),
        (
            "missing_denoms.csv",
            [
                "Row 8, column type: RRK Nurses & health visitors for September 2024 has no Denoms row: "
                "the leaver and joiner rates need the number of staff"
            ],
        ),
        ("negative_hc.csv", ['Row 4, column hc: "-3200" is below 0: it must be 0 or more']),
    ],
)
def test_bad_files_give_problems_and_nothing_else(fixture, expected):
    frame, problems = read(FIXTURES / fixture)
    assert frame.is_empty()
    assert messages(problems) == expected


def test_a_period_that_is_not_a_month_is_a_problem():
    data = (FIXTURES / "good.csv").read_bytes().replace(b"202409,RRK", b"202413,RRK")
    _, problems = read(data, "turnover.csv")
    assert messages(problems) == [
        'Row 8, column period: "202413" is not a period (a year and month such as 202409)',
        'Row 9, column period: "202413" is not a period (a year and month such as 202409)',
    ]


def test_two_periods_are_kept_apart():
    text = (FIXTURES / "good.csv").read_text()
    august = "\n".join(line.replace("202409", "202408", 1) for line in text.splitlines()[1:])
    frame, problems = read((text + august + "\n").encode(), "turnover.csv")
    assert problems == []
    assert frame.group_by("period").len().sort("period").rows() == [
        (datetime.date(2024, 8, 1), 3),
        (SEPTEMBER, 3),
    ]


def test_a_renamed_column_is_not_turnover_and_says_which():
    header = (FIXTURES / "renamed_column.csv").read_text().splitlines()[0].split(",")
    assert not turnover.detect(header)
    assert turnover.why_not(header) == "it has no column type"


def test_a_file_with_only_its_header_is_a_problem():
    header = (FIXTURES / "good.csv").read_bytes().splitlines()[0] + b"\n\n"
    frame, problems = read(header, "turnover.csv")
    assert frame.is_empty()
    assert messages(problems) == ["Row 1: There are no rows of figures under the header"]
