"""The scenario forms' own reading: per cent typed as people write it, turned into the fractions a
scenario file holds, and back."""

from __future__ import annotations

import pytest

from lodestar.projections.forms.scenarios import _negated, parse_number, shown


@pytest.mark.parametrize(
    ("text", "percent", "number"),
    [
        ("9", True, 0.09),
        ("9%", True, 0.09),
        (" 15.5 % ", True, 0.155),
        ("0.5", True, 0.005),
        ("-2", True, -0.02),
        ("1,200", False, 1200),
        ("12.5", False, 12.5),
        ("", True, None),
    ],
)
def test_parse_number(text, percent, number):
    assert parse_number(text, percent) == number


@pytest.mark.parametrize("text", ["abc", "1e400x", "nan", "inf", "9 per cent"])
def test_parse_number_refuses_words(text):
    with pytest.raises(ValueError):
        parse_number(text, True)


@pytest.mark.parametrize(
    ("value", "percent", "text"),
    [(0.09, True, "9"), (0.155, True, "15.5"), (0.07, True, "7"), (1500, False, "1500"), (12.5, False, "12.5")],
)
def test_shown(value, percent, text):
    assert shown(value, percent) == text


def test_shown_then_parsed_is_the_same_number():
    for value in (0.09, 0.12, 0.005, 0.333, 0.07):
        assert parse_number(shown(value, True), True) == value


def test_a_reduction_typed_as_a_positive_per_cent():
    assert _negated(0.08) == -0.08
    assert _negated({"dist": "triangular", "low": 0.02, "mode": 0.08, "high": 0.12}) == {
        "dist": "triangular",
        "low": -0.12,
        "mode": -0.08,
        "high": -0.02,
    }
