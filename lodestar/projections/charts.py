"""Projection charts: server-drawn, accessible SVG in greys, drawn with the conventions of
``lodestar.workforce.charts`` (its greys, fonts, line styles, title/desc and legend).

    band_chart(uid=..., title=..., description=..., labels=[years], bands=[Band(...)], lines=[Series(...)])

A band is a likely range (lowest to highest, e.g. the 5th to the 95th percentile) drawn as a
filled area; a line is a central figure (the median or the mean) with a marker at each year.
Values may be negative (a gap below zero is a surplus), so the value axis runs from the lowest
to the highest figure and a zero line is drawn when zero is inside it. Like every Lodestar chart
the page puts the same figures in a table beneath it; nothing depends on colour (bands differ by
shade and hatching, lines by dash and marker, and a legend names each in words).

``fan_chart`` (supply against demand) and ``gap_chart`` (the gap with its range) build on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from lodestar.workforce.charts import (
    BOTTOM,
    GRID,
    HEIGHT,
    INK,
    LEFT,
    LIGHT,
    LINE_STYLES,
    RIGHT,
    TOP,
    WIDTH,
    Series,
    _marker,
    _open,
    _text,
    _x_labels,
    nice_top,
    number,
)

BAND_FILLS = [LIGHT, "#8f8f8f", "hatch", "dots"]  # outer range light, inner range darker, then patterns


@dataclass(frozen=True)
class Band:
    name: str
    low: Sequence[float | None]
    high: Sequence[float | None]


def _bounds(bands: Sequence[Band], lines: Sequence[Series]) -> tuple[float, float]:
    values = [v for b in bands for v in (*b.low, *b.high) if v is not None]
    values += [v for s in lines for v in s.values if v is not None]
    lo, hi = min(values, default=0.0), max(values, default=0.0)
    top = nice_top(hi) if hi > 0 else 0.0
    bottom = -nice_top(-lo) if lo < 0 else 0.0
    if top == bottom:
        top = 1.0
    return bottom, top


def _band_fill(uid: str, index: int, overlap: bool) -> tuple[str, str]:
    fill = BAND_FILLS[index % len(BAND_FILLS)]
    if fill in ("hatch", "dots"):
        return f"url(#{escape(uid)}-{fill})", "0.6"
    return fill, "0.45" if overlap else "1"


def _axis(bottom: float, top: float, unit: str) -> list[str]:
    inner = HEIGHT - TOP - BOTTOM
    out = []
    ticks = sorted({bottom, top, 0.0, (bottom + top) / 2} if bottom < 0 else {0.0, top / 2, top})
    for value in ticks:
        y = TOP + inner - inner * (value - bottom) / (top - bottom)
        stroke, width = (INK, 1.5) if value == 0 and bottom < 0 else (GRID, 1)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{stroke}" stroke-width="{width}"/>'
        )
        out.append(_text(LEFT - 6, y + 4, number(value), anchor="end"))
    if unit:
        out.append(_text(4, TOP - 4 if TOP > 12 else 12, unit, size=11))
    return out


def _legend(
    uid: str, bands: Sequence[Band], lines: Sequence[Series], overlap: bool, top: float
) -> tuple[list[str], float]:
    """Rows of keys from ``top`` down, wrapped to the chart's width; returns them and the y under the last row."""
    out, x, y = [], LEFT, top
    keys = [("band", i, b.name) for i, b in enumerate(bands)] + [("line", i, s.name) for i, s in enumerate(lines)]
    for kind, index, name in keys:
        width = 48 + 7 * len(name)
        if x + width > WIDTH and x > LEFT:
            x, y = LEFT, y + 22
        if kind == "band":
            fill, opacity = _band_fill(uid, index, overlap)
            out.append(
                f'<rect x="{x}" y="{y - 7}" width="24" height="14" fill="{fill}" fill-opacity="{opacity}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
        else:
            stroke, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 30}" y2="{y}" stroke="{stroke}" stroke-width="2.5"{dash_attr}/>'
            )
            out.append(_marker(shape, x + 15, y, stroke).replace('class="lodestar-chart__point"', 'class="key"'))
        out.append(_text(x + 36, y + 4, name))
        x += width
    return out, y + 16


