"""Numbers in words: "1 action", "5 actions", never "action(s)"."""

from __future__ import annotations

from django.template import engines

from lodestar.core.words import plural


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
