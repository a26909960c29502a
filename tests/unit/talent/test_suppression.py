"""Small counts are hidden, and hidden so that no row or column total gives one away."""

from __future__ import annotations

import itertools
import random

from lodestar.talent.suppression import FEWER_THAN_5, protect, shown, with_totals


def no_line_has_one_hidden(grid) -> bool:
    lines = [list(row) for row in grid] + [list(col) for col in zip(*grid, strict=True)]
    return all(sum(v is None for v in line) != 1 or not any(line) for line in lines)


def test_counts_from_1_to_4_are_hidden_and_0_and_5_shown():
    assert protect([[0, 5, 4, 1]]) == [[0, 5, None, None]]


def test_a_single_small_cell_takes_a_second_with_it_in_its_row_and_column():
    grid = with_totals([[3, 10], [20, 30]])  # 3 could be worked out from 13 - 10
    safe = protect(grid)
    assert safe[0][0] is None
    assert no_line_has_one_hidden(safe)
    assert not any(v is not None and 0 < v < 5 for row in safe for v in row)


def test_zeros_are_never_used_to_hide_and_a_lone_cell_hides_its_total():
    safe = protect(with_totals([[2, 0], [0, 0]]))
    assert safe[0] == [None, 0, None]  # the total would equal the hidden 2
    assert safe[1] == [0, 0, 0]


def test_random_tables_never_show_1_to_4_nor_a_line_with_one_hidden_value():
    rng = random.Random(13)
    for _ in range(300):
        height, width = rng.randint(1, 6), rng.randint(1, 4)
        rows = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 40]) for _ in range(width)] for _ in range(height)]
        safe = protect(with_totals(rows))
        assert not any(v is not None and 0 < v < 5 for row in safe for v in row)
        for line in itertools.chain(safe, zip(*safe, strict=True)):
            hidden = [v for v in line if v is None]
            assert len(hidden) != 1, (rows, safe)


def test_shown_says_fewer_than_5():
    assert shown(None) == FEWER_THAN_5 == "fewer than 5"
    assert shown(1234) == "1,234"
