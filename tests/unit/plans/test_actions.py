"""The actions' rules as pure functions: one place for each rule about an action's values."""

from __future__ import annotations

import datetime

import pytest

from lodestar.plans.actions import FUTURE_PROGRESS, check_action_values, check_progress
from lodestar.plans.models import today

GOOD = {
    "title": "Return to practice drive",
    "description": "",
    "point_id": 1,
    "owner_name": "",
    "start_date": datetime.date(2027, 1, 1),
    "due_date": datetime.date(2027, 6, 30),
    "status": "on_track",
    "priority_rank": 1,
}


def problems(**changes) -> list[tuple[str, str]]:
    return check_action_values({**GOOD, **changes}).items


def test_good_values_have_no_problems():
    assert problems() == []
    assert problems(start_date=None, priority_rank=None, description="x" * 10_000) == []


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({"title": "  "}, [("title", "Enter a title for the action")]),
        ({"title": None}, [("title", "Enter a title for the action")]),
        ({"title": "x" * 201}, [("title", "The title must be 200 characters or fewer")]),
        ({"description": "x" * 10_001}, [("description", "The description must be 10,000 characters or fewer")]),
        ({"point_id": None}, [("point", "Choose a Star point")]),
        ({"owner_name": "x" * 201}, [("owner_name", "The owner's name must be 200 characters or fewer")]),
        ({"due_date": None}, [("due_date", "Enter a due date")]),
        ({"due_date": datetime.date(9999, 12, 31)}, [("due_date", "The due date must be between 2000 and 2099")]),
        ({"start_date": datetime.date(1, 1, 1)}, [("start_date", "The start date must be between 2000 and 2099")]),
        (
            {"start_date": datetime.date(2027, 7, 1)},
            [("due_date", "The due date must be on or after the start date")],
        ),
        ({"status": "green"}, [("status", "Choose a status from the list")]),
        ({"priority_rank": 0}, [("priority_rank", "Priority must be 1 or more")]),
        ({"priority_rank": 100_001}, [("priority_rank", "Priority must be 100,000 or less")]),
        ({"priority_rank": "7"}, [("priority_rank", "Priority must be a whole number")]),
    ],
)
def test_each_rule_names_its_field(changes, expected):
    assert problems(**changes) == expected


def test_every_problem_is_reported_at_once():
    found = problems(title="", due_date=None, status="")
    assert [field for field, _message in found] == ["title", "due_date", "status"]


def test_a_point_given_as_an_object_counts():
    values = {**GOOD, "point": object()}
    del values["point_id"]
    assert check_action_values(values).items == []


def test_progress_dates_are_today_or_earlier():
    assert check_progress(date=today(), text="Done", status="").items == []
    tomorrow = today() + datetime.timedelta(days=1)
    assert check_progress(date=tomorrow, text="Done", status="").items == [("date", FUTURE_PROGRESS)]
    assert check_progress(date=datetime.date(1900, 1, 1), text="x", status="").items == [
        ("date", "The date of the update must be between 2000 and 2099")
    ]
    assert check_progress(date=None, text=" ", status="green").items == [
        ("text", "Enter what has happened"),
        ("date", "Enter the date"),
        ("status", "Choose a status from the list"),
    ]
    assert check_progress(date=today(), text="x" * 5001, status="").items == [
        ("text", "What has happened must be 5,000 characters or fewer")
    ]
