"""Properties of the WISN calculation that hold for any valid file (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.engine.errors import SpecError
from lodestar.engine.wisn import calculate, parse_wisn

positive = st.floats(min_value=0.5, max_value=1000, allow_nan=False, allow_infinity=False)
small = st.floats(min_value=0, max_value=10, allow_nan=False, allow_infinity=False)


def wisn(workload: float, minutes: float, meeting_hours_a_week: float, duty_hours: float, existing=None) -> dict:
    data = {
        "staff_category": "Physiotherapist",
        "working_time": {
            "working_days_per_week": 5,
            "weeks_per_year": 52,
            "public_holidays": 8,
            "annual_leave": 27,
            "sick_leave": 8,
            "other_leave": 5,
            "hours_per_day": 7.5,
        },
        "activities": [{"name": "Assessment", "annual_workload": workload, "time_per_unit_minutes": minutes}],
        "category_allowances": [{"name": "Meetings", "hours_per_week": meeting_hours_a_week}],
        "individual_allowances": [{"name": "Lead", "hours_per_year": duty_hours, "staff": 1}],
    }
    if existing is not None:
        data["existing_staff"] = existing
    return data


@settings(max_examples=60, deadline=None)
@given(workload=positive, minutes=positive, meetings=small, duty=st.floats(min_value=0, max_value=1000))
def test_required_staff_is_the_hours_of_work_over_the_hours_available(workload, minutes, meetings, duty):
    result = calculate(parse_wisn(wisn(workload, minutes, meetings, duty)))
    awt_hours = (260 - 48) * 7.5
    expected = workload * minutes / 60 / awt_hours / (1 - meetings / 37.5) + duty / awt_hours
    assert result.required_staff == pytest.approx(expected, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(workload=positive, minutes=positive, meetings=small, factor=st.floats(min_value=1.01, max_value=10))
def test_more_workload_never_needs_fewer_staff(workload, minutes, meetings, factor):
    base = calculate(parse_wisn(wisn(workload, minutes, meetings, 0))).required_staff
    more = calculate(parse_wisn(wisn(workload * factor, minutes, meetings, 0))).required_staff
    assert more > base
    assert more == pytest.approx(base * factor, rel=1e-9)  # without individual allowances it scales exactly


@settings(max_examples=40, deadline=None)
@given(workload=positive, minutes=positive, existing=st.floats(min_value=0, max_value=500))
def test_difference_and_ratio_agree(workload, minutes, existing):
    result = calculate(parse_wisn(wisn(workload, minutes, 1, 10, existing=existing)))
    assert result.wisn_difference == pytest.approx(existing - result.required_staff)
    assert result.wisn_ratio == pytest.approx(existing / result.required_staff)
    assert (result.wisn_ratio < 1) == (result.wisn_difference < 0)


@settings(max_examples=30, deadline=None)
@given(hours=st.floats(min_value=37.5, max_value=200))
def test_allowances_taking_the_whole_week_are_always_refused(hours):
    with pytest.raises(SpecError) as err:
        parse_wisn(wisn(100, 10, hours, 0))
    assert err.value.path == "category_allowances"
