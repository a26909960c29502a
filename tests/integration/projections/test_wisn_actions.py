"""WISN actions: saving (checked by the engine, problems in plain words by field), deleting,
importing the CLI's YAML, and setting a scenario's demand base from the result."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.engine.wisn import calculate, load_wisn
from lodestar.projections.actions import wisn as actions
from lodestar.projections.models import ProjectionEvent, WisnCalculation
from tests.factories import member
from tests.factories.projections import scenario as make_scenario

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "wisn-community-nurses.yaml"


def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


@pytest.fixture
def editor(orgs):
    return member(orgs["trust_a"], "contributor", full_name="Cal Contributor")


def test_save_keeps_the_cli_mapping_and_records_the_audit_event(orgs, editor):
    wisn = actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name=" Riverside nurses ", spec=example())
    wisn.refresh_from_db()
    assert wisn.name == "Riverside nurses"
    assert wisn.spec == example()
    assert calculate(load_wisn(wisn.spec)).required_staff == pytest.approx(13.7438, abs=1e-4)
    event = AuditEvent.objects.get(action=ProjectionEvent.WISN_SAVE.value)
    assert event.target_id == str(wisn.pk) and event.organisation == orgs["trust_a"]
    assert event.before is None and event.after["name"] == "Riverside nurses"


def test_saving_again_replaces_the_calculation_with_before_and_after(orgs, editor):
    wisn = actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="Nurses", spec=example())
    spec = example()
    spec["existing_staff"] = 14
    actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="Nurses 2027", spec=spec, wisn=wisn)
    assert WisnCalculation.objects.get().spec["existing_staff"] == 14
    last = AuditEvent.objects.filter(action=ProjectionEvent.WISN_SAVE.value).order_by("-pk").first()
    assert last.before["name"] == "Nurses" and last.after["name"] == "Nurses 2027"


def test_bad_input_names_each_field_in_plain_words_and_saves_nothing(orgs, editor):
    spec = example()
    spec["working_time"]["annual_leave"] = -3
    spec["activities"][1]["annual_workload"] = "lots"
    spec["individual_allowances"][0]["staff"] = None
    with pytest.raises(ValidationProblem) as caught:
        actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="", spec=spec)
    problems = dict(caught.value.problems)
    assert problems["name"] == "Enter a name for the calculation"
    assert problems["working_time.annual_leave"] == "Days of annual leave must not be negative (got -3)"
    assert problems["activities[1].annual_workload"].startswith("Activity 2: annual workload must be a number")
    assert problems["individual_allowances[0].staff"].startswith("Individual allowance 1: number of staff is required")
    assert not WisnCalculation.objects.exists()
    assert not AuditEvent.objects.filter(action=ProjectionEvent.WISN_SAVE.value).exists()


def test_category_allowances_of_100_percent_or_more_are_refused(orgs, editor):
    spec = example()
    spec["category_allowances"].append({"name": "Everything else", "hours_per_day": 7})
    with pytest.raises(ValidationProblem) as caught:
        actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="Nurses", spec=spec)
    ((field, message),) = caught.value.problems
    assert field == "category_allowances"
    assert message.startswith("Category allowances: total is") and "below 100 %" in message
    assert not WisnCalculation.objects.exists()


def test_people_who_may_not_edit_the_organisation_are_refused(orgs):
    viewer = member(orgs["trust_a"], "viewer")
    outsider = member(orgs["trust_b"], "contributor")
    for person in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            actions.save_wisn(actor=person, organisation=orgs["trust_a"], name="Nurses", spec=example())
    assert not WisnCalculation.objects.exists()


def test_delete_records_the_calculation_it_deleted(orgs, editor):
    wisn = actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="Nurses", spec=example())
    with pytest.raises(PermissionDenied):
        actions.delete_wisn(actor=member(orgs["trust_a"], "viewer"), wisn=wisn)
    actions.delete_wisn(actor=editor, wisn=wisn)
    assert not WisnCalculation.objects.exists()
    event = AuditEvent.objects.get(action=ProjectionEvent.WISN_DELETE.value)
    assert event.before["name"] == "Nurses" and event.before["spec"] == example()


def test_import_reads_the_file_the_cli_reads(orgs, editor):
    wisn = actions.import_wisn_yaml(
        actor=editor, organisation=orgs["trust_a"], name="From the file", text=EXAMPLE.read_text()
    )
    assert wisn.spec == example()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty: choose a WISN YAML file"),
        ("staff_category: [", "not valid YAML"),
        (EXAMPLE.read_text().replace("annual_leave: 27", "anual_leave: 27"), "working_time.anual_leave: unknown field"),
        ("- a list", "WISN file: must be a mapping"),
    ],
)
def test_a_bad_file_says_where_and_saves_nothing(orgs, editor, text, expected):
    with pytest.raises(ValidationProblem) as caught:
        actions.import_wisn_yaml(actor=editor, organisation=orgs["trust_a"], name="File", text=text)
    assert all(field == "text" for field, _m in caught.value.problems)
    assert any(expected in message for _f, message in caught.value.problems), caught.value.problems
    assert not WisnCalculation.objects.exists()


def test_set_scenario_demand_makes_a_new_version_with_the_required_staff(orgs, editor):
    wisn = actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="Riverside", spec=example())
    scenario = make_scenario(orgs["trust_a"])
    version = actions.set_scenario_demand(actor=editor, wisn=wisn, scenario=scenario, staff_group="registered-nurses")
    required = calculate(load_wisn(example())).required_staff
    assert version.number == 2
    assert version.spec["demand"]["base_fte"]["registered-nurses"] == pytest.approx(required)
    assert "registered-nurses" not in version.spec["demand"]["vacancies_fte"]  # base FTE replaces vacancies
    assert version.spec["demand"]["vacancies_fte"] == {"support-workers": 10}
    assert version.change == "Demand base for registered-nurses from WISN Riverside: 13.74 FTE"
    assert scenario.latest == version


def test_set_scenario_demand_refuses_an_unknown_group_and_other_organisations(orgs, editor):
    wisn = actions.save_wisn(actor=editor, organisation=orgs["trust_a"], name="Riverside", spec=example())
    scenario = make_scenario(orgs["trust_a"])
    with pytest.raises(ValidationProblem) as caught:
        actions.set_scenario_demand(actor=editor, wisn=wisn, scenario=scenario, staff_group="porters")
    assert caught.value.problems == [("staff_group", "Choose one of the scenario's staff groups")]
    other = make_scenario(orgs["trust_b"])
    with pytest.raises(PermissionDenied):
        actions.set_scenario_demand(actor=editor, wisn=wisn, scenario=other, staff_group="registered-nurses")
    outsider = member(orgs["trust_b"], "contributor")
    with pytest.raises(PermissionDenied):  # the calculation is out of the person's reach
        actions.set_scenario_demand(actor=outsider, wisn=wisn, scenario=other, staff_group="registered-nurses")
    assert scenario.versions.count() == 1 and other.versions.count() == 1
