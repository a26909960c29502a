"""`lodestar wisn`: formats, output files and bad input (lodestar/cli/commands/wisn.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.unit.cli.helpers import WISN_EXAMPLE, run_cli


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
