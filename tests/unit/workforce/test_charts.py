"""The workforce charts read without colour and without sight: a title and a description named
by aria-labelledby, one marker or bar per known figure, greys only, and words for every series."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from lodestar.workforce import charts

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"]


def line():
    return charts.line_chart(
        uid="sip",
        title="Staff in post, Trust A",
        description="FTE and headcount by month.",
        labels=LABELS,
        series=[
            charts.Series("FTE (solid line)", [10.5, 11, None, 12]),
            charts.Series("Headcount (dashed line)", [12, 13, 14, 15]),
        ],
        unit="Staff",
    )


def bars():
    return charts.bar_chart(
        uid="vac",
        title="Vacancies",
        description="Vacancies by quarter.",
        labels=LABELS,
        series=[charts.Series("Vacancies (FTE)", [3, 4.5, None, 8])],
    )


def hbars():
    return charts.hbar_chart(
        uid="gp",
        title="GP workforce per 10,000 patients",
        description="By practice.",
        labels=["Practice A", "Practice B"],
        series=[charts.Series("GPs", [5.5, 6]), charts.Series("Nurses", [2, None])],
    )


ALL = {"line": line, "bar": bars, "hbar": hbars}


@pytest.mark.parametrize("draw", ALL.values(), ids=ALL.keys())
def test_a_chart_is_an_image_named_by_its_title_and_description(draw):
    svg = ET.fromstring(str(draw()))
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "table below the chart" in desc.text


def test_a_line_chart_has_a_marker_per_known_figure_and_breaks_at_a_gap():
    svg = ET.fromstring(str(line()))
    points = [e for e in svg.iter() if e.get("class") == "lodestar-chart__point"]
    assert len(points) == 3 + 4  # FTE has a gap (a suppressed month)
    solid_runs = [e for e in svg.iter(f"{SVG}polyline") if not e.get("stroke-dasharray")]
    assert len(solid_runs) == 1  # Jan-Feb joined; Apr stands alone after the gap
    assert len(svg.findall(f"{SVG}polyline")) == 2


@pytest.mark.parametrize(("draw", "count"), [(bars, 3), (hbars, 3)], ids=["bar", "hbar"])
def test_a_bar_chart_has_a_bar_per_known_figure_and_a_star_for_a_hidden_one(draw, count):
    svg = ET.fromstring(str(draw()))
    assert len([e for e in svg.iter() if e.get("class") == "lodestar-chart__bar"]) == count
    assert "*" in [t.text for t in svg.iter(f"{SVG}text")]


@pytest.mark.parametrize("draw", ALL.values(), ids=ALL.keys())
def test_charts_use_greys_only(draw):
    colours = re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', str(draw()))
    assert colours
    for colour in colours:
        red, green, blue = colour[1:3], colour[3:5], colour[5:7]
        assert red == green == blue, f"{colour} is not a grey"


def test_series_differ_by_more_than_shade_and_are_named_in_words():
    svg = str(line())
    assert 'stroke-dasharray="8 5"' in svg  # the second line is dashed
    assert "<rect" in svg and "<circle" in svg  # square and round markers
    assert "FTE (solid line)" in svg and "Headcount (dashed line)" in svg
    two = str(hbars())
    assert "url(#gp-hatch)" in two  # the second bar series is hatched, not just lighter


def test_text_is_escaped():
    svg = charts.hbar_chart(
        uid="x", title="<script>", description="a & b", labels=["<b>"], series=[charts.Series("s", [1])]
    )
    ET.fromstring(str(svg))  # well-formed
    assert "<script>" not in str(svg) and "&lt;b&gt;" in str(svg)


def test_long_time_series_thin_their_labels():
    labels = [f"M{i}" for i in range(24)]
    svg = charts.line_chart(
        uid="t", title="t", description="d", labels=labels, series=[charts.Series("s", list(range(24)))]
    )
    shown = re.findall(r">(M\d+)<", str(svg))
    assert "M0" in shown and "M23" in shown and len(shown) <= charts.MAX_X_LABELS + 1


@pytest.mark.parametrize(
    ("largest", "top"), [(0, 1), (7, 8), (18, 20), (218.5, 250), (276, 300), (1200, 1500), (0.35, 0.4)]
)
def test_the_value_axis_ends_at_a_round_number(largest, top):
    assert charts.nice_top(largest) == top
