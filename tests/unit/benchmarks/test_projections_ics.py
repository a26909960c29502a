"""The projections benchmark (benchmarks/projections_ics.py) runs end to end at tiny sizes (--quick):
a real worker picks the runs up, the results page shows them, and every figure is printed."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.projections_ics import FULL, ics_spec, ten_actions
from lodestar.engine.levers import LEVER_TYPES
from lodestar.projections import specs

ROOT = Path(__file__).resolve().parents[3]


def test_the_ics_scenario_is_the_issues_size_with_a_ten_action_plan():
    spec = ics_spec(FULL["ics"])
    scenario = specs.check(spec)
    assert len(scenario.cohorts) == 40 * 30 * 10 and scenario.years == 15
    actions = spec["interventions"]
    assert len(actions) == 10
    assert len({a["staff_group"] for a in actions}) == 10  # each on a different staff group
    assert {a["lever"] for a in actions} == set(LEVER_TYPES)  # every kind of lever
    assert spec["demand"]["vacancies_fte"] and spec["demand"]["population"]
    assert any(r["leaver_rate"]["dist"] == "triangular" for r in spec["rates"].values())


def test_ten_actions_fit_a_scenario_with_few_staff_groups():
    actions = ten_actions(["a", "b", "c", "d"], 2026)
    conversion = next(a for a in actions if a["lever"] == "conversion")
    assert conversion["source_group"] != conversion["staff_group"]


@pytest.mark.slow
def test_quick_mode_runs_through_the_worker_and_prints_its_figures(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "BENCH_", "DJANGO_"))}
    env["BENCH_PROJECTIONS_OUT"] = str(tmp_path)
    env["BENCH_WORKER_INTERVAL"] = "0.2"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.projections_ics", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert re.search(r"SQLite, \d+ CPU cores", out)
    assert re.search(r"ICS, Run to results on the page: median \d+\.\d\d s of 2", out)
    assert "waiting for the worker:" in out and "polling every 0.2 s" in out
    assert re.search(r"/ 3 s target: +\d+\.\d\d", out)
    assert re.search(r"p50 \d+ ms, p95 \d+ ms", out)
    assert re.search(r"web - engine alone: +-?\d+\.\d\d s", out)
    assert "quick sizes: not a measurement" in out
    assert (tmp_path / "projections.sqlite3").exists()
