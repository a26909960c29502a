"""The workforce figure charts: server-drawn, accessible SVG that reads in black and white.

    line_chart(uid="sip", title="Staff in post", description="...", labels=[...], series=[Series("FTE", [...])])
    bar_chart(...)      # vertical bars, one group per label (vacancies by period)
    hbar_chart(...)     # horizontal bars, one group per label (age profile, GP per 10,000, population)

Pure functions: figures in, an SVG string out (no Django, no queries). Like the Star chart
(``lodestar.workshops.charts``) each SVG has role="img", a <title> and a <desc> named by
aria-labelledby, and the page puts the same figures in a table beneath it. Only greys are used;
series differ by dash and marker shape (lines) or by fill and hatching (bars), a legend names
each in words, and every bar carries its value, so nothing depends on colour. A value of None
(suppressed, or not known) draws nothing; bars show "*" in its place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

INK = "#1d1d1d"
DARK = "#4c4c4c"
MID = "#767676"
LIGHT = "#b3b3b3"
GRID = "#e3e3e3"
WHITE = "#ffffff"
FONT = 'font-family="Arial, sans-serif"'
WIDTH = 640
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 64, 36, 16, 72  # room for axis labels and, beneath, the legend
MAX_X_LABELS = 8

# (stroke, dash, marker) per line series: solid circles, dashed squares, dotted triangles, dash-dot diamonds.
LINE_STYLES = [(INK, "", "circle"), (DARK, "8 5", "square"), (MID, "2 4", "triangle"), (INK, "10 4 2 4", "diamond")]
# (fill, pattern) per bar series: dark grey, white with diagonal hatching, light grey, white with dots.
BAR_STYLES = [(DARK, ""), (WHITE, "hatch"), (LIGHT, ""), (WHITE, "dots")]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def nice_top(largest: float) -> float:
    """A round number at or above ``largest`` for the top of the value axis."""
    if largest <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(largest))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if largest <= factor * step:
            return factor * step
    return 10 * step  # pragma: no cover - the loop always returns


def number(value: float) -> str:
    """A figure as a chart label: 1,234 or 12.3."""
    if value is None:
        return "*"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _largest(series: Sequence[Series]) -> float:
    return max((v for s in series for v in s.values if v is not None), default=0.0)


def _open(uid: str, title: str, description: str, width: int, height: int) -> list[str]:
    uid = escape(uid)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" focusable="false" class="lodestar-figure-chart">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)} The table below the chart gives every figure.</desc>',
        "<defs>",
        f'<pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{WHITE}"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern>',
        f'<pattern id="{uid}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="{WHITE}"/><circle cx="2.5" cy="2.5" r="1.2" fill="{INK}"/></pattern>',
        "</defs>",
    ]


def _text(x: float, y: float, words: str, *, anchor: str = "start", size: int = 12, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight} fill="{INK}" {FONT}>'
        f"{escape(words)}</text>"
    )


def _marker(shape: str, x: float, y: float, stroke: str) -> str:
    cls = 'class="lodestar-chart__point"'
    if shape == "circle":
        return f'<circle {cls} cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{stroke}"/>'
    if shape == "square":
        return f'<rect {cls} x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{WHITE}" stroke="{stroke}" stroke-width="2"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon {cls} points="{points}" fill="{stroke}"/>'
    points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    return f'<polygon {cls} points="{points}" fill="{WHITE}" stroke="{stroke}" stroke-width="2"/>'


def _bar_fill(uid: str, index: int) -> str:
    fill, pattern = BAR_STYLES[index % len(BAR_STYLES)]
    return f"url(#{escape(uid)}-{pattern})" if pattern else fill


def _value_axis(top: float, unit: str, height: int) -> list[str]:
    """Horizontal grid lines at 0, half and the top, labelled; the unit up the side."""
    inner = height - TOP - BOTTOM
    out = []
    for value in (0, top / 2, top):
        y = TOP + inner - inner * value / top
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(LEFT - 6, y + 4, number(value), anchor="end"))
    if unit:
        out.append(_text(4, TOP - 4 if TOP > 12 else 12, unit, size=11))
    return out


def _x_labels(labels: Sequence[str], xs: Sequence[float], baseline: float) -> list[str]:
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    shown = [i for i in range(len(labels)) if i % every == 0 or i == len(labels) - 1]
    if len(shown) > 1 and shown[-1] - shown[-2] < every:
        shown.pop(-2)  # the last label is always shown; drop its crowded neighbour
    return [_text(xs[i], baseline + 18, labels[i], anchor="middle", size=11) for i in shown]


def _legend(uid: str, series: Sequence[Series], y: float, kind: str) -> list[str]:
    out, x = [], LEFT
    for index, s in enumerate(series):
        if kind == "line":
            stroke, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 30}" y2="{y}" stroke="{stroke}" stroke-width="2.5"{dash_attr}/>'
            )
            out.append(_marker(shape, x + 15, y, stroke).replace('class="lodestar-chart__point"', 'class="key"'))
        else:
            out.append(
                f'<rect x="{x}" y="{y - 7}" width="24" height="14" fill="{_bar_fill(uid, index)}" stroke="{INK}" stroke-width="1"/>'
            )
        out.append(_text(x + 36, y + 4, s.name))
        x += 48 + 7 * len(s.name)
    return out


def line_chart(
    *, uid: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], unit: str = ""
) -> Markup:
    """Lines over ``labels`` (periods), one per series, with a marker at every known value."""
    top = nice_top(_largest(series))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(labels) - 1, 1)
    xs = [LEFT + (i * step if len(labels) > 1 else inner_w / 2) for i in range(len(labels))]
    out = _open(uid, title, description, WIDTH, HEIGHT) + _value_axis(top, unit, HEIGHT)
    for index, s in enumerate(series):
        stroke, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(xs[i], TOP + inner_h - inner_h * v / top) for i, v in enumerate(s.values) if v is not None]
        runs, run = [], []
        for i, v in enumerate(s.values):  # a gap (None) breaks the line
            if v is None:
                runs, run = runs + [run] if run else runs, []
            else:
                run.append((xs[i], TOP + inner_h - inner_h * v / top))
        runs += [run] if run else []
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="2.5"{dash_attr}/>')
        out += [_marker(shape, x, y, stroke) for x, y in points]
    out += _x_labels(labels, xs, TOP + inner_h)
    out += _legend(uid, series, HEIGHT - 16, "line")
    out.append("</svg>")
    return Markup("\n".join(out))


def bar_chart(
    *, uid: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], unit: str = ""
) -> Markup:
    """Vertical bars, a group per label and a bar per series, each labelled with its value."""
    top = nice_top(_largest(series))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / max(len(labels), 1)
    width = slot * 0.7 / max(len(series), 1)
    baseline = TOP + inner_h
    out = _open(uid, title, description, WIDTH, HEIGHT) + _value_axis(top, unit, HEIGHT)
    for index, s in enumerate(series):
        for i, value in enumerate(s.values):
            x = LEFT + i * slot + slot * 0.15 + index * width
            if value is None:
                out.append(_text(x + width / 2, baseline - 4, "*", anchor="middle"))
                continue
            height = inner_h * value / top
            out.append(
                f'<rect class="lodestar-chart__bar" x="{x:.1f}" y="{baseline - height:.1f}" width="{width:.1f}" '
                f'height="{height:.1f}" fill="{_bar_fill(uid, index)}" stroke="{INK}" stroke-width="1"/>'
            )
            if len(labels) * len(series) <= 16:
                out.append(_text(x + width / 2, baseline - height - 4, number(value), anchor="middle", size=10))
    xs = [LEFT + i * slot + slot / 2 for i in range(len(labels))]
    out += _x_labels(labels, xs, baseline)
    out += _legend(uid, series, HEIGHT - 16, "bar")
    out.append("</svg>")
    return Markup("\n".join(out))


def hbar_chart(
    *, uid: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], unit: str = ""
) -> Markup:
    """Horizontal bars, a group per label (age band, practice) and a bar per series, each
    labelled with its value at its end (a population pyramid's one side when there is one series)."""
    left, bar_h, gap = 170, 16, 10
    group_h = bar_h * max(len(series), 1) + gap
    height = TOP + group_h * len(labels) + 56
    top = nice_top(_largest(series))
    inner_w = WIDTH - left - RIGHT - 56  # room for the value after the longest bar
    out = _open(uid, title, description, WIDTH, height)
    if unit:
        out.append(_text(left, TOP - 4 if TOP > 12 else 12, unit, size=11))
    for i, label in enumerate(labels):
        y0 = TOP + i * group_h
        out.append(_text(left - 8, y0 + group_h / 2, label[:26], anchor="end"))
        for index, s in enumerate(series):
            value = s.values[i]
            y = y0 + index * bar_h
            if value is None:
                out.append(_text(left + 4, y + bar_h - 4, "*"))
                continue
            length = inner_w * value / top
            out.append(
                f'<rect class="lodestar-chart__bar" x="{left}" y="{y:.1f}" width="{length:.1f}" height="{bar_h - 2}" '
                f'fill="{_bar_fill(uid, index)}" stroke="{INK}" stroke-width="1"/>'
            )
            out.append(_text(left + length + 4, y + bar_h - 4, number(value), size=11))
    axis_y = TOP + group_h * len(labels)
    out.append(f'<line x1="{left}" x2="{left}" y1="{TOP}" y2="{axis_y}" stroke="{INK}" stroke-width="1"/>')
    out += _legend(uid, series, height - 16, "bar")
    out.append("</svg>")
    return Markup("\n".join(out))
