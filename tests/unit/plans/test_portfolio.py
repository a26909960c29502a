"""The portfolio's rules with no database: a plan's RAG in words, the trend's month ends and
its chart (lodestar.plans.portfolio)."""

from __future__ import annotations

import datetime

import pytest

from lodestar.plans.portfolio import month_ends, rag, trend_chart


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ({"total": 0, "off_track": 0, "at_risk": 0, "overdue": 0}, "No actions"),
        ({"total": 5, "off_track": 1, "at_risk": 2, "overdue": 3}, "Off track"),
        ({"total": 5, "off_track": 0, "at_risk": 1, "overdue": 0}, "At risk"),
        ({"total": 5, "off_track": 0, "at_risk": 0, "overdue": 1}, "At risk"),
        ({"total": 5, "off_track": 0, "at_risk": 0, "overdue": 0}, "On track"),
    ],
)
def test_a_plan_is_as_healthy_as_its_least_healthy_action(counts, words):
    assert rag(**counts) == words


def test_the_trend_is_the_end_of_the_five_months_before_and_today():
    assert month_ends(datetime.date(2027, 2, 14)) == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 31),
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 14),
    ]
    assert month_ends(datetime.date(2028, 3, 1))[-2] == datetime.date(2028, 2, 29)


def point(label, **counts):
    values = ["not_started", "on_track", "at_risk", "off_track", "done", "stopped"]
    rows = [{"value": v, "label": v.replace("_", " ").capitalize(), "count": counts.get(v, 0)} for v in values]
    return {"label": label, "counts": rows, "total": sum(counts.values())}


def test_the_chart_stacks_each_months_counts_on_one_scale_and_describes_today():
    chart = trend_chart([point("May 2027", on_track=3), point("Today", on_track=2, at_risk=3, done=1)])
    assert [line["label"] for line in chart["lines"]] == [0, 3, 6]
    first, today = chart["bars"]
    assert first["label"] == "May 2027" and today["label"] == "Today"
    assert [s["value"] for s in today["segments"]] == ["on_track", "at_risk", "done"]  # empty statuses drawn as nothing
    heights = [s["height"] for s in today["segments"]]
    full = chart["baseline"] - chart["top"]
    assert heights == [round(full * 2 / 6, 1), round(full * 3 / 6, 1), round(full * 1 / 6, 1)]
    assert today["segments"][0]["y"] + heights[0] == pytest.approx(chart["baseline"], abs=0.1)
    assert chart["description"] == "Today 6 actions: 2 on track, 3 at risk, 1 done."
    assert [k["label"] for k in chart["key"]] == ["Not started", "On track", "At risk", "Off track", "Done", "Stopped"]


def test_a_chart_with_no_actions_says_so():
    chart = trend_chart([point("Today")])
    assert chart["description"] == "There are no actions yet." and chart["bars"][0]["segments"] == []
