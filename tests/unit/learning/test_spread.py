"""The spread dashboard's figures from adoption histories: quarters, the curve, time to adopt."""

import datetime
import random

import pytest

from lodestar.learning import spread

D = datetime.date


def test_quarters_and_their_labels():
    assert spread.quarter_end(D(2025, 2, 14)) == D(2025, 3, 31)
    assert spread.quarter_end(D(2025, 11, 1)) == D(2025, 12, 31)
    assert spread.quarters(D(2025, 11, 1), D(2026, 2, 1)) == [D(2025, 12, 31), D(2026, 3, 31)]
    assert spread.quarter_label(D(2025, 3, 31)) == "Jan to Mar 2025"


def test_the_curve_counts_each_record_by_its_stage_at_each_quarter_end():
    histories = [
        [("piloting", D(2025, 1, 10)), ("adopted", D(2025, 5, 1))],
        [("aware", D(2025, 2, 1)), ("discontinued", D(2025, 8, 1))],
    ]
    labels, counts = spread.curve(histories, today=D(2025, 9, 30))
    assert labels == ["Jan to Mar 2025", "Apr to Jun 2025", "Jul to Sep 2025"]
    assert counts["Piloting"] == [1, 0, 0]
    assert counts["Adopted or embedded"] == [0, 1, 1]
    assert counts["Aware or exploring"] == [1, 1, 0]
    assert counts["Discontinued"] == [0, 0, 1]


def test_median_time_from_first_piloting_to_adopted():
    histories = [
        [("piloting", D(2025, 1, 1)), ("adopted", D(2025, 1, 31))],  # 30 days
        [("exploring", D(2024, 1, 1)), ("piloting", D(2025, 1, 1)), ("embedded", D(2025, 4, 11))],  # 100
        [("piloting", D(2025, 1, 1))],  # not adopted: left out
        [("adopted", D(2025, 1, 1))],  # never piloted: left out
    ]
    assert spread.median_days(histories) == (65, 2)
    assert spread.median_days([]) == (None, 0)


def _random_history(rnd: random.Random) -> list:
    stages = ["aware", "exploring", "piloting", "adopted", "embedded", "discontinued", "unknown"]
    days = sorted(rnd.randint(-30, 900) for _ in range(rnd.randint(0, 6)))  # repeats: same-day changes
    return [(rnd.choice(stages), D(2024, 1, 1) + datetime.timedelta(days=d)) for d in days]


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_curve_equals_walking_every_record_at_every_quarter(seed):
    rnd = random.Random(seed)
    histories = [_random_history(rnd) for _ in range(rnd.randint(0, 60))]
    today = D(2024, 1, 1) + datetime.timedelta(days=rnd.randint(-60, 1000))  # some changes after today
    assert spread.curve(histories, today) == spread.curve_by_walking(histories, today)
