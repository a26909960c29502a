"""The library's words and numbers, without a database: figures with units, the change between
baseline and after, what changed between two versions, and search words cleaned and checked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lodestar.learning.forms import SearchForm
from lodestar.learning.presenters import change, changed, number, paragraphs
from lodestar.learning.queries import QUERY_MAX, _prefixes, clean_words


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("12.50"), "%", "12.5%"),
        (Decimal("8.00"), "FTE", "8 FTE"),
        (Decimal("1234567.25"), "", "1,234,567.25"),
        (Decimal("-3.10"), "days", "-3.1 days"),
        (None, "%", ""),
    ],
)
def test_figures_read_as_people_write_them(value, unit, text):
    assert number(value, unit) == text


def test_the_change_says_which_way_and_how_much():
    assert change(Decimal("24"), Decimal("11"), "%") == "Down 13%"
    assert change(Decimal("6.5"), Decimal("8"), "FTE") == "Up 1.5 FTE"
    assert change(Decimal("5"), Decimal("5"), "") == "No change"


def test_what_changed_between_versions_is_named_in_words():
    first = {"title": "A", "challenge": "x", "costs": "", "points": ["supply"], "results": []}
    assert changed(None, first) == "First version"
    assert changed(first, dict(first)) == "No changes to the text"
    second = {**first, "costs": "1 FTE", "points": ["supply", "leadership"], "results": [{"measure": "m"}]}
    assert changed(first, second) == "Costs and resources, Star points, results"


def test_sections_split_into_paragraphs_on_blank_lines():
    assert paragraphs("One.\n\n  Two.\n\n\n") == ["One.", "Two."]
    assert paragraphs("") == []


def test_search_words_are_cleaned_before_the_database_sees_them():
    assert clean_words("  nurse \t retention\n") == "nurse retention"
    assert clean_words("nul\x00byte") == "nul byte"
    assert len(clean_words("x" * 10_000)) == QUERY_MAX
    assert clean_words(None) == ""


def test_an_organisation_path_gives_itself_and_those_above():
    assert _prefixes("/1/4/9/") == ["/1/", "/1/4/", "/1/4/9/"]
    assert _prefixes("/") == []


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 201, "Search words must be 200 characters or fewer: you typed 201"),
        ("tab\tis fine but\x07bell is not", "Search words must not contain control characters"),
    ],
)
def test_the_search_form_refuses_words_it_cannot_use_with_a_message(q, message):
    form = SearchForm({"q": q})
    assert not form.is_valid()
    assert form.errors["q"] == [message]


def test_the_search_form_accepts_any_other_words_and_names_a_bad_facet():
    assert SearchForm({"q": "x" * 200 + "  "}).is_valid()
    assert SearchForm({"q": "'; DROP TABLE x; -- %_ 看護師 🚑"}).is_valid()
    form = SearchForm({"sector": ["nowhere"]})
    assert not form.is_valid()
    assert form.errors["sector"] == ["Choose a sector from the list"]
