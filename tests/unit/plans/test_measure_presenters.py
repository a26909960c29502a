"""The measure chart's coordinates and its words for screen readers (no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lodestar.plans.measure_presenters import BOTTOM, LEFT, RIGHT, TOP, measure_chart
from lodestar.plans.models import MeasureValue, SuccessMeasure


def values(*pairs):
    return [MeasureValue(date=datetime.date(2026, m, 1), value=Decimal(v)) for m, v in pairs]


def test_no_values_no_chart():
    assert measure_chart(SuccessMeasure(metric="Rate"), []) is None


def test_values_span_the_chart_oldest_left_and_the_target_is_a_line():
    measure = SuccessMeasure(metric="Rate", target=Decimal("8"))
    chart = measure_chart(measure, values((1, "14"), (2, "11"), (3, "12.5")))
    assert [x for x, _y in chart["dots"]] == [LEFT, (LEFT + RIGHT) / 2, RIGHT]
    assert chart["dots"][0][1] == TOP  # 14 is the highest number shown
    assert chart["target_y"] == BOTTOM  # 8, the target, the lowest
    assert chart["description"] == "3 values: 14 on 1 January 2026, then 12.5 on 1 March 2026. The target is 8."


def test_one_value_sits_in_the_middle():
    chart = measure_chart(SuccessMeasure(metric="Rate"), values((5, "3")))
    assert chart["dots"] == [((LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2)] and chart["target_y"] is None
    assert chart["description"] == "1 value: 3 on 1 May 2026."
