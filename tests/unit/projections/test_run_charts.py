"""The projection charts: accessible SVG (title and desc named by aria-labelledby), greys only,
negative gaps with a zero line, and a legend that grows the chart rather than spilling out."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lodestar.projections import charts
from lodestar.workforce.charts import Series

YEARS = [2026, 2027, 2028]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def colours(svg) -> set[str]:
    return set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', str(svg)))


def test_the_fan_chart_names_itself_and_says_its_figures_in_words():
    svg = charts.fan_chart(
        uid="fan-1",
        title="Supply against demand: all staff groups",
        years=YEARS,
        supply={
            "p5": [90, 80, 70],
            "p25": [95, 88, 80],
            "p50": [100, 95, 90],
            "p75": [105, 100, 98],
            "p95": [110, 108, 105],
        },
        demand=[120, 125, 130],
    )
    root = parse(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "fan-1-title fan-1-desc"
    assert root.find(f"{ns}title").text == "Supply against demand: all staff groups"
    desc = root.find(f"{ns}desc").text
    assert "In 2028 supply is most likely 90 FTE (likely range 70 to 105) against demand of 130 FTE." in desc
    assert len(root.findall(f"{ns}polygon[@class='lodestar-chart__band']")) == 2
    assert "Supply, most likely" in str(svg) and "Demand" in str(svg)


def test_only_greys_are_used():
    svg = charts.gap_chart(uid="g", title="Gap", years=YEARS, mean=[10, 5, -3], low=[5, -2, -10], high=[15, 12, 4])
    for colour in colours(svg):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert r == g == b, colour


def test_a_gap_below_zero_draws_a_zero_line_and_a_negative_axis():
    svg = str(charts.gap_chart(uid="g", title="Gap", years=YEARS, mean=[10, 5, -3], low=[5, -2, -10], high=[15, 12, 4]))
    assert ">-10<" in svg or ">-20<" in svg
    assert 'stroke-width="1.5"' in svg  # the zero line
    assert "likely range -10 to 4" in svg


def test_many_series_make_the_chart_taller_to_hold_the_legend():
    few = parse(charts.band_chart(uid="a", title="t", description="d", labels=["1", "2"], lines=[Series("A", [1, 2])]))
    many = parse(
        charts.band_chart(
            uid="b",
            title="t",
            description="d",
            labels=["1", "2"],
            bands=[charts.Band(f"Run {i}: likely range", [0, 1], [2, 3]) for i in range(8)],
            lines=[Series(f"Run {i}: average", [1, 2]) for i in range(8)],
            overlap=True,
        )
    )
    height = lambda root: float(root.get("viewBox").split()[3])  # noqa: E731
    assert height(many) > height(few)
    assert max(float(t.get("y")) for t in many.iter("{http://www.w3.org/2000/svg}text")) < height(many)


def test_text_is_escaped():
    svg = str(charts.band_chart(uid="x", title="<b>", description="a & b", labels=["1"], lines=[Series("<i>", [1])]))
    parse(svg)
    assert "<b>" not in svg and "&lt;i&gt;" in svg
