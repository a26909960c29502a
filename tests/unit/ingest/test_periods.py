"""Periods as published: every written form of a month or quarter gives the same first day."""

from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.ingest.periods import month_start, quarter_month

days = st.dates(min_value=datetime.date(1948, 1, 1), max_value=datetime.date(2100, 12, 31))


@settings(deadline=None)
@given(days)
def test_every_form_of_a_date_gives_the_first_of_its_month(day):
    first = day.replace(day=1)
    forms = [
        day.isoformat(),
        f"{day.isoformat()} 00:00:00",
        day.strftime("%d/%m/%Y"),
        f"{calendar.month_name[day.month]} {day.year}",
        f"{calendar.month_abbr[day.month]} {day.year}",
        f"{day.year}-{day.month:02d}",
        f"{day.year}{day.month:02d}",
    ]
    assert {form: month_start(form) for form in forms} == dict.fromkeys(forms, first)


@settings(deadline=None)
@given(days)
def test_a_quarters_last_day_and_its_names_agree(day):
    quarter = (day.month - 1) // 3 + 1
    last_month = quarter * 3
    end = datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    expected = datetime.date(day.year, last_month, 1)
    assert quarter_month(end.isoformat()) == expected
    assert quarter_month(f"{day.year} Q{quarter}") == expected
    # The same months as a financial-year quarter: Jan-Mar is Q4 of the year before.
    start = day.year if quarter > 1 else day.year - 1
    financial = quarter - 1 if quarter > 1 else 4
    if start >= 1948:
        assert quarter_month(f"Q{financial} {start}/{(start + 1) % 100:02d}") == expected


@pytest.mark.parametrize(
    "text",
    ["", "2024-13-01", "31/02/2024", "2024-00", "202400", "Smarch 2024", "1800-01-01", "2024/09/30", "Q1", "9 2024"],
)
def test_what_is_not_a_month_gives_none(text):
    assert month_start(text) is None


def test_two_digit_years_in_month_names_are_this_century():
    assert month_start("Sep-24") == datetime.date(2024, 9, 1)
