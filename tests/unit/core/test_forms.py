"""The shared date field: three boxes (day, month, year) read back as one date, with messages
that name the field, and the 2000-2099 rule (lodestar.core.forms.UKDateField)."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from lodestar.core.forms import DATE_HINT, DateParts, UKDateField, UKDateWidget, label_text, read_date


class DueForm(forms.Form):
    due_date = UKDateField(label="Due date", error_messages={"required": "Enter a due date"})
    start_date = UKDateField(label="Start date (optional)", required=False)


def typed(day="", month="", year="", name="due_date") -> dict:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def answer(**boxes) -> tuple[datetime.date | None, list[str]]:
    form = DueForm(typed(**boxes))
    form.is_valid()
    return form.cleaned_data.get("due_date"), form.errors.get("due_date", [])


def wrong_boxes(**boxes) -> list[str]:
    form = DueForm(typed(**boxes))
    form.is_valid()
    return [item["name"] for item in form["due_date"].date_items if item["error"]]


def test_three_boxes_make_a_date():
    assert answer(day="31", month="3", year="2027") == (datetime.date(2027, 3, 31), [])
    assert answer(day="05", month="03", year="2027") == (datetime.date(2027, 3, 5), [])


def test_spaces_around_the_numbers_are_ignored():
    assert answer(day=" 15 ", month="\t3", year="2027 ") == (datetime.date(2027, 3, 15), [])


@pytest.mark.parametrize(
    ("boxes", "message", "wrong"),
    [
        ({"day": "15", "month": "3"}, "Due date must include a year", ["due_date-year"]),
        ({"month": "3", "year": "2027"}, "Due date must include a day", ["due_date-day"]),
        ({"year": "2027"}, "Due date must include a day and month", ["due_date-day", "due_date-month"]),
        ({"day": " ", "month": "3", "year": "2027"}, "Due date must include a day", ["due_date-day"]),
    ],
)
def test_a_missing_part_is_named_and_only_its_box_is_marked(boxes, message, wrong):
    assert answer(**boxes) == (None, [message])
    assert wrong_boxes(**boxes) == wrong


@pytest.mark.parametrize(
    ("boxes", "wrong"),
    [
        ({"day": "31", "month": "2", "year": "2027"}, ["due_date-day"]),
        ({"day": "29", "month": "2", "year": "2027"}, ["due_date-day"]),
        ({"day": "0", "month": "3", "year": "2027"}, ["due_date-day"]),
        ({"day": "1", "month": "13", "year": "2027"}, ["due_date-month"]),
        ({"day": "32", "month": "13", "year": "2027"}, ["due_date-day", "due_date-month"]),
        ({"day": "x", "month": "3", "year": "2027"}, ["due_date-day"]),
        ({"day": "1", "month": "March", "year": "2027"}, ["due_date-month"]),
        ({"day": "-1", "month": "3", "year": "2027"}, ["due_date-day"]),
    ],
)
def test_an_impossible_date_is_not_a_real_date(boxes, wrong):
    assert answer(**boxes) == (None, ["Due date must be a real date"])
    assert wrong_boxes(**boxes) == wrong


def test_29_february_in_a_leap_year_is_real():
    assert answer(day="29", month="2", year="2028") == (datetime.date(2028, 2, 29), [])


@pytest.mark.parametrize("year", ["1999", "2100", "9999", "27", "0"])
def test_a_year_outside_2000_to_2099_is_refused_on_the_year_box(year):
    message = "Due date must be a real date" if year == "0" else "Due date must be between 2000 and 2099"
    assert answer(day="1", month="1", year=year) == (None, [message])
    assert wrong_boxes(day="1", month="1", year=year) == ["due_date-year"]


def test_nothing_typed_is_the_forms_required_message_on_every_box():
    assert answer() == (None, ["Enter a due date"])
    assert wrong_boxes() == ["due_date-day", "due_date-month", "due_date-year"]


def test_an_optional_date_may_be_left_empty_and_its_name_drops_optional():
    form = DueForm({**typed("1", "1", "2027"), **typed(name="start_date")})
    assert form.is_valid() and form.cleaned_data["start_date"] is None
    form = DueForm({**typed("1", "1", "2027"), **typed("1", "", "2027", name="start_date")})
    assert form.errors["start_date"] == ["Start date must include a month"]


def test_a_required_date_without_its_own_message_says_enter_the_label():
    class F(forms.Form):
        when = UKDateField(label="Date of the update")

    assert F({}).errors["when"] == ["Enter the date of the update"]


def test_a_problem_from_elsewhere_marks_every_box():
    form = DueForm(typed("1", "1", "2027"))
    assert form.is_valid()
    form.add_error("due_date", "The due date must be on or after the start date")
    assert [item["error"] for item in form["due_date"].date_items] == [True, True, True]


def test_the_boxes_show_what_was_typed_or_the_initial_date():
    form = DueForm(typed("31", "2", "2027"))
    assert [item["value"] for item in form["due_date"].date_items] == ["31", "2", "2027"]
    form = DueForm(initial={"due_date": datetime.date(2027, 3, 5)})
    items = form["due_date"].date_items
    assert [(i["name"], i["id"], i["value"]) for i in items] == [
        ("due_date-day", "id_due_date-day", "5"),
        ("due_date-month", "id_due_date-month", "3"),
        ("due_date-year", "id_due_date-year", "2027"),
    ]
    assert all(i["inputmode"] == "numeric" and i["autocomplete"] == "off" for i in items)
    assert [i["width"] for i in items] == [2, 2, 4]


def test_the_error_summary_links_to_the_day_box_and_the_hint_is_the_same_everywhere():
    form = DueForm()
    assert form["due_date"].id_for_label == "id_due_date-day"
    assert form["due_date"].help_text == DATE_HINT == "For example, 15 3 2027"


def test_the_widget_reads_its_three_names_and_knows_when_none_was_sent():
    widget = UKDateWidget()
    data = {"due-day": "1", "due-month": "2", "due-year": "2027", "due": "ignored"}
    assert widget.value_from_datadict(data, {}, "due") == DateParts("1", "2", "2027")
    assert widget.value_omitted_from_data({"due": "2027-02-01"}, {}, "due")
    assert not widget.value_omitted_from_data({"due-year": ""}, {}, "due")
    assert widget.decompress(datetime.date(2027, 2, 1)) == ["1", "2", "2027"]


def test_code_may_still_clean_a_date_or_an_iso_string():
    field = UKDateField(label="Due date")
    assert field.clean(datetime.date(2027, 1, 2)) == datetime.date(2027, 1, 2)
    assert field.clean("2027-01-02") == datetime.date(2027, 1, 2)
    with pytest.raises(forms.ValidationError):
        field.clean("31/02/2027")


def test_read_date_without_a_field():
    assert read_date(DateParts()) == (None, None, ())
    assert read_date(DateParts("1", "2", "2027")) == (datetime.date(2027, 2, 1), None, ())


def test_a_label_without_its_optional_marker():
    assert label_text("Job title (optional)") == "Job title"
    assert label_text("Due date") == "Due date"
