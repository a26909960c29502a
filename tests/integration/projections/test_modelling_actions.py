"""Tying a plan to the model (lodestar.projections.actions.modelling): bad input names the field in
plain words and saves nothing; each change records its audit event; run_plan queues a plan run of
the plan's spec; automatic re-runs are queued after commit when the plan changes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Status
from lodestar.projections import modelling
from lodestar.projections.actions import modelling as modelling_actions
from lodestar.projections.models import ActionModel, PlanModel, ProjectionEvent, Run, RunKind, RunStatus
from tests.factories import member
from tests.factories import projections as pf
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
EFFECT = {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.01}


@pytest.fixture
def setup(orgs):
    trust = orgs["trust_a"]
    plan = ActionPlanFactory(organisation=trust)
    scenario = pf.scenario(trust)
    user = member(trust, "contributor")
    action = ActionFactory(
        plan=plan, title="Flexible retirement", start_date=datetime.date(2027, 4, 1), due_date=datetime.date(2028, 3, 1)
    )
    return {"plan": plan, "scenario": scenario, "user": user, "action": action, "orgs": orgs}


def link(setup, **changes):
    values = {
        "actor": setup["user"],
        "plan": setup["plan"],
        "scenario": setup["scenario"],
        "target_year": 2031,
        "runs": 20,
        "seed": 4,
        **changes,
    }
    return modelling_actions.set_plan_model(**values)


def events(kind):
    return list(AuditEvent.objects.filter(action=kind.value))


def test_linking_a_plan_saves_it_and_records_an_event(setup):
    pm = link(setup, rerun_automatically=True)
    assert (pm.scenario, pm.target_year, pm.runs, pm.seed, pm.rerun_automatically) == (
        setup["scenario"],
        2031,
        20,
        4,
        True,
    )
    (event,) = events(ProjectionEvent.PLAN_MODEL_SET)
    assert event.after["target_year"] == 2031 and event.before is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"target_year": 2050}, "target_year", "The target year must be between 2027 and 2036"),
        ({"target_year": "soon"}, "target_year", "The target year must be a whole number"),
        ({"runs": 0}, "runs", "The number of runs must be between"),
        ({"seed": -1}, "seed", "The seed must be between"),
        ({"scenario": None}, "scenario", "Choose a scenario"),
    ],
)
def test_bad_plan_input_names_the_field_and_saves_nothing(setup, changes, field, words):
    with pytest.raises(ValidationProblem) as raised:
        link(setup, **changes)
    assert raised.value.field == field
    assert words in raised.value.message
    assert not PlanModel.objects.exists()
    assert not events(ProjectionEvent.PLAN_MODEL_SET)


def test_a_scenario_of_another_organisation_is_refused(setup):
    other = pf.scenario(setup["orgs"]["trust_b"])
    with pytest.raises(ValidationProblem) as raised:
        link(setup, scenario=other)
    assert raised.value.field == "scenario"


def test_a_scenario_of_an_organisation_above_the_plan_is_allowed(setup):
    above = pf.scenario(setup["orgs"]["ics_a"])
    user = member(setup["orgs"]["ics_a"], "contributor")
    assert link(setup, scenario=above, actor=user).scenario == above


def test_a_viewer_cannot_link_the_plan(setup):
    viewer = member(setup["plan"].organisation, "viewer")
    with pytest.raises(PermissionDenied):
        link(setup, actor=viewer)


def model(setup, **changes):
    values = {
        "actor": setup["user"],
        "action": setup["action"],
        "lever": "leaver_rate_change",
        "staff_group": "registered-nurses",
        "effect": EFFECT,
        **changes,
    }
    return modelling_actions.set_action_model(**values)


def test_modelling_an_action_saves_it_and_records_an_event(setup):
    link(setup)
    saved = model(setup, cost_per_year=50000, ramp_up_years=2)
    assert saved.modelled and saved.effect == EFFECT and saved.cost_per_year == 50000
    (event,) = events(ProjectionEvent.ACTION_MODEL_SET)
    assert event.after["lever"] == "leaver_rate_change"
    assert modelling.plan_spec(setup["plan"], setup["plan"].model)["interventions"][0]["ramp_up_years"] == 2


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"lever": "magic"}, "lever", "Choose what the action changes"),
        ({"staff_group": "wizards"}, "staff_group", "Choose the staff group"),
        ({"effect": None}, "effect", "Enter the effect"),
        ({"effect": 20}, "effect", "The effect must be between -100% and 1,000%"),
        (
            {"effect": {"dist": "triangular", "low": -0.01, "mode": -0.05, "high": -0.1}},
            "effect",
            "the lowest must not be above",
        ),
        ({"amount": 5}, "amount", "takes an effect, not an amount"),
        ({"lever": "international_recruitment", "effect": 0.01, "amount": 5}, "amount", "not both"),
        ({"start_year": 2099}, "start_year", "The start year must be between"),
        ({"ramp_up_years": 0}, "ramp_up_years", "Years to full effect must be between 1 and 50"),
        ({"cost_per_year": -5}, "cost_per_year", "The cost per year must be between 0"),
        ({"settings": {"course_years": 3}}, "course_years", "does not apply"),
        (
            {"lever": "extra_training_places", "effect": 0.01, "settings": {"course_years": 40}},
            "course_years",
            "The course length in years must be",
        ),
        (
            {"lever": "conversion", "effect": 0.05, "settings": {"source_group": "registered-nurses"}},
            "source_group",
            "The staff group trained from must differ",
        ),
    ],
)
def test_bad_action_input_names_the_field_and_saves_nothing(setup, changes, field, words):
    link(setup)
    with pytest.raises(ValidationProblem) as raised:
        model(setup, **changes)
    assert field in raised.value.by_field(), raised.value.problems
    assert any(words in m for m in raised.value.by_field()[field]), raised.value.problems
    assert not ActionModel.objects.exists()
    assert not events(ProjectionEvent.ACTION_MODEL_SET)


def test_an_action_cannot_be_modelled_before_the_plan_has_a_scenario(setup):
    with pytest.raises(ValidationProblem) as raised:
        model(setup)
    assert "scenario" in raised.value.message
    assert not ActionModel.objects.exists()


def test_not_modelled_needs_a_reason(setup):
    with pytest.raises(ValidationProblem) as raised:
        modelling_actions.mark_not_modelled(actor=setup["user"], action=setup["action"], reason="  ")
    assert raised.value.field == "reason"
    assert not ActionModel.objects.exists()
    saved = modelling_actions.mark_not_modelled(actor=setup["user"], action=setup["action"], reason="Culture change")
    assert not saved.modelled and saved.reason == "Culture change"
    assert len(events(ProjectionEvent.ACTION_MODEL_SET)) == 1


def test_someone_who_cannot_edit_the_action_cannot_model_it(setup):
    link(setup)
    viewer = member(setup["plan"].organisation, "viewer")
    with pytest.raises(PermissionDenied):
        model(setup, actor=viewer)


def test_run_plan_queues_a_plan_run_of_the_plan_spec(setup, django_capture_on_commit_callbacks):
    link(setup)
    model(setup)
    run = modelling_actions.run_plan(actor=setup["user"], plan=setup["plan"])
    assert run.kind == RunKind.PLAN and run.plan == setup["plan"] and run.status == RunStatus.QUEUED
    assert run.runs == 20 and run.seed == 4
    assert run.spec == modelling.plan_spec(setup["plan"], setup["plan"].model)
    assert not modelling.is_out_of_date(setup["plan"])
    assert events(ProjectionEvent.RUN_REQUEST)


def test_run_plan_without_a_scenario_is_refused(setup):
    with pytest.raises(ValidationProblem):
        modelling_actions.run_plan(actor=setup["user"], plan=setup["plan"])
    assert not Run.objects.exists()


def test_a_stopped_action_is_re_run_automatically_after_commit(setup, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    link(setup, rerun_automatically=True)
    model(setup)
    first = pf.finished_run(
        setup["scenario"].latest,
        spec=modelling.plan_spec(setup["plan"], setup["plan"].model),
        kind=RunKind.PLAN,
        plan=setup["plan"],
        runs=5,
    )
    action = setup["action"]
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.update_action(
            actor=setup["user"], action=action, expected_version=action.version, changes={"status": Status.STOPPED}
        )
    newest = Run.objects.filter(plan=setup["plan"]).exclude(pk=first.pk).first()
    assert newest is not None
    assert "interventions" not in newest.spec or not newest.spec["interventions"]


def test_refresh_does_nothing_when_the_plan_does_not_re_run_automatically(setup):
    link(setup)
    model(setup)
    assert modelling_actions.refresh_out_of_date(setup["plan"]) is None
    assert not Run.objects.exists()
