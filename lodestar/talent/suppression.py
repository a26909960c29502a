"""Small numbers in talent figures: hidden, and hidden so they cannot be worked out (ADR 0040).

A count from 1 to 4 is suppressed (shown as "fewer than 5"), as NHS publications do and as
``lodestar.workforce.suppression`` does. Talent figures come with totals, so a single hidden
cell in a row or column could be worked out by subtracting the others from the total: each row
and each column (totals included) that has exactly one hidden value gets a second one hidden, the
smallest other value that is not zero, until no line has just one. Zeros are shown (nobody to
pick out) and are never needed as the second hidden value, because a zero tells nothing.

Pure Python, no database: ``protect`` takes a grid of counts whose last row and last column are
totals and returns the same grid with hidden values as None.
"""

from __future__ import annotations

SMALLEST_SHOWN = 5
FEWER_THAN_5 = "fewer than 5"


def is_small(count) -> bool:
    return count is not None and 0 < count < SMALLEST_SHOWN


def with_totals(rows: list[list[int]]) -> list[list[int]]:
    """``rows`` of counts with a total at the end of each and a row of column totals beneath."""
    width = len(rows[0]) if rows else 0
    out = [[*row, sum(row)] for row in rows]
    out.append([sum(row[j] for row in out) for j in range(width + 1)])
    return out


def _lines(height: int, width: int) -> list[list[tuple[int, int]]]:
    rows = [[(i, j) for j in range(width)] for i in range(height)]
    cols = [[(i, j) for i in range(height)] for j in range(width)]
    return rows + cols


def _second_to_hide(grid, hidden: set, line) -> tuple[int, int] | None:
    candidates = [(grid[i][j], (i, j)) for i, j in line if (i, j) not in hidden and grid[i][j]]
    return min(candidates)[1] if candidates else None


def protect(grid: list[list[int]]) -> list[list[int | None]]:
    """``grid`` (totals in its last row and column) with every count from 1 to 4 hidden (None),
    and enough other values hidden that no hidden one can be worked out from its row or column."""
    if not grid:
        return []
    height, width = len(grid), len(grid[0])
    hidden = {(i, j) for i in range(height) for j in range(width) if is_small(grid[i][j])}
    lines = _lines(height, width)
    changed = bool(hidden)
    while changed:
        changed = False
        for line in lines:
            if sum(1 for cell in line if cell in hidden) == 1:
                second = _second_to_hide(grid, hidden, line)
                if second is not None:
                    hidden.add(second)
                    changed = True
    return [[None if (i, j) in hidden else grid[i][j] for j in range(width)] for i in range(height)]


def shown(count) -> str:
    """A count as pages and downloads show it."""
    return FEWER_THAN_5 if count is None else f"{count:,}"
