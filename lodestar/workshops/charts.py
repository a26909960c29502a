"""The Star chart: a server-rendered, accessible SVG radar of current against target maturity.

Current is a solid line with round markers, target a dashed line with square markers, so the
two can be told apart in black and white.  The SVG carries a <title> and <desc> (read by
screen readers through role="img" and aria-labelledby) and pages put the same figures in a
data table next to it (``chart_rows``).  Only presentation attributes are used (no style=""),
so it works under the content security policy and in PDF exports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from lodestar.star import vocab
from lodestar.workshops import scale

SIZE = 440
CENTRE = SIZE / 2
RADIUS = 140
# Room either side for the point names ("New ways of working" sits far left of its axis).
PAD = 60


@dataclass(frozen=True)
class ChartRow:
    key: str
    name: str
    current: int | None
    target: int | None

    @property
    def gap(self) -> int | None:
        if self.current is None or self.target is None:
            return None
        return self.target - self.current

    @property
    def current_label(self) -> str:
        return scale.describe(self.key, self.current)

    @property
    def target_label(self) -> str:
        return scale.describe(self.key, self.target)


def chart_rows(workshop) -> list[ChartRow]:
    """One row per Star point, in the Star's order, with the workshop's agreed scores."""
    from lodestar.star.models import StarPoint

    by_key = {a.point.key: a for a in workshop.assessments.select_related("point")}
    points = [(p.key, p.name) for p in StarPoint.objects.order_by("order")] or list(vocab.STAR_POINTS)
    rows = []
    for key, name in points:
        a = by_key.get(key)
        rows.append(ChartRow(key, name, a.current_score if a else None, a.target_score if a else None))
    return rows


def _xy(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * value / 5
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _points(values: list[float]) -> str:
    n = len(values)
    return " ".join(f"{x},{y}" for x, y in (_xy(i, n, v) for i, v in enumerate(values)))


def describe_rows(rows: list[ChartRow]) -> str:
    parts = []
    for row in rows:
        current = "not scored" if row.current is None else f"{row.current}"
        target = "not scored" if row.target is None else f"{row.target}"
        parts.append(f"{row.name}: current {current}, target {target}")
    return "Maturity on a scale of 1 to 5. " + "; ".join(parts) + "."


def star_chart_svg(workshop, rows: list[ChartRow] | None = None) -> Markup:
    rows = rows if rows is not None else chart_rows(workshop)
    n = len(rows)
    uid = f"star-chart-{workshop.pk}"
    title = f"Star chart for {workshop.title}: current and target maturity"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-PAD} 0 {SIZE + 2 * PAD} {SIZE + 40}" width="{SIZE + 2 * PAD}" '
        f'height="{SIZE + 40}" role="img" aria-labelledby="{uid}-title {uid}-desc" class="lodestar-star-chart">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(describe_rows(rows))}</desc>',
        '<g fill="none" stroke="#aeb7bd" stroke-width="1">',
    ]
    for level in range(1, 6):
        out.append(f'<polygon points="{_points([level] * n)}"/>')
    for i in range(n):
        x, y = _xy(i, n, 5)
        out.append(f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x}" y2="{y}"/>')
    out.append("</g>")
    # Level numbers up the first axis.
    for level in range(1, 6):
        x, y = _xy(0, n, level)
        out.append(
            f'<text x="{x + 4}" y="{y + 4}" font-size="11" fill="#4c6272" font-family="Arial, sans-serif">{level}</text>'
        )
    current = [r.current or 0 for r in rows]
    target = [r.target or 0 for r in rows]
    out.append(
        f'<polygon points="{_points(target)}" fill="none" stroke="#212b32" stroke-width="2.5" '
        f'stroke-dasharray="8 5" class="lodestar-star-chart__target"/>'
    )
    out.append(
        f'<polygon points="{_points(current)}" fill="#005eb8" fill-opacity="0.25" stroke="#005eb8" '
        f'stroke-width="2.5" class="lodestar-star-chart__current"/>'
    )
    for i, v in enumerate(target):
        if v:
            x, y = _xy(i, n, v)
            out.append(
                f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="#ffffff" stroke="#212b32" stroke-width="2"/>'
            )
    for i, v in enumerate(current):
        if v:
            x, y = _xy(i, n, v)
            out.append(f'<circle cx="{x}" cy="{y}" r="4.5" fill="#005eb8"/>')
    for i, row in enumerate(rows):
        x, y = _xy(i, n, 5.9)
        anchor = "middle" if abs(x - CENTRE) < 10 else ("start" if x > CENTRE else "end")
        out.append(
            f'<text x="{x}" y="{y + 4}" text-anchor="{anchor}" font-size="14" font-weight="bold" '
            f'fill="#212b32" font-family="Arial, sans-serif">{escape(row.name)}</text>'
        )
    # Legend: words as well as line styles, so colour is never the only cue.
    ly = SIZE + 12
    out.append(f'<line x1="40" y1="{ly}" x2="80" y2="{ly}" stroke="#005eb8" stroke-width="3"/>')
    out.append(f'<circle cx="60" cy="{ly}" r="4.5" fill="#005eb8"/>')
    out.append(
        f'<text x="88" y="{ly + 5}" font-size="13" fill="#212b32" font-family="Arial, sans-serif">Current (solid line)</text>'
    )
    out.append(
        f'<line x1="240" y1="{ly}" x2="280" y2="{ly}" stroke="#212b32" stroke-width="3" stroke-dasharray="8 5"/>'
    )
    out.append(f'<rect x="256" y="{ly - 4}" width="8" height="8" fill="#ffffff" stroke="#212b32" stroke-width="2"/>')
    out.append(
        f'<text x="288" y="{ly + 5}" font-size="13" fill="#212b32" font-family="Arial, sans-serif">Target (dashed line)</text>'
    )
    out.append("</svg>")
    return Markup("\n".join(out))
