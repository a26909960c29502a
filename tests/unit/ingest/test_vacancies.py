"""NHS Vacancy Statistics in Lodestar's documented template: quarters, areas, rates in per cent."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest

from lodestar.ingest import schemas
from lodestar.ingest.periods import quarter_month
from lodestar.ingest.sources import vacancies
from lodestar.ingest.sources.vacancies import read

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workforce" / "vacancies"
QUARTER_WORDS = "is not a quarter (such as 2022-09-30, 2022 Q3 or Q2 2022/23)"


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_regional_figures_are_read_with_the_quarter_dated_by_its_last_month():
    frame, problems = read(FIXTURES / "good_regions.csv")
    assert problems == []
    assert frame.schema == pl.Schema(schemas.VACANCIES)
    assert frame.row(2, named=True) == {
        "period": datetime.date(2022, 9, 1),
        "area_code": "Y56",
        "area_name": "London",
        "staff_group": "Registered nurses",
        "vacancies_fte": 10234.5,
        "vacancy_rate": 14.1,
    }


def test_organisation_figures_with_financial_year_quarters_and_percent_signs():
    frame, problems = read(FIXTURES / "good_orgs.csv")
    assert problems == []
    assert frame.select("period", "area_code", "vacancy_rate").rows() == [
        (datetime.date(2022, 9, 1), "RAL", 11.9),
        (datetime.date(2022, 9, 1), "RRK", 9.4),
        (datetime.date(2022, 12, 1), "RAL", 11.4),
    ]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2022-09-30", (2022, 9)),
        ("30/09/2022", (2022, 9)),
        ("31/03/2023", (2023, 3)),
        ("2022 Q3", (2022, 9)),
        ("Q3 2022", (2022, 9)),
        ("q1 2023", (2023, 3)),
        ("Q1 2022/23", (2022, 6)),
        ("Q3 2022/23", (2022, 12)),
        ("Q4 2022/23", (2023, 3)),
        ("2022-23 Q4", (2023, 3)),
        ("2022/2023 Q2", (2022, 9)),
        ("2022-09-15", None),
        ("2022-08-31", None),
        ("Q5 2022", None),
        ("Q1 2022/24", None),
        ("September 2022", None),
    ],
)
def test_quarters(text, month):
    expected = datetime.date(*month, 1) if month else None
    assert quarter_month(text) == expected


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "rate_over_100.csv",
            ['Row 3, column vacancy_rate_percent: "110.2" is above 100: it must be 100 or less'],
        ),
        (
            "bad_quarter.csv",
            [f'Row 2, column period: "2022-09-15" {QUARTER_WORDS}', f'Row 4, column period: "Q5 2022" {QUARTER_WORDS}'],
        ),
        ("duplicate.csv", ["Row 6: repeats row 2 (the same period, area and staff group)"]),
    ],
)
def test_bad_files_give_problems_and_nothing_else(fixture, expected):
    frame, problems = read(FIXTURES / fixture)
    assert frame.is_empty()
    assert messages(problems) == expected


def test_negative_vacancies_and_a_negative_rate_are_problems():
    data = (FIXTURES / "good_regions.csv").read_bytes().replace(b",6120,10.2", b",-6120,-1")
    _, problems = read(data, "vacancies.csv")
    assert messages(problems) == [
        'Row 3, column vacancies_fte: "-6120" is below 0: it must be 0 or more',
        'Row 3, column vacancy_rate_percent: "-1" is below 0: it must be 0 or more',
    ]


def test_organisation_columns_win_when_a_file_has_both():
    text = "period,org_code,org_name,region_code,region_name,staff_group,vacancies_fte,vacancy_rate_percent\n"
    text += "2022-09-30,RAL,Royal Free,Y56,London,Registered nurses,410.5,11.9\n"
    frame, problems = read(text.encode(), "vacancies.csv")
    assert problems == []
    assert frame.select("area_code", "area_name").row(0) == ("RAL", "Royal Free")


def test_a_renamed_column_is_not_vacancies_and_says_which():
    header = (FIXTURES / "renamed_column.csv").read_text().splitlines()[0].split(",")
    assert not vacancies.detect(header)
    assert vacancies.why_not(header) == "it has no column vacancies_fte"
    assert vacancies.why_not(["period", "staff_group"]) == (
        "it has no columns vacancies_fte, vacancy_rate_percent and org_code (or region_code)"
    )


def test_a_file_with_only_its_header_is_a_problem():
    header = (FIXTURES / "good_orgs.csv").read_bytes().splitlines()[0]
    frame, problems = read(header, "vacancies.csv")
    assert frame.is_empty()
    assert messages(problems) == ["Row 1: There are no rows of figures under the header"]
