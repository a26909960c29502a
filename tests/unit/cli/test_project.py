"""`lodestar project` with the engine replaced by a fake result: formats, output files, charts, progress and bad
options (lodestar/cli/commands/project.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

import lodestar.engine
from tests.factories.fake_projection import FakeProjectionResult
from tests.unit.cli.helpers import PNG_SIGNATURE, run_cli


def test_project_table_prints_every_table_in_full(capsys, fake_engine, scenario_file):
    code, out, err = run_cli(capsys, "project", scenario_file, "--runs", "200", "--seed", "9")
    assert code == 0, err
    assert fake_engine["runs"] == 200 and fake_engine["seed"] == 9
    assert fake_engine["loaded"] == {"name": "Test", "start_year": 2026, "years": 4}
    assert out.startswith("Riverside test scenario: 200 runs, seed 9")
    for heading in (
        "Summary",
        "Probability that supply meets demand",
        "Gap waterfall at the final year",
        "Cost of interventions",
        "Gap waterfall by year",
    ):
        assert heading in out
    summary_rows = [line for line in out.splitlines() if line.startswith(("2026 ", "2030 ")) and "_fte" in line]
    assert len(summary_rows) == 2 * 3 * 3  # two years x (all + 2 groups) x 3 FTE measures: nothing cut
    assert "…" not in out and "2,026" not in out


def test_project_json_holds_every_table_unrounded(capsys, fake_engine, scenario_file):
    code, out, _ = run_cli(capsys, "project", scenario_file, "--format", "json", "--runs", "3")
    assert code == 0
    data = json.loads(out)
    assert (data["runs"], data["seed"], data["scenario"]) == (3, 0, "Riverside test scenario")
    assert set(data["tables"]) == {"summary", "probability_meets_demand", "waterfall", "cost", "steps"}
    row = data["tables"]["summary"][0]
    assert set(row) == {"year", "staff_group", "measure", "mean", "p5", "p25", "p50", "p75", "p95"}
    expected = FakeProjectionResult().summary().row(0, named=True)["mean"]
    assert row["mean"] == expected


def test_project_csv_writes_the_summary_or_the_chosen_table(capsys, fake_engine, scenario_file, tmp_path):
    code, out, _ = run_cli(capsys, "project", scenario_file, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["measure"] == "supply_fte"
    assert len(rows) == FakeProjectionResult().summary().height
    target = tmp_path / "gap.csv"
    code, out, _ = run_cli(capsys, "project", scenario_file, "--table", "waterfall", "--out", target)
    assert code == 0 and out == ""
    labels = [r["label"] for r in csv.DictReader(target.open())]
    assert labels[0] == "Gap without interventions" and labels[-1] == "Gap with all interventions"


def test_project_xlsx_has_one_sheet_per_table(capsys, fake_engine, scenario_file, tmp_path):
    target = tmp_path / "projection.xlsx"
    code, _, err = run_cli(capsys, "project", scenario_file, "--out", target)
    assert code == 0, err
    book = load_workbook(target)
    assert book.sheetnames == ["summary", "probability_meets_demand", "waterfall", "cost", "steps", "about"]
    sheet = book["summary"]
    assert [c.value for c in sheet[1]] == ["year", "staff_group", "measure", "mean", "p5", "p25", "p50", "p75", "p95"]
    assert sheet.max_row == FakeProjectionResult().summary().height + 1


def test_project_steps_table_has_every_year_and_the_probability_the_gap_is_closed(capsys, fake_engine, scenario_file):
    code, out, err = run_cli(capsys, "project", scenario_file, "--format", "csv", "--table", "steps")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "year",
        "step",
        "label",
        "kind",
        "change_fte_mean",
        "change_fte_p5",
        "change_fte_p95",
        "gap_after_mean",
        "gap_after_p5",
        "gap_after_p95",
        "probability_closed",
    ]
    assert sorted({r["year"] for r in rows}) == ["2026", "2027", "2028", "2029", "2030"]
    assert len(rows) == FakeProjectionResult().steps().height


def test_project_waterfall_year_picks_the_year_of_the_waterfall(capsys, fake_engine, scenario_file):
    code, out, err = run_cli(capsys, "project", scenario_file, "--format", "json", "--waterfall-year", "2027")
    assert code == 0, err
    tables = json.loads(out)["tables"]
    expected = FakeProjectionResult().waterfall(2027).to_dicts()
    assert tables["waterfall"] == expected
    assert expected != FakeProjectionResult().waterfall().to_dicts()
    code, out, _ = run_cli(capsys, "project", scenario_file, "--table", "waterfall", "--waterfall-year", "2027")
    assert code == 0
    assert "Gap waterfall in 2027, all staff groups" in out


@pytest.mark.parametrize("year", ["2025", "2031"])
def test_a_waterfall_year_outside_the_projection_is_refused_before_running(capsys, fake_engine, scenario_file, year):
    code, out, err = run_cli(capsys, "project", scenario_file, "--waterfall-year", year)
    assert code == 2
    assert out == ""
    assert f"--waterfall-year {year}: give a year of the projection, 2026 to 2030" in err
    assert "runs" not in fake_engine


def test_project_xlsx_needs_an_out_file(capsys, fake_engine, scenario_file):
    code, out, err = run_cli(capsys, "project", scenario_file, "--format", "xlsx")
    assert code == 2
    assert out == ""
    assert "--out FILE.xlsx" in err
    assert "runs" not in fake_engine  # refused before running


def test_project_charts(capsys, fake_engine, scenario_file, tmp_path):
    fan, gap = tmp_path / "fan.svg", tmp_path / "gap.png"
    code, _, err = run_cli(capsys, "project", scenario_file, "--runs", "10", "--chart", fan, "--waterfall", gap)
    assert code == 0, err
    assert b"<svg" in fan.read_bytes()[:200]
    assert gap.read_bytes().startswith(PNG_SIGNATURE)


def test_project_chart_with_a_wrong_extension_is_refused_before_running(capsys, fake_engine, scenario_file, tmp_path):
    code, _, err = run_cli(capsys, "project", scenario_file, "--chart", tmp_path / "fan.pdf")
    assert code == 2
    assert "--chart" in err and "must end in .svg or .png" in err
    assert "runs" not in fake_engine


def test_project_bad_scenario_names_the_field(capsys, fake_engine, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Test\nyears: many\n")
    code, out, err = run_cli(capsys, "project", bad)
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        f"lodestar project: {bad}: 1 problem:",
        "  years: must be a whole number of years",
    ]


def test_project_needs_a_file_or_example(capsys, fake_engine):
    code, _, err = run_cli(capsys, "project")
    assert code == 2
    assert "--example" in err


def test_project_runs_must_be_positive(capsys, fake_engine, scenario_file):
    code, _, err = run_cli(capsys, "project", scenario_file, "--runs", "0")
    assert code == 2
    assert "--runs must be at least 1" in err


def test_project_passes_the_scheduler_through(capsys, fake_engine, scenario_file):
    assert run_cli(capsys, "project", scenario_file, "--scheduler", "tcp://127.0.0.1:8786")[0] == 0
    assert fake_engine["scheduler"] == "tcp://127.0.0.1:8786"


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys, fake_engine, scenario_file):
    code, out, err = run_cli(capsys, "project", scenario_file, "--runs", "100", "--progress", "--format", "json")
    assert code == 0
    assert fake_engine["progress"] is not None
    assert "Projecting" in err and "100/100" in err
    json.loads(out)  # the bar never mixes into the output
    code, _, err = run_cli(capsys, "project", scenario_file, "--runs", "100")
    assert fake_engine["progress"] is None  # stderr is not a terminal under pytest
    assert "Projecting" not in err


def test_project_example_prints_the_engine_example(capsys):
    code, out, _ = run_cli(capsys, "project", "--example")
    assert code == 0
    assert out.rstrip("\n") == lodestar.engine.EXAMPLE_SCENARIO.rstrip("\n")


@pytest.mark.parametrize("address", ["not an address", "tcp://host", "http://x/y:1"])
def test_a_malformed_scheduler_address_is_refused_before_running(capsys, fake_engine, scenario_file, address):
    code, _, err = run_cli(capsys, "project", scenario_file, "--scheduler", address)
    assert code == 2
    assert "tcp://HOST:PORT" in err
    assert "runs" not in fake_engine


def test_fan_chart_for_one_staff_group_and_an_unknown_one(capsys, fake_engine, scenario_file, tmp_path):
    fan = tmp_path / "fan.svg"
    code, _, err = run_cli(capsys, "project", scenario_file, "--chart", fan, "--chart-staff-group", "support-workers")
    assert code == 0, err
    assert "support-workers" in fan.read_text()
    fan.unlink()
    code, out, err = run_cli(capsys, "project", scenario_file, "--chart", fan, "--chart-staff-group", "porters")
    assert code == 2
    assert "no staff group 'porters'" in err and "registered-nurses" in err
    assert out == "" and not fan.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--runs", "1000000000"), "--runs must be at most 100,000"),
        (("--seed", "-1"), "--seed must be 0 or more"),
    ],
)
def test_project_refuses_too_many_runs_and_a_negative_seed_before_running(
    capsys, fake_engine, scenario_file, args, message
):
    code, out, err = run_cli(capsys, "project", scenario_file, *args)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert out == "" and "runs" not in fake_engine


def test_a_chart_that_cannot_be_written_leaves_no_output_behind(capsys, fake_engine, scenario_file, tmp_path):
    out, fan = tmp_path / "results.csv", tmp_path / "fan.svg"
    blocked = tmp_path / "gap.png"
    blocked.mkdir()  # a folder where the chart should go
    code, _, err = run_cli(capsys, "project", scenario_file, "--out", out, "--chart", fan, "--waterfall", blocked)
    assert code == 2
    assert "gap.png" in err and "cannot write the chart" in err and "Traceback" not in err
    assert not out.exists() and not fan.exists()
