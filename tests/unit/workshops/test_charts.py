"""The Star chart SVG: accessible and readable in black and white."""

from types import SimpleNamespace

from lodestar.workshops import charts


def test_svg_has_title_desc_two_polygons_and_labels():
    rows = [
        charts.ChartRow("supply", "Supply", 2, 4),
        charts.ChartRow("upskilling", "Up-skilling", 3, 4),
        charts.ChartRow("new-roles", "New roles", None, 3),
        charts.ChartRow("new-ways-of-working", "New ways of working", 2, 3),
        charts.ChartRow("leadership", "Leadership & culture", 3, 5),
    ]
    svg = str(charts.star_chart_svg(SimpleNamespace(pk=7, title="Nursing <test>"), rows))
    assert 'role="img"' in svg and 'aria-labelledby="star-chart-7-title star-chart-7-desc"' in svg
    assert '<title id="star-chart-7-title">Star chart for Nursing &lt;test&gt;' in svg
    assert "Supply: current 2, target 4" in svg and "New roles: current not scored, target 3" in svg
    assert svg.count("lodestar-star-chart__current") == 1 and svg.count("lodestar-star-chart__target") == 1
    assert 'stroke-dasharray="8 5"' in svg  # target dashed: not colour alone
    assert "Leadership &amp; culture" in svg
    assert "style=" not in svg  # CSP: no inline styles


def test_gap_and_labels():
    row = charts.ChartRow("supply", "Supply", 2, 4)
    assert row.gap == 2 and row.current_label == "2 - Early steps" and row.target_label == "4 - Established"
    assert charts.ChartRow("supply", "Supply", None, 4).gap is None


def test_point_names_fit_inside_the_chart():
    """Reviewers saw 'eadership', 'Up-skillin' and 'w ways of working': labels ran off the SVG."""
    import re

    rows = [
        charts.ChartRow("supply", "Supply", 2, 4),
        charts.ChartRow("upskilling", "Up-skilling", 3, 4),
        charts.ChartRow("new-roles", "New roles", 2, 4),
        charts.ChartRow("new-ways-of-working", "New ways of working", 2, 3),
        charts.ChartRow("leadership", "Leadership", 3, 4),
    ]
    svg = str(charts.star_chart_svg(SimpleNamespace(pk=1, title="T"), rows))
    min_x, _, width, _ = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    labels = re.findall(r'<text x="([\d.-]+)" y="[\d.-]+" text-anchor="(\w+)" font-size="14"[^>]*>([^<]+)</text>', svg)
    assert len(labels) == 5
    for x, anchor, name in labels:
        text_width = len(name) * 14 * 0.62  # generous average width of bold Arial
        left = {"start": float(x), "middle": float(x) - text_width / 2, "end": float(x) - text_width}[anchor]
        assert left >= min_x and left + text_width <= min_x + width, f"{name} is cut off"
