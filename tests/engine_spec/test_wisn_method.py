"""The WISN method, as documented in docs/engine/wisn.md: the worked example there is run here.

The YAML in the doc is the example file; every figure the doc quotes is checked at the precision
it is quoted; and the `lodestar wisn` output printed in the doc is what the command prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lodestar.cli import main
from lodestar.engine.errors import SpecError
from lodestar.engine.wisn import calculate, load_wisn

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "engine" / "wisn.md"
EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _quoted_figures() -> list[tuple[str, str]]:
    """(json key, figure as quoted) from the step-by-step table of the doc."""
    rows = re.findall(r"^\|[^|\n]*\|[^|\n]*\|\s*([-\d.,]+)\s*\|\s*`([^`]+)`\s*\|$", DOC.read_text(), flags=re.M)
    return [(key, figure) for figure, key in rows]


def _lookup(data: dict, key: str):
    value = data
    for part in re.findall(r"[a-z_]+|\[\d+\]", key):
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
    return value


def test_the_doc_example_is_the_example_file():
    [yaml_block] = _blocks("yaml")
    assert yaml_block == EXAMPLE.read_text(encoding="utf-8")


def test_the_doc_quotes_enough_figures_to_check():
    keys = [key for key, _ in _quoted_figures()]
    assert len(keys) >= 20
    assert {"required_staff", "wisn_ratio", "category_allowance_factor", "individual_allowance_factor"} <= set(keys)


@pytest.mark.parametrize(("key", "figure"), _quoted_figures())
def test_every_figure_quoted_in_the_doc_is_what_lodestar_calculates(key, figure):
    result = calculate(load_wisn(EXAMPLE)).to_dict()
    quoted = float(figure.replace(",", ""))
    decimals = len(figure.split(".")[1]) if "." in figure else 0
    assert round(_lookup(result, key), decimals) == pytest.approx(quoted), key


def test_the_command_prints_what_the_doc_shows(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["wisn", "examples/wisn-community-nurses.yaml"]) == 0
    [shown] = _blocks("text")
    assert capsys.readouterr().out == shown


# The method, case by case ------------------------------------------------------------------

BASE = {
    "staff_category": "Midwife",
    "working_time": {
        "working_days_per_week": 5,
        "weeks_per_year": 52,
        "public_holidays": 8,
        "annual_leave": 27,
        "sick_leave": 10,
        "other_leave": 5,
        "hours_per_day": 7.5,
    },
    "activities": [{"name": "Antenatal visit", "annual_workload": 4725, "time_per_unit_minutes": 20}],
}


def _with(**changes):
    data = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in BASE.items()}
    data.update(changes)
    return data


def test_available_working_time_is_possible_days_less_leave_times_hours_a_day():
    result = calculate(load_wisn(_with()))
    assert result.available_working_time_days == 260 - 50
    assert result.available_working_time_hours == 210 * 7.5


def test_possible_working_days_can_be_given_directly():
    wt = {k: v for k, v in BASE["working_time"].items() if k not in ("working_days_per_week", "weeks_per_year")}
    result = calculate(load_wisn(_with(working_time={**wt, "possible_working_days": 250})))
    assert result.available_working_time_days == 200
    assert result.weekly_hours == 7.5 * 5  # weekly allowances assume a 5-day week unless told otherwise


def test_a_rate_per_hour_is_the_same_standard_as_the_minutes_it_implies():
    by_time = calculate(load_wisn(_with()))
    by_rate = calculate(
        load_wisn(_with(activities=[{"name": "Antenatal visit", "annual_workload": 4725, "rate_per_hour": 3}]))
    )
    assert by_rate.standard_workloads[0].standard_workload == pytest.approx(
        by_time.standard_workloads[0].standard_workload
    )
    # 1,575 hours x 3 an hour = 4,725 visits a year: exactly one member of staff
    assert by_rate.required_staff == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("allowance", "percent"),
    [
        ({"hours_per_day": 0.75}, 10.0),  # of a 7.5-hour day
        ({"hours_per_week": 3.75}, 10.0),  # of a 37.5-hour week
        ({"hours_per_year": 157.5}, 10.0),  # of 1,575 hours
        ({"days_per_year": 21}, 10.0),  # of 210 days
    ],
)
def test_each_category_allowance_unit_is_a_share_of_the_matching_working_time(allowance, percent):
    result = calculate(load_wisn(_with(category_allowances=[{"name": "Support work", **allowance}])))
    assert result.total_category_allowance_percent == pytest.approx(percent)
    assert result.category_allowance_factor == pytest.approx(1 / 0.9)
    assert result.required_staff == pytest.approx(1 / 0.9)


def test_individual_allowances_add_staff_for_the_hours_they_take():
    result = calculate(
        load_wisn(
            _with(
                individual_allowances=[
                    {"name": "Lead midwife", "hours_per_year": 787.5, "staff": 1},
                    {"name": "Mentoring", "days_per_year": 21, "staff": 5},  # 21 x 7.5 x 5 = 787.5 hours
                ]
            )
        )
    )
    assert result.total_individual_allowance_hours == pytest.approx(1575)
    assert result.individual_allowance_factor == pytest.approx(1.0)
    assert result.required_staff == pytest.approx(2.0)


def test_difference_and_ratio_compare_existing_with_required_staff():
    result = calculate(load_wisn(_with(existing_staff=0.8)))
    assert result.wisn_difference == pytest.approx(-0.2)
    assert result.wisn_ratio == pytest.approx(0.8)
    assert "understaffed" in result.interpretation


def test_without_existing_staff_there_is_no_difference_or_ratio():
    data = calculate(load_wisn(_with())).to_dict()
    assert data["existing_staff"] is None
    assert data["wisn_difference"] is None
    assert data["wisn_ratio"] is None


def test_a_total_category_allowance_of_100_percent_or_more_is_an_error():
    with pytest.raises(SpecError) as err:
        load_wisn(_with(category_allowances=[{"name": "A", "hours_per_day": 5}, {"name": "B", "hours_per_day": 2.8}]))
    assert err.value.path == "category_allowances"
    assert "total is 104.0 %" in err.value.reason
    assert "must be below 100 %" in err.value.reason