def band_chart(
    *,
    uid: str,
    title: str,
    description: str,
    labels: Sequence[str],
    bands: Sequence[Band] = (),
    lines: Sequence[Series] = (),
    unit: str = "",
    overlap: bool = False,
) -> Markup:
    """Filled ranges (``bands``, drawn first) and lines over ``labels`` (years).

    ``overlap``: the bands belong to different things (runs compared) and may cover each other,
    so they are drawn see-through."""
    bottom, top = _bounds(bands, lines)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(labels) - 1, 1)
    xs = [LEFT + (i * step if len(labels) > 1 else inner_w / 2) for i in range(len(labels))]

    def y_of(value: float) -> float:
        return TOP + inner_h - inner_h * (value - bottom) / (top - bottom)

    keys, height = _legend(uid, bands, lines, overlap, TOP + inner_h + 40)
    out = _open(uid, title, description, WIDTH, max(HEIGHT, round(height))) + _axis(bottom, top, unit)
    for index, band in enumerate(bands):
        fill, opacity = _band_fill(uid, index, overlap)
        known = [i for i in range(len(labels)) if band.low[i] is not None and band.high[i] is not None]
        if not known:
            continue
        upper = [f"{xs[i]:.1f},{y_of(band.high[i]):.1f}" for i in known]
        lower = [f"{xs[i]:.1f},{y_of(band.low[i]):.1f}" for i in reversed(known)]
        out.append(
            f'<polygon class="lodestar-chart__band" points="{" ".join(upper + lower)}" fill="{fill}" '
            f'fill-opacity="{opacity}" stroke="{INK}" stroke-width="0.5"/>'
        )
    for index, s in enumerate(lines):
        stroke, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(xs[i], y_of(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="2.5"{dash_attr}/>')
        if len(points) <= 20:
            out += [_marker(shape, x, y, stroke) for x, y in points]
    out += _x_labels(labels, xs, TOP + inner_h)
    out += keys
    out.append("</svg>")
    return Markup("\n".join(out))


def fan_chart(
    *,
    uid: str,
    title: str,
    years: Sequence[int],
    supply: dict[str, Sequence[float | None]],
    demand: Sequence[float | None],
) -> Markup:
    """Supply's likely ranges (5th to 95th and 25th to 75th percentile) and its median against
    the demand line. ``supply`` holds the lists p5, p25, p50, p75, p95."""
    first, last = years[0], years[-1]
    description = (
        f"Staff in post (full-time equivalent) projected from {first} to {last}. The light band is the "
        f"likely range of supply (9 in 10 runs fall inside it), the darker band the middle half of runs, "
        f"the solid line the most likely supply (the median) and the dashed line the demand. "
        f"In {last} supply is most likely {number(_round(supply['p50'][-1]))} FTE "
        f"(likely range {number(_round(supply['p5'][-1]))} to {number(_round(supply['p95'][-1]))}) "
        f"against demand of {number(_round(demand[-1]))} FTE."
    )
    return band_chart(
        uid=uid,
        title=title,
        description=description,
        labels=[str(y) for y in years],
        bands=[
            Band("Supply, likely range (5th to 95th percentile)", supply["p5"], supply["p95"]),
            Band("Supply, middle half of runs", supply["p25"], supply["p75"]),
        ],
        lines=[Series("Supply, most likely", supply["p50"]), Series("Demand", demand)],
        unit="FTE",
    )


def gap_chart(
    *,
    uid: str,
    title: str,
    years: Sequence[int],
    mean: Sequence[float | None],
    low: Sequence[float | None],
    high: Sequence[float | None],
) -> Markup:
    """The gap (demand minus supply) by year: its average and its likely range."""
    last = years[-1]
    description = (
        f"The gap between demand and supply (full-time equivalent; above zero is a shortfall, below zero "
        f"a surplus) from {years[0]} to {last}: the band is its likely range (5th to 95th percentile) "
        f"and the line its average. In {last} the gap is on average {number(_round(mean[-1]))} FTE "
        f"(likely range {number(_round(low[-1]))} to {number(_round(high[-1]))})."
    )
    return band_chart(
        uid=uid,
        title=title,
        description=description,
        labels=[str(y) for y in years],
        bands=[Band("Gap, likely range (5th to 95th percentile)", low, high)],
        lines=[Series("Gap, average", mean)],
        unit="FTE",
    )


def _round(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(round(value))
