"""Whether an adoption was maintained six months or more after it began (RE-AIM's maintenance),
worked out from the history of stages."""

from __future__ import annotations

import datetime

from lodestar.learning.adoption_rules import first_adopted, is_step_back, maintained

D = datetime.date
TODAY = D(2026, 6, 30)


def test_never_adopted_is_not_maintained():
    history = [("aware", D(2024, 1, 1)), ("piloting", D(2024, 3, 1))]
    assert first_adopted(history) is None
    assert not maintained(history, TODAY)


def test_adopted_183_days_ago_and_still_adopted_is_maintained():
    adopted = TODAY - datetime.timedelta(days=183)
    assert maintained([("piloting", D(2024, 1, 1)), ("adopted", adopted)], TODAY)


def test_adopted_182_days_ago_is_not_yet_maintained():
    adopted = TODAY - datetime.timedelta(days=182)
    assert not maintained([("adopted", adopted)], TODAY)


def test_embedded_after_adopted_still_counts():
    assert maintained([("adopted", D(2025, 1, 1)), ("embedded", D(2025, 4, 1))], TODAY)


def test_going_straight_to_embedded_counts_as_adopted():
    assert first_adopted([("embedded", D(2025, 1, 1))]) == D(2025, 1, 1)
    assert maintained([("embedded", D(2025, 1, 1))], TODAY)


def test_discontinued_within_six_months_is_not_maintained():
    history = [("adopted", D(2025, 1, 1)), ("discontinued", D(2025, 5, 1))]
    assert not maintained(history, TODAY)


def test_discontinued_after_six_months_was_still_maintained():
    history = [("adopted", D(2025, 1, 1)), ("discontinued", D(2025, 9, 1))]
    assert maintained(history, TODAY)


def test_a_step_back_to_piloting_within_six_months_breaks_it():
    history = [("adopted", D(2025, 1, 1)), ("piloting", D(2025, 2, 1)), ("adopted", D(2025, 3, 1))]
    assert not maintained(history, TODAY)


def test_the_order_given_does_not_matter():
    history = [("embedded", D(2025, 4, 1)), ("aware", D(2024, 1, 1)), ("adopted", D(2025, 1, 1))]
    assert maintained(history, TODAY)


def test_a_pilot_earlier_on_the_day_of_adoption_does_not_break_it():
    assert maintained([("piloting", D(2025, 1, 1)), ("adopted", D(2025, 1, 1))], TODAY)


def test_step_back():
    assert is_step_back("adopted", "piloting")
    assert not is_step_back("piloting", "adopted")
    assert not is_step_back(None, "aware")
    assert not is_step_back("adopted", "discontinued")
    assert not is_step_back("discontinued", "piloting")
