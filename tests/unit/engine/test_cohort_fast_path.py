"""The plain-cohort fast path accepts only what the full check accepts without a problem, and reads it
the same: a national scenario's 64,500 cohorts are read without a field path each."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from lodestar.engine.spec.cohorts import _parse_cohort, _plain_cohort
from lodestar.engine.spec.common import Parser

BANDS = ["<35", "35-54", "55+"]
texts = st.one_of(st.none(), st.sampled_from(["", " ", "all", "QZR", " nurses ", "<35", "55+", "Band 5"]), st.text())
numbers = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 0.0, 1, 12.5, "12", 1e12, 1e12 + 1]),
)
cohorts = st.fixed_dictionaries(
    {},
    optional={
        "organisation": texts,
        "staff_group": texts,
        "band": texts,
        "age_band": texts,
        "fte": numbers,
        "headcount": numbers,
        "grade": texts,
    },
)


@given(raw=cohorts, bands=st.sampled_from([BANDS, ["all"], []]))
def test_the_fast_path_agrees_with_the_full_check(raw, bands):
    default_age = bands[0] if len(bands) == 1 else None
    fast = _plain_cohort(raw, set(bands), default_age)
    p = Parser()
    slow = _parse_cohort(p, raw, "cohorts[0]", bands, [])
    if fast is not None:
        assert not p.problems.problems and slow == fast
        assert all(isinstance(v, float) and math.isfinite(v) for v in (fast.fte, fast.headcount))


def test_a_plain_cohort_takes_the_fast_path_and_a_bad_one_does_not():
    good = {"organisation": "QZR", "staff_group": "nurses", "age_band": "<35", "fte": 10, "headcount": 12}
    assert _plain_cohort(good, set(BANDS), None) is not None
    for bad in (
        {**good, "fte": -1},
        {**good, "fte": True},
        {**good, "fte": math.nan},
        {**good, "staff_group": "all"},
        {**good, "age_band": "60+"},
        {**good, "fte": 0, "headcount": 3},
        {**good, "grade": "x"},
    ):
        assert _plain_cohort(bad, set(BANDS), None) is None
