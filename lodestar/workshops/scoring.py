"""Aggregating ratings: medians, spread and the impact/effort quadrants.

Pure functions (no database), so the rules in docs/adr/0009-maturity-scoring-scale.md
are tested directly.  Impact and effort are rated 1 to 5; a median of 3 or more is
"high" (HIGH_THRESHOLD).
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH_THRESHOLD = 3.0

QUICK_WIN = "quick_win"
MAJOR_PROJECT = "major_project"
FILL_IN = "fill_in"
THANKLESS_TASK = "thankless_task"

QUADRANTS = [
    (QUICK_WIN, "Quick wins", "High impact, low effort: do these first."),
    (MAJOR_PROJECT, "Major projects", "High impact, high effort: plan these carefully."),
    (FILL_IN, "Fill-ins", "Low impact, low effort: do these if there is spare capacity."),
    (THANKLESS_TASK, "Thankless tasks", "Low impact, high effort: usually drop these."),
]
QUADRANT_LABELS = {key: label for key, label, _ in QUADRANTS}


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return float(s[mid]) if n % 2 else (s[mid - 1] + s[mid]) / 2


def _quantile(s: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (the default of NumPy and R type 7)."""
    pos = (len(s) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def iqr(values: list[float]) -> tuple[float, float] | None:
    """The lower and upper quartiles (the middle half of the ratings)."""
    if not values:
        return None
    s = sorted(float(v) for v in values)
    return _quantile(s, 0.25), _quantile(s, 0.75)


def quadrant(impact: float | None, effort: float | None) -> str | None:
    if impact is None or effort is None:
        return None
    high_impact = impact >= HIGH_THRESHOLD
    high_effort = effort >= HIGH_THRESHOLD
    if high_impact:
        return MAJOR_PROJECT if high_effort else QUICK_WIN
    return THANKLESS_TASK if high_effort else FILL_IN


@dataclass(frozen=True)
class Aggregate:
    count: int
    impact_median: float | None
    impact_iqr: tuple[float, float] | None
    impact_range: tuple[int, int] | None
    effort_median: float | None
    effort_iqr: tuple[float, float] | None
    effort_range: tuple[int, int] | None
    impacts: tuple[int, ...] = ()
    efforts: tuple[int, ...] = ()

    @property
    def quadrant(self) -> str | None:
        return quadrant(self.impact_median, self.effort_median)

    @property
    def quadrant_label(self) -> str:
        return QUADRANT_LABELS.get(self.quadrant, "Not rated yet")


def aggregate(pairs: list[tuple[int, int]]) -> Aggregate:
    """``pairs`` are (impact, effort) ratings of one candidate."""
    impacts = [p[0] for p in pairs]
    efforts = [p[1] for p in pairs]
    return Aggregate(
        count=len(pairs),
        impact_median=median(impacts),
        impact_iqr=iqr(impacts),
        impact_range=(min(impacts), max(impacts)) if impacts else None,
        effort_median=median(efforts),
        effort_iqr=iqr(efforts),
        effort_range=(min(efforts), max(efforts)) if efforts else None,
        impacts=tuple(impacts),
        efforts=tuple(efforts),
    )


def rank_key(title: str, impact: float | None, effort: float | None) -> tuple:
    """Ranked list order: impact median high to low, effort median low to high, then title.
    Unrated candidates come last."""
    return (
        impact is None,
        -(impact or 0),
        effort if effort is not None else 99,
        title.lower(),
    )
