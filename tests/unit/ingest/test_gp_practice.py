"""General Practice Workforce practice-level files: what a user loading one would see."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from lodestar.ingest import identify, open_any
from lodestar.ingest.sources import gp_practice

FIXTURES = Path(__file__).parents[2] / "fixtures" / "workforce" / "gp_practice"
SEPTEMBER = FIXTURES / "practice_level_30_september_2024.csv"


def read(path: Path, **options):
    return gp_practice.read(path.read_bytes(), path.name, **options)


def test_a_published_file_gives_one_row_per_practice_dated_from_its_name():
    frame, problems = read(SEPTEMBER)
    assert problems == []
    assert frame["prac_code"].to_list() == ["A81001", "A81002", "A81004"]
    assert set(frame["period"].to_list()) == {datetime.date(2024, 9, 1)}
    densham = frame.row(0, named=True)
    assert densham["pcn_code"] == "U41365"
    assert densham["icb_code"] == "QHM"
    assert densham["total_patients"] == 4215
    assert densham["gp_fte"] == pytest.approx(2.41)
    assert densham["nurses_hc"] == 2
    assert densham["admin_fte"] == pytest.approx(6.93)


def test_not_available_and_blank_figures_are_empty_not_problems():
    frame, problems = read(SEPTEMBER)
    assert problems == []
    queens_park, acklam = frame.row(1, named=True), frame.row(2, named=True)
    assert queens_park["total_patients"] == 19432  # "19,432"
    assert queens_park["dpc_fte"] is None and queens_park["dpc_hc"] is None  # ND
    assert acklam["nurses_fte"] is None  # NA
    assert acklam["admin_hc"] is None  # blank
    assert acklam["pcn_code"] == "U00184"  # codes upper-cased


def test_a_file_from_before_march_2020_without_pcn_columns_is_read():
    frame, problems = read(FIXTURES / "practice_level_31_december_2019.csv")
    assert problems == []
    assert frame["pcn_code"].to_list() == [None, None]
    assert frame["icb_code"].to_list() == ["E54000050", "E54000050"]  # the STP, the ICB's predecessor
    assert frame["period"].to_list() == [datetime.date(2019, 12, 1)] * 2


def test_the_month_given_wins_over_the_file_name():
    frame, problems = read(SEPTEMBER, period="2024-10")
    assert problems == []
    assert set(frame["period"].to_list()) == {datetime.date(2024, 10, 1)}
    frame, problems = read(SEPTEMBER, period="2024-10-31")
    assert set(frame["period"].to_list()) == {datetime.date(2024, 10, 1)}


def test_without_a_month_the_user_is_asked_for_one():
    frame, problems = read(FIXTURES / "practice_level.csv")
    assert frame.is_empty()
    assert [str(p) for p in problems] == [
        "The file has no date and its name has no month: give the month the figures are for (for example 2024-09)."
    ]


def test_a_month_that_is_not_a_date_is_refused():
    frame, problems = read(SEPTEMBER, period="2024-13")
    assert frame.is_empty()
    assert [str(p) for p in problems] == ['The month "2024-13" is not a date: give it like 2024-09.']


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_loaded():
    frame, problems = read(FIXTURES / "bad_30_september_2024.csv")
    assert frame.is_empty()
    messages = [str(p) for p in problems]
    assert 'Row 2, column TOTAL_GP_FTE: "two" is not a number' in messages
    assert 'Row 3, column TOTAL_GP_FTE: "-1" is below 0: it must be 0 or more' in messages
    assert "Row 4: repeats row 2 (the same practice)" in messages
    assert any(m.startswith("Row 5, column PRAC_CODE: is empty") for m in messages)


def test_detection_tells_a_gp_file_from_the_others():
    table = open_any(SEPTEMBER.name, SEPTEMBER.read_bytes())
    assert identify(table.header).name == "gp_practice"
    assert not gp_practice.detect(["area_code", "sex", "age_group", "2022"])
    assert gp_practice.why_not(["prac_code"]) == "it has no column total_gp_fte"


def test_a_file_missing_the_gp_figures_names_the_columns():
    data = b"PRAC_CODE,PRAC_NAME,TOTAL_GP_FTE\nA81001,X,1\n"
    frame, problems = gp_practice.read(data, "practice_level_30_september_2024.csv")
    assert frame.is_empty()
    assert "total_patients" in str(problems[0])


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("GPW Practice Level 30 September 2024.csv", datetime.date(2024, 9, 1)),
        ("gpw_practice_level_Sep_2024.csv", datetime.date(2024, 9, 1)),
        ("General Practice - March 2020 - Practice Level.csv", datetime.date(2020, 3, 1)),
        ("gpw_practice_2024-09.csv", datetime.date(2024, 9, 1)),
        ("gpw_practice_202409.csv", datetime.date(2024, 9, 1)),
        ("practice_level.csv", None),
        ("separate_2024.csv", None),
    ],
)
def test_the_month_is_found_in_the_file_names_nhs_england_uses(name, month):
    assert gp_practice.period_from(name) == month
