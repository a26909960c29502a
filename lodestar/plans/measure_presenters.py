"""Shape a success measure's series for the action page: a small line chart (SVG coordinates and
a sentence describing it for screen readers). The table beside it holds every value, so the
chart only adds the shape."""

from __future__ import annotations

from decimal import Decimal

from lodestar.plans.models import MeasureValue, SuccessMeasure

WIDTH, HEIGHT = 600, 200
LEFT, RIGHT, TOP, BOTTOM = 12, 588, 24, 176


def _scale(value: Decimal, low: Decimal, high: Decimal) -> float:
    if high == low:
        return (TOP + BOTTOM) / 2
    return round(BOTTOM - float((value - low) / (high - low)) * (BOTTOM - TOP), 1)


def measure_chart(measure: SuccessMeasure, series: list[MeasureValue]) -> dict | None:
    """Coordinates for the measure's values (oldest on the left, evenly spaced) and its target
    line; None for no values."""
    if not series:
        return None
    numbers = [v.value for v in series] + ([measure.target] if measure.target is not None else [])
    low, high = min(numbers), max(numbers)
    step = (RIGHT - LEFT) / max(len(series) - 1, 1)
    dots = [
        (round(LEFT + i * step if len(series) > 1 else (LEFT + RIGHT) / 2, 1), _scale(v.value, low, high))
        for i, v in enumerate(series)
    ]
    first, last = series[0], series[-1]
    description = f"{len(series)} value{'s' if len(series) != 1 else ''}: {first.shown} on {first.date:%-d %B %Y}"
    if len(series) > 1:
        description += f", then {last.shown} on {last.date:%-d %B %Y}"
    if measure.target is not None:
        description += f". The target is {measure.shown('target')}"
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": RIGHT,
        "points": " ".join(f"{x},{y}" for x, y in dots),
        "dots": dots,
        "target_y": _scale(measure.target, low, high) if measure.target is not None else None,
        "description": description + ".",
    }
