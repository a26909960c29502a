"""The timeline's bar positions and the RAG rules (one model, no database writes)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from unittest import mock

from lodestar.plans import presenters
from lodestar.plans.models import Action, Status

TODAY = datetime.date(2027, 4, 15)


def fake(start, due, status="on_track"):
    return SimpleNamespace(start_date=start, due_date=due, status=status)


@mock.patch("lodestar.plans.presenters.today", return_value=TODAY)
def test_bars_are_placed_by_month_in_whole_percent_classes(_today):
    timeline = presenters.timeline(
        [
            fake(datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)),
            fake(datetime.date(2027, 4, 1), datetime.date(2027, 12, 31)),
            fake(None, None),
        ]
    )
    assert timeline.start == datetime.date(2027, 1, 1) and timeline.end == datetime.date(2028, 1, 1)
    first, second, undated = timeline.rows
    assert (first.start_class, first.span_class) == (0, 50)
    assert second.start_class == 24 and second.start_class + second.span_class == 100
    assert not undated.has_dates
    # Twelve months are labelled every other month, each placed where it starts.
    assert timeline.months[:3] == [("Jan 2027", 0), ("Mar 2027", 16), ("May 2027", 32)]
    assert timeline.today_position == 28


@mock.patch("lodestar.plans.presenters.today", return_value=TODAY)
def test_today_marker_is_left_out_when_today_is_outside_the_plan(_today):
    assert presenters.timeline([fake(datetime.date(2028, 1, 1), datetime.date(2028, 3, 1))]).today_position is None


def test_short_actions_still_get_a_visible_bar():
    timeline = presenters.timeline(
        [
            fake(datetime.date(2027, 1, 1), datetime.date(2029, 12, 31)),
            fake(datetime.date(2027, 5, 1), datetime.date(2027, 5, 1)),
        ]
    )
    assert timeline.rows[1].span_class >= 1


@mock.patch("lodestar.plans.models.today", return_value=TODAY)
def test_overdue_means_past_due_and_not_done_or_stopped(_today):
    past = TODAY - datetime.timedelta(days=1)
    assert Action(due_date=past, status=Status.ON_TRACK).is_overdue
    assert Action(due_date=past, status=Status.NOT_STARTED).is_overdue
    assert not Action(due_date=past, status=Status.DONE).is_overdue
    assert not Action(due_date=past, status=Status.STOPPED).is_overdue
    assert not Action(due_date=TODAY, status=Status.AT_RISK).is_overdue
    assert not Action(due_date=None, status=Status.AT_RISK).is_overdue


def test_every_status_has_a_tag_colour_and_words():
    tags = {s: presenters.status_tag(s) for s in Status.values}
    assert tags == {
        "not_started": "nhsuk-tag--white",
        "on_track": "nhsuk-tag--green",
        "at_risk": "nhsuk-tag--yellow",
        "off_track": "nhsuk-tag--red",
        "done": "nhsuk-tag--blue",
        "stopped": "nhsuk-tag--grey",
    }
    assert [presenters.status_label(s) for s in Status.values] == [
        "Not started",
        "On track",
        "At risk",
        "Off track",
        "Done",
        "Stopped",
    ]


def test_the_stylesheet_has_a_class_for_every_position():
    from pathlib import Path

    css = (Path(presenters.__file__).parent / "static" / "plans" / "plans.css").read_text()
    for n in (0, 50, 99, 100):
        assert f".lodestar-gantt__bar--start-{n}," in css
    for n in (1, 50, 100):
        assert f".lodestar-gantt__bar--span-{n} {{ width: {n}%; }}" in css
