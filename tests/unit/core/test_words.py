"""Numbers in words: "1 action", "5 actions", never "action(s)"."""

from __future__ import annotations

from django.template import engines

from lodestar.core.words import a_or_an, and_list, plural


def test_one_is_singular_and_every_other_number_plural():
    assert plural(1, "action") == "1 action"
    assert plural(0, "action") == "0 actions"
    assert plural(5, "action") == "5 actions"


def test_irregular_plurals_and_thousands():
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"
    assert plural(2005, "action") == "2,005 actions"


def test_templates_have_it_as_a_filter():
    template = engines["jinja2"].from_string('{{ n | plural("contribution") }}, {{ m | plural("person", "people") }}')
    assert template.render({"n": 1, "m": 4}) == "1 contribution, 4 people"


def test_lists_are_joined_with_and():
    assert and_list(["day"]) == "day"
    assert and_list(["day", "month"]) == "day and month"
    assert and_list(["2 at risk", "1 off track", "3 overdue"]) == "2 at risk, 1 off track and 3 overdue"


def test_the_article_follows_the_first_letter():
    assert a_or_an("contributor") == "a contributor"
    assert a_or_an("observer") == "an observer"
    assert a_or_an("Editor") == "an Editor"
