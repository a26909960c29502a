"""The fan chart and the gap waterfall: what they show, that they read without colour, and that they render offline."""

from __future__ import annotations

import json
import re

import pytest

from lodestar.engine.charts import fan_chart, render_chart, save_chart, waterfall_chart
from tests.factories.fake_projection import FakeProjectionResult

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _spec(chart) -> dict:
    return chart.to_dict()


def _layer_marks(spec: dict) -> list[dict]:
    return [layer["mark"] for layer in spec["layer"]]


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def _greys_only(value: str) -> bool:
    value = value.lstrip("#")
    return len(value) == 6 and value[0:2] == value[2:4] == value[4:6]


def test_fan_chart_has_a_title_and_plain_axis_titles():
    spec = _spec(fan_chart(FakeProjectionResult()))
    assert spec["title"]["text"].startswith("Projected supply against demand, all staff groups")
    titles = {
        layer["encoding"]["y"].get("title") for layer in spec["layer"] if "title" in layer["encoding"].get("y", {})
    }
    assert "Full-time equivalent staff (FTE)" in titles
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Year"


def test_fan_chart_shows_both_bands_the_median_and_a_dashed_demand_line():
    spec = _spec(fan_chart(FakeProjectionResult(runs=500)))
    marks = _layer_marks(spec)
    areas = [m for m in marks if m["type"] == "area"]
    lines = [m for m in marks if m["type"] == "line"]
    assert len(areas) == 2
    assert {a["color"] for a in areas} == {"#d9d9d9", "#9a9a9a"}  # told apart by lightness
    assert len(lines) == 2
    assert sum(1 for m in lines if "strokeDash" in m) == 1  # demand is dashed, supply is solid
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert {"y": "p5", "y2": "p95"} in [{"y": e["y"]["field"], "y2": e["y2"]["field"]} for e in encodings if "y2" in e]
    assert {"y": "p25", "y2": "p75"} in [{"y": e["y"]["field"], "y2": e["y2"]["field"]} for e in encodings if "y2" in e]


def test_fan_chart_labels_its_lines_directly():
    spec = _spec(fan_chart(FakeProjectionResult(runs=500)))
    labels = {row["label"] for rows in _datasets(spec) for row in rows if "label" in row}
    assert labels == {"Supply (median)", "Demand"}


def test_no_chart_uses_hue_to_carry_meaning():
    for chart in (fan_chart(FakeProjectionResult()), waterfall_chart(FakeProjectionResult())):
        text = json.dumps(_spec(chart))
        colours = set(re.findall(r'"#[0-9a-fA-F]{6}"', text))
        assert colours, "the charts set their own greys"
        assert all(_greys_only(c.strip('"')) for c in colours), colours


def test_fan_chart_plots_the_all_staff_row_by_year():
    result = FakeProjectionResult()
    spec = _spec(fan_chart(result))
    rows = max(_datasets(spec), key=len)
    assert [r["year"] for r in rows] == list(result.years)
    expected = result.summary().filter(staff_group="all", measure="supply_fte").get_column("p50").to_list()
    assert [r["p50"] for r in rows] == pytest.approx(expected)


def test_fan_chart_for_one_staff_group_and_an_unknown_group():
    spec = _spec(fan_chart(FakeProjectionResult(), staff_group="support-workers"))
    assert "support-workers" in spec["title"]["text"]
    with pytest.raises(ValueError, match="no staff group 'porters'.*registered-nurses"):
        fan_chart(FakeProjectionResult(), staff_group="porters")


def test_a_single_deterministic_run_draws_no_bands():
    spec = _spec(fan_chart(FakeProjectionResult(runs=1)))
    assert all(m["type"] != "area" for m in _layer_marks(spec))
    assert "no uncertainty bands" in " ".join(spec["title"]["subtitle"])


def test_waterfall_steps_from_the_gap_without_to_the_gap_with_interventions():
    result = FakeProjectionResult(interventions=(("Retention programme", -60.0), ("Extra training places", -25.0)))
    spec = _spec(waterfall_chart(result))
    rows = max(_datasets(spec), key=len)
    by_label = {r["label"]: r for r in rows}
    baseline = by_label["Gap without interventions"]
    assert (baseline["start"], baseline["end"]) == (0.0, pytest.approx(180.0))
    retention = by_label["Retention programme"]
    assert (retention["start"], retention["end"]) == (pytest.approx(180.0), pytest.approx(120.0))
    training = by_label["Extra training places"]
    assert (training["start"], training["end"]) == (pytest.approx(120.0), pytest.approx(95.0))
    total = by_label["Gap with all interventions"]
    assert (total["start"], total["end"]) == (0.0, pytest.approx(95.0))
    assert retention["value_label"] == "\u221260 FTE"
    assert total["value_label"] == "95 FTE"
    assert spec["title"]["text"] == "How each intervention changes the workforce gap in 2030"
    assert spec["layer"][1]["encoding"]["y"]["title"] == "Gap in FTE (demand minus supply)"


def test_the_waterfall_of_a_chosen_year():
    result = FakeProjectionResult()
    spec = _spec(waterfall_chart(result, year=2027))
    assert spec["title"]["text"] == "How each intervention changes the workforce gap in 2027"
    rows = max(_datasets(spec), key=len)
    baseline = next(r for r in rows if r["label"] == "Gap without interventions")
    assert baseline["end"] == pytest.approx(result.waterfall(2027)["change_fte_mean"][0])
    with pytest.raises(ValueError, match="2026 to 2030"):
        waterfall_chart(result, year=2031)


def test_charts_carry_their_data_inline_and_fetch_nothing():
    for chart in (fan_chart(FakeProjectionResult()), waterfall_chart(FakeProjectionResult())):
        spec = _spec(chart)
        text = json.dumps({k: v for k, v in spec.items() if k != "$schema"})
        assert "http" not in text
        assert '"url"' not in text


def test_svg_and_png_render(tmp_path):
    svg = save_chart(fan_chart(FakeProjectionResult()), tmp_path / "fan.svg").read_bytes()
    assert b"<svg" in svg[:200]
    assert b"Projected supply against demand" in svg
    png = save_chart(waterfall_chart(FakeProjectionResult()), tmp_path / "gap.PNG").read_bytes()
    assert png.startswith(PNG_SIGNATURE)


def test_other_extensions_are_refused_with_a_clear_message(tmp_path):
    with pytest.raises(ValueError, match="must end in .svg or .png"):
        save_chart(fan_chart(FakeProjectionResult()), tmp_path / "fan.pdf")
    assert not (tmp_path / "fan.pdf").exists()
    with pytest.raises(ValueError, match="svg or png"):
        render_chart(fan_chart(FakeProjectionResult()), "jpeg")
