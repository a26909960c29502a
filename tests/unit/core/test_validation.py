"""The shared rules in ``lodestar.core.validation``: the one text rule every action uses for what
people type (no control characters, a length limit), and the collector that reports them."""

from __future__ import annotations

import pytest

from lodestar.core.validation import Problems, ValidationProblem, text_problem

CONTROL = "The title must not contain control characters"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f"])
def test_control_characters_are_refused_with_the_label(char):
    problems = Problems()
    assert problems.text(f"Return{char}to practice", "title", "The title", 200) is False
    assert problems.items == [("title", CONTROL)]


@pytest.mark.parametrize("text", ["Tab\there", "Line\nbreak", "Windows\r\nline", "Ünïcödé – “quotes” 🙂", ""])
def test_tab_line_breaks_and_ordinary_unicode_are_fine(text):
    problems = Problems()
    assert problems.text(text, "title", "The title", 200) is True
    assert not problems


def test_a_lone_surrogate_is_not_text():
    problems = Problems()
    problems.text("bad \ud800 half", "text", "What has happened")
    assert problems.items == [("text", "What has happened contains a character that is not valid text: type it again")]


def test_length_is_checked_with_the_same_words_as_max_length():
    problems = Problems()
    problems.text("x" * 201, "title", "The title", 200)
    problems.max_length("x" * 201, "other", "The title", 200)
    assert problems.items == [
        ("title", "The title must be 200 characters or fewer"),
        ("other", "The title must be 200 characters or fewer"),
    ]
    assert Problems().text("x" * 200, "title", "The title", 200) is True


def test_one_message_per_field_control_characters_first():
    problems = Problems()
    problems.text("\x0b" * 300, "title", "The title", 200)
    assert problems.items == [("title", CONTROL)]


def test_no_limit_and_missing_values():
    problems = Problems()
    assert problems.text("x" * 100_000, "description", "The description") is True
    assert problems.text(None, "description", "The description") is True
    assert not problems


def test_a_value_that_is_not_text_is_refused_not_crashed():
    problems = Problems()
    problems.text(12, "title", "The title", 200)
    assert problems.items == [("title", "The title must be text")]


def test_text_problem_is_the_rule_on_its_own():
    assert text_problem("fine", "Name") is None
    assert text_problem("a\x00b", "Name") == "Name must not contain control characters"


def test_raise_any_reports_every_field():
    problems = Problems()
    problems.text("a\x0bb", "title", "The title", 200)
    problems.text("c\x00d", "description", "The description")
    with pytest.raises(ValidationProblem) as caught:
        problems.raise_any()
    assert caught.value.by_field() == {
        "title": [CONTROL],
        "description": ["The description must not contain control characters"],
    }
