"""A WISN file with mistakes gets every problem named by its field path, and nothing is calculated."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodestar.engine.errors import SpecError
from lodestar.engine.wisn import load_wisn, load_yaml

GOOD = """\
staff_category: Registered nurse
existing_staff: 12
working_time:
  working_days_per_week: 5
  weeks_per_year: 52
  public_holidays: 8
  annual_leave: 27
  sick_leave: 10
  other_leave: 5
  hours_per_day: 7.5
activities:
  - name: Outpatient consultation
    annual_workload: 20000
    time_per_unit_minutes: 20
category_allowances:
  - name: Team meetings
    hours_per_week: 2
individual_allowances:
  - name: Ward manager duties
    hours_per_year: 400
    staff: 1
"""


def problems(text: str) -> dict[str, str]:
    with pytest.raises(SpecError) as err:
        load_wisn(text)
    return dict(err.value.problems)


def test_the_issue_example_loads():
    spec = load_wisn(GOOD)
    assert spec.staff_category == "Registered nurse"
    assert spec.existing_staff == 12


def test_a_misspelt_field_is_reported_with_its_path_and_a_suggestion():
    found = problems(GOOD.replace("annual_leave", "anual_leave"))
    assert found["working_time.anual_leave"] == "unknown field (did you mean annual_leave?)"
    assert "working_time.annual_leave" in found  # and the real one is missing


def test_every_problem_is_reported_at_once():
    text = (
        GOOD.replace("20000", '"lots"')
        .replace("sick_leave: 10", "sick_leave: -3")
        .replace("    staff: 1", "    staff: one")
        .replace("staff_category: Registered nurse\n", "")
    )
    found = problems(text)
    assert found == {
        "staff_category": "is required",
        "working_time.sick_leave": "must not be negative (got -3)",
        "activities[0].annual_workload": 'must be a number (got "lots")',
        "individual_allowances[0].staff": 'must be a number (got "one")',
    }


def test_str_of_the_error_has_one_path_reason_line_per_problem():
    with pytest.raises(SpecError) as err:
        load_wisn(
            GOOD.replace("hours_per_day: 7.5", "hours_per_day: 0").replace("weeks_per_year: 52", "weeks_per_year: x")
        )
    assert str(err.value).splitlines() == [
        "working_time.hours_per_day: must be more than 0 (got 0)",
        'working_time.weeks_per_year: must be a number (got "x")',
    ]


def test_an_activity_needs_a_standard():
    found = problems(GOOD.replace("    time_per_unit_minutes: 20\n", ""))
    assert found["activities[0]"] == (
        "give time_per_unit_minutes (minutes a unit takes) or rate_per_hour (units an hour)"
    )


def test_an_activity_cannot_have_both_standards():
    found = problems(GOOD.replace("time_per_unit_minutes: 20", "time_per_unit_minutes: 20\n    rate_per_hour: 3"))
    assert found["activities[0]"] == "give either time_per_unit_minutes or rate_per_hour, not both"


def test_a_category_allowance_needs_exactly_one_unit():
    found = problems(GOOD.replace("hours_per_week: 2", "hours_per_week: 2\n    days_per_year: 1"))
    assert "give only one of" in found["category_allowances[0]"]
    found = problems(GOOD.replace("    hours_per_week: 2\n", ""))
    assert "give one of hours_per_day, hours_per_week, hours_per_year, days_per_year" in found["category_allowances[0]"]


def test_leave_that_uses_up_the_year_is_an_error():
    found = problems(GOOD.replace("annual_leave: 27", "annual_leave: 250"))
    assert "add up to 273 days" in found["working_time"]
    assert "260 possible working days" in found["working_time"]


def test_missing_leave_must_be_written_as_zero():
    found = problems(GOOD.replace("  other_leave: 5\n", ""))
    assert found["working_time.other_leave"] == "is required (write 0 if there are none)"


def test_possible_days_and_weeks_together_are_ambiguous():
    found = problems(GOOD.replace("weeks_per_year: 52", "weeks_per_year: 52\n  possible_working_days: 250"))
    assert "not both" in found["working_time.weeks_per_year"]


def test_a_total_category_allowance_of_100_percent_or_more_names_the_total():
    found = problems(GOOD.replace("hours_per_week: 2", "hours_per_week: 39.1"))
    assert found["category_allowances"].startswith("total is 104.3 % of working time; it must be below 100 %")


def test_activity_names_must_differ():
    text = GOOD.replace(
        "category_allowances:",
        "  - name: Outpatient consultation\n    annual_workload: 1\n    rate_per_hour: 1\ncategory_allowances:",
    )
    found = problems(text)
    assert "already used by activities[0]" in found["activities[1].name"]


def test_no_activities_is_an_error():
    text = GOOD.split("activities:")[0] + "activities: []\n"
    assert problems(text)["activities"] == "must list at least one"


def test_a_file_that_is_not_a_mapping_says_so():
    assert problems("- just\n- a list\n") == {"WISN file": "must be a mapping of fields (got a list)"}


def test_yaml_syntax_errors_give_line_and_column():
    with pytest.raises(SpecError) as err:
        load_yaml("staff_category: Nurse\nworking_time:\n  hours_per_day: 7.5\n annual_leave: 27\n")
    assert err.value.path.startswith("line ")
    assert ", column " in err.value.path
    assert "not valid YAML" in err.value.reason


def test_a_key_given_twice_is_an_error_not_silently_overwritten():
    with pytest.raises(SpecError) as err:
        load_wisn(GOOD + "existing_staff: 14\n")
    assert err.value.path == "line 22, column 1"
    assert "'existing_staff' is given twice" in err.value.reason


def test_booleans_and_infinite_numbers_are_not_numbers():
    found = problems(GOOD.replace("existing_staff: 12", "existing_staff: yes").replace("20000", ".inf"))
    assert found["existing_staff"] == "must be a number (got true)"
    assert found["activities[0].annual_workload"] == "must be a number (got inf)"


def test_the_spec_is_frozen():
    spec = load_wisn(GOOD)
    with pytest.raises(AttributeError):
        spec.staff_category = "Doctor"  # type: ignore[misc]


def test_absurdly_large_or_small_numbers_and_1e5_written_as_text_are_named():
    import yaml

    from lodestar.engine.wisn import parse_wisn

    data = yaml.safe_load((Path(__file__).resolve().parents[3] / "examples" / "wisn-community-nurses.yaml").read_text())
    data["activities"][0]["annual_workload"] = 1.0e308
    data["activities"][1]["time_per_unit_minutes"] = 1.0e-300
    data["activities"][2]["annual_workload"] = "6e3"
    with pytest.raises(SpecError) as exc:
        parse_wisn(data)
    found = dict(exc.value.problems)
    assert "too large" in found["activities[0].annual_workload"]
    assert "too small" in found["activities[1].time_per_unit_minutes"]
    assert "write 100000 or 1.0e+5" in found["activities[2].annual_workload"]
