"""The `lodestar` command: formats, output files, progress and bad input (engine replaced by a fake result)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

import lodestar.engine
from lodestar.cli import main
from lodestar.engine.errors import SpecError
from tests.factories.fake_projection import FakeProjectionResult

ROOT = Path(__file__).resolve().parents[3]
WISN_EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- lodestar wisn


def test_wisn_json_has_every_figure_with_stable_keys(capsys):
    code, out, err = run_cli(capsys, "wisn", WISN_EXAMPLE, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    for key in (
        "available_working_time_days",
        "available_working_time_hours",
        "standard_workloads",
        "total_category_allowance_percent",
        "category_allowance_factor",
        "individual_allowance_factor",
        "required_staff",
        "existing_staff",
        "wisn_difference",
        "wisn_ratio",
    ):
        assert key in data
    assert [a["name"] for a in data["standard_workloads"]] == ["Home visit", "Clinic appointment", "Telephone review"]
    assert data["required_staff"] == pytest.approx(13.743838448083958, rel=1e-12)  # not rounded


def test_wisn_csv_is_tidy_measure_item_value_rows(capsys):
    code, out, _ = run_cli(capsys, "wisn", WISN_EXAMPLE, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(rows[0]) == {"measure", "item", "value"}
    by_key = {(r["measure"], r["item"]): r["value"] for r in rows}
    assert float(by_key[("standard_workload", "Home visit")]) == pytest.approx(2090)
    assert float(by_key[("wisn_ratio", "")]) == pytest.approx(0.9022, abs=1e-4)


def test_wisn_out_file_takes_its_format_from_the_extension(capsys, tmp_path):
    target = tmp_path / "nurses.json"
    code, out, _ = run_cli(capsys, "wisn", WISN_EXAMPLE, "--out", target)
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())["staff_category"] == "Registered nurse"


def test_wisn_table_is_the_default(capsys):
    code, out, _ = run_cli(capsys, "wisn", WISN_EXAMPLE)
    assert code == 0
    assert "Required staff" in out
    assert "13.74" in out


def test_wisn_bad_file_names_every_field_and_exits_2_without_output(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(WISN_EXAMPLE.read_text().replace("annual_leave", "anual_leave").replace("18000", "lots"))
    out_file = tmp_path / "out.json"
    code, out, err = run_cli(capsys, "wisn", bad, "--out", out_file)
    assert code == 2
    assert out == ""
    assert not out_file.exists()
    assert "working_time.anual_leave: unknown field (did you mean annual_leave?)" in err
    assert 'activities[0].annual_workload: must be a number (got "lots")' in err
    assert "3 problems" in err
    assert "Traceback" not in err


def test_wisn_category_allowance_of_100_percent_or_more(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(WISN_EXAMPLE.read_text().replace("hours_per_day: 0.5", "hours_per_day: 7"))
    code, _, err = run_cli(capsys, "wisn", bad)
    assert code == 2
    assert "category_allowances: total is 102.2 % of working time; it must be below 100 %" in err


def test_wisn_yaml_syntax_error_gives_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("staff_category: Nurse\nworking_time:\n  hours_per_day: 7.5\n annual_leave: 27\n")
    code, _, err = run_cli(capsys, "wisn", bad)
    assert code == 2
    assert "line 4, column 2" in err
    assert "Traceback" not in err


def test_wisn_missing_file_and_folder(capsys, tmp_path):
    code, _, err = run_cli(capsys, "wisn", tmp_path / "nope.yaml")
    assert (code, err.strip()) == (2, f"lodestar wisn: {tmp_path / 'nope.yaml'}: no such file")
    code, _, err = run_cli(capsys, "wisn", tmp_path)
    assert code == 2
    assert "is a folder" in err


def test_wisn_unreadable_file(capsys, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)
    code, _, err = run_cli(capsys, "wisn", WISN_EXAMPLE)
    assert code == 2
    assert err.strip() == f"lodestar wisn: {WISN_EXAMPLE}: permission denied (cannot read the file)"


def test_wisn_out_with_an_unknown_extension_asks_for_a_format(capsys, tmp_path):
    code, _, err = run_cli(capsys, "wisn", WISN_EXAMPLE, "--out", tmp_path / "x.dat")
    assert code == 2
    assert "give --format" in err


def test_no_command_shows_help_and_exits_2(capsys):
    code, _, err = run_cli(capsys)
    assert code == 2
    assert "wisn" in err and "project" in err


# --------------------------------------------------------------------------- lodestar project (fake engine)


@pytest.fixture
def fake_engine(monkeypatch):
    """Replace load_scenario and run with a fake; record how run was called."""
    calls: dict = {}

    def load_scenario(data):
        calls["loaded"] = data
        if isinstance(data, dict) and data.get("years") == "many":
            raise SpecError("years", "must be a whole number of years")
        return object()

    def run(scenario, *, runs=1, seed=0, scheduler=None, block_size=50, progress=None):
        calls.update(runs=runs, seed=seed, scheduler=scheduler, progress=progress)
        if progress:
            for done in range(0, runs + 1, max(1, runs // 4)):
                progress(done, runs)
        return FakeProjectionResult(runs=runs, seed=seed)

    monkeypatch.setattr(lodestar.engine, "load_scenario", load_scenario, raising=False)
    monkeypatch.setattr(lodestar.engine, "run", run, raising=False)
    return calls


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_text("name: Test\nstart_year: 2026\nyears: 4\n")
    return path


def test_project_table_prints_every_table_in_full(capsys, fake_engine, scenario_file):
    code, out, err = run_cli(capsys, "project", scenario_file, "--runs", "200", "--seed", "9")
    assert code == 0, err
    assert fake_engine["runs"] == 200 and fake_engine["seed"] == 9
    assert fake_engine["loaded"] == {"name": "Test", "start_year": 2026, "years": 4}
    assert out.startswith("Riverside test scenario: 200 runs, seed 9")
    for heading in ("Summary", "Probability that supply meets demand", "Gap waterfall", "Cost of interventions"):
        assert heading in out
    summary_rows = [line for line in out.splitlines() if line.startswith(("2026 ", "2030 ")) and "_fte" in line]
    assert len(summary_rows) == 2 * 3 * 3  # two years x (all + 2 groups) x 3 FTE measures: nothing cut
    assert "…" not in out and "2,026" not in out


def test_project_json_holds_every_table_unrounded(capsys, fake_engine, scenario_file):
    code, out, _ = run_cli(capsys, "project", scenario_file, "--format", "json", "--runs", "3")
    assert code == 0
    data = json.loads(out)
    assert (data["runs"], data["seed"], data["scenario"]) == (3, 0, "Riverside test scenario")
    assert set(data["tables"]) == {"summary", "probability_meets_demand", "waterfall", "cost"}
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
    assert book.sheetnames == ["summary", "probability_meets_demand", "waterfall", "cost", "about"]
    sheet = book["summary"]
    assert [c.value for c in sheet[1]] == ["year", "staff_group", "measure", "mean", "p5", "p25", "p50", "p75", "p95"]
    assert sheet.max_row == FakeProjectionResult().summary().height + 1


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


# --------------------------------------------------------------------------- lodestar manage


def test_manage_runs_django_management_commands(capsys):
    code = main(["manage", "help"])
    out = capsys.readouterr().out
    assert code == 0
    assert "lodestar manage help <subcommand>" in out
    assert "migrate" in out
    assert "import_organisations" in out


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


@pytest.mark.parametrize("command", ["project", "wisn"])
def test_deeply_nested_yaml_is_a_message_not_a_traceback(capsys, tmp_path, command):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 10000 + "\n")
    code, out, err = run_cli(capsys, command, deep)
    assert code == 2 and out == ""
    assert "nested too deeply" in err
