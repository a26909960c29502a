"""`lodestar project` end to end on the real engine, through main() and once through the installed command."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from lodestar.cli import main
from lodestar.engine import EXAMPLE_SCENARIO, load_scenario, run

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "scenario-riverside.yaml"
WISN_EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"
LODESTAR = Path(sys.executable).parent / "lodestar"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bad_scenario(tmp_path) -> Path:
    path = tmp_path / "bad-scenario.yaml"
    text = EXAMPLE.read_text().replace("leaver_rate: 0.08", "leaver_rate: 1.8")
    assert text != EXAMPLE.read_text()
    path.write_text(text)
    return path


def test_the_example_file_is_the_printed_example(capsys):
    assert EXAMPLE.read_text() == EXAMPLE_SCENARIO.rstrip("\n") + "\n"
    code, out, _ = run_cli(capsys, "project", "--example")
    assert code == 0
    assert out == EXAMPLE.read_text()


def test_the_printed_example_is_a_valid_scenario(capsys, tmp_path):
    target = tmp_path / "example.yaml"
    assert run_cli(capsys, "project", "--example", "--out", target)[0] == 0
    scenario = load_scenario(str(target))
    assert scenario.name
    code, out, err = run_cli(capsys, "project", target)
    assert code == 0, err
    assert "Gap without interventions" in out


def test_json_output_matches_a_direct_run_and_is_reproducible(capsys):
    code, out, err = run_cli(capsys, "project", EXAMPLE, "--runs", "40", "--seed", "11", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    direct = run(load_scenario(str(EXAMPLE)), runs=40, seed=11)
    expected = direct.summary().to_dicts()
    assert data["runs"] == 40 and data["seed"] == 11
    assert len(data["tables"]["summary"]) == len(expected)
    for got, want in zip(data["tables"]["summary"], expected, strict=True):
        assert got["year"] == want["year"] and got["measure"] == want["measure"]
        assert got["p50"] == pytest.approx(want["p50"], rel=1e-12)
    assert run_cli(capsys, "project", EXAMPLE, "--runs", "40", "--seed", "11", "--format", "json")[1] == out


def test_csv_reads_back_as_the_summary_table(capsys, tmp_path):
    target = tmp_path / "summary.csv"
    code, _, err = run_cli(capsys, "project", EXAMPLE, "--runs", "20", "--out", target)
    assert code == 0, err
    back = pl.read_csv(target)
    assert back.columns == ["year", "staff_group", "measure", "mean", "p5", "p25", "p50", "p75", "p95"]
    assert set(back.get_column("measure")) == {"supply_fte", "supply_headcount", "demand_fte", "gap_fte"}
    assert "all" in set(back.get_column("staff_group"))


def test_csv_of_the_waterfall(capsys):
    code, out, _ = run_cli(capsys, "project", EXAMPLE, "--format", "csv", "--table", "waterfall")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["kind"] == "baseline" and rows[-1]["kind"] == "total"


def test_the_steps_table_and_the_waterfall_of_a_chosen_year(capsys, tmp_path):
    code, out, err = run_cli(capsys, "project", EXAMPLE, "--runs", "20", "--format", "json", "--waterfall-year", "2031")
    assert code == 0, err
    tables = json.loads(out)["tables"]
    in_2031 = [{k: r[k] for k in tables["waterfall"][0]} for r in tables["steps"] if r["year"] == 2031]
    assert tables["waterfall"] == in_2031
    assert {r["year"] for r in tables["steps"]} == set(range(2026, 2042))
    assert all(0 <= r["probability_closed"] <= 1 for r in tables["steps"])
    gap = tmp_path / "gap.svg"
    code, _, err = run_cli(capsys, "project", EXAMPLE, "--waterfall", gap, "--waterfall-year", "2031")
    assert code == 0, err
    assert "How each intervention changes the workforce gap in 2031" in gap.read_text()


def test_xlsx_reads_back_one_sheet_per_table(capsys, tmp_path):
    target = tmp_path / "projection.xlsx"
    code, _, err = run_cli(capsys, "project", EXAMPLE, "--runs", "20", "--out", target)
    assert code == 0, err
    book = load_workbook(target, read_only=True)
    assert book.sheetnames[:5] == ["summary", "probability_meets_demand", "waterfall", "cost", "steps"]
    header = next(book["waterfall"].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("step", "label", "kind")


def test_charts_are_drawn(capsys, tmp_path):
    fan, gap = tmp_path / "fan.png", tmp_path / "gap.svg"
    code, _, err = run_cli(capsys, "project", EXAMPLE, "--runs", "30", "--chart", fan, "--waterfall", gap)
    assert code == 0, err
    assert fan.read_bytes().startswith(PNG_SIGNATURE)
    svg = gap.read_text()
    assert "<svg" in svg[:200]
    assert "How each intervention changes the workforce gap" in svg


def test_a_bad_scenario_names_the_field_and_writes_nothing(capsys, bad_scenario, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = run_cli(capsys, "project", bad_scenario, "--out", target, "--chart", tmp_path / "fan.svg")
    assert code == 2
    assert out == ""
    assert "rates.nursing-associates.leaver_rate" in err
    assert "Traceback" not in err
    assert not target.exists() and not (tmp_path / "fan.svg").exists()


def test_yaml_syntax_errors_in_a_scenario_give_line_and_column(capsys, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: Broken\nyears: [15\nstart_year: 2026\n")
    code, _, err = run_cli(capsys, "project", bad)
    assert code == 2
    assert "line " in err and ", column " in err
    assert "Traceback" not in err


def test_a_scenario_with_years_given_twice_is_refused_naming_the_key(capsys, tmp_path):
    text = EXAMPLE.read_text()
    twice = tmp_path / "twice.yaml"
    twice.write_text(text.replace("years: 15 ", "years: 15\nyears: 20", 1))
    assert twice.read_text().count("\nyears:") == 2
    target = tmp_path / "out.json"
    code, out, err = run_cli(capsys, "project", twice, "--out", target)
    assert code == 2
    assert out == "" and not target.exists()
    assert err.startswith(f"lodestar project: {twice}: 1 problem:")
    assert "the key 'years' is given twice" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- the installed command


def _lodestar(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(LODESTAR), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_installed_command_projects_the_example(tmp_path):
    assert LODESTAR.exists(), "the lodestar command is installed with the package"
    fan = tmp_path / "fan.svg"
    proc = _lodestar("project", EXAMPLE, "--runs", "25", "--format", "json", "--chart", fan)
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)["tables"]) == {
        "summary",
        "probability_meets_demand",
        "waterfall",
        "cost",
        "steps",
    }
    assert "<svg" in fan.read_text()[:200]
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal


def test_installed_command_reports_bad_input_without_a_traceback(bad_scenario):
    proc = _lodestar("project", bad_scenario)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "rates.nursing-associates.leaver_rate" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_installed_command_runs_wisn_and_shows_progress_when_asked(tmp_path):
    proc = _lodestar("wisn", WISN_EXAMPLE, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["required_staff"] == pytest.approx(13.7438, abs=1e-4)
    proc = _lodestar("project", EXAMPLE, "--runs", "120", "--progress", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "Projecting" in proc.stderr and "120/120" in proc.stderr
    assert proc.stdout.startswith("year,staff_group,measure")


def test_the_progress_bar_appears_by_itself_on_a_terminal(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    target = tmp_path / "summary.csv"
    proc = subprocess.Popen(
        [str(LODESTAR), "project", str(EXAMPLE), "--runs", "200", "--out", str(target)],
        stderr=secondary,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert proc.wait(timeout=300) == 0
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert b"Projecting" in seen and b"200/200" in seen
    assert target.read_text().startswith("year,staff_group,measure")
