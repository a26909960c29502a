"""Medians, spread and the impact/effort quadrants (docs/adr/0009-maturity-scoring-scale.md)."""

import pytest

from lodestar.workshops import scale, scoring


def test_median_odd_even_and_empty():
    assert scoring.median([5, 1, 3]) == 3
    assert scoring.median([1, 2, 4, 5]) == 3
    assert scoring.median([4, 5]) == 4.5
    assert scoring.median([]) is None


def test_iqr_is_the_middle_half():
    assert scoring.iqr([1, 2, 3, 4, 5]) == (2, 4)
    assert scoring.iqr([3]) == (3, 3)
    assert scoring.iqr([]) is None


def test_one_outlier_does_not_move_the_median():
    agg = scoring.aggregate([(4, 2), (4, 2), (4, 2), (1, 5)])
    assert agg.impact_median == 4 and agg.effort_median == 2 and agg.quadrant == scoring.QUICK_WIN
    assert agg.impact_range == (1, 4) and agg.count == 4


@pytest.mark.parametrize(
    "impact, effort, expected",
    [
        (3, 2.5, "quick_win"),  # 3 is high impact
        (3, 3, "major_project"),  # 3 is high effort
        (2.5, 2.5, "fill_in"),
        (2.5, 3, "thankless_task"),
        (5, 1, "quick_win"),
        (None, 3, None),
    ],
)
def test_quadrant_thresholds(impact, effort, expected):
    assert scoring.quadrant(impact, effort) == expected


def test_ranked_order_impact_desc_effort_asc_then_title_unrated_last():
    rows = [("B", 4, 3), ("A", 4, 3), ("C", 5, 5), ("D", 4, 1), ("E", None, None)]
    ordered = sorted(rows, key=lambda r: scoring.rank_key(*r))
    assert [r[0] for r in ordered] == ["C", "D", "A", "B", "E"]


def test_scale_has_five_levels_with_words_for_every_point():
    from lodestar.star import vocab

    assert [name for _, name in scale.LEVELS] == ["Not started", "Early steps", "Developing", "Established", "Leading"]
    for key, _ in vocab.STAR_POINTS:
        d = scale.descriptors(key)
        assert [s for s, _, _ in d] == [1, 2, 3, 4, 5]
        assert all(len(words) > 20 for _, _, words in d)
    assert scale.describe("supply", 4) == "4 - Established"
    assert scale.describe("supply", None) == "Not scored"
