"""The worked example in docs/engine/method.md runs and gives the figures printed there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lodestar.engine import load_scenario

DOC = Path(__file__).resolve().parents[2] / "docs" / "engine" / "method.md"


def worked_example() -> tuple[str, list[list[str]], list[list[str]]]:
    text = DOC.read_text(encoding="utf-8").split("## Worked example", 1)[1]
    scenario_yaml = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    tables = []
    for block in re.findall(r"((?:^\|.*\|\n)+)", text, re.M):
        rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in block.strip().splitlines()]
        tables.append(rows[2:])  # drop the header and the --- line
    return scenario_yaml, tables[0], tables[1]


def test_the_worked_example_gives_the_figures_printed_in_the_method(engine):
    scenario_yaml, by_year, waterfall = worked_example()
    result = engine.run(load_scenario(scenario_yaml))
    summary = result.summary().filter(staff_group="nurses")
    assert len(by_year) == 4
    for year, supply, demand, gap in by_year:
        for measure, printed in (("supply_fte", supply), ("demand_fte", demand), ("gap_fte", gap)):
            value = summary.filter(year=int(year), measure=measure)["mean"][0]
            assert f"{value:.2f}".replace("-0.00", "0.00") == printed, (year, measure, value)
    w = result.waterfall()
    assert len(waterfall) == w.height
    for (step, label, change), row in zip(waterfall, w.iter_rows(named=True), strict=True):
        assert (int(step), label) == (row["step"], row["label"])
        assert row["change_fte_mean"] == pytest.approx(float(change), abs=0.005)
