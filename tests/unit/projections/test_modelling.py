"""The plan's spec (lodestar.projections.modelling): one intervention per modelled open action, in the
plan's priority order, with its start year from the action's dates; out of date when the plan
changes in a way the model sees, not when unrelated text changes."""

from __future__ import annotations

import datetime

import pytest

from lodestar.plans.models import Action, Status
from lodestar.projections import modelling, specs
from lodestar.projections.models import ActionModel, PlanModel, RunKind
from tests.factories import OrganisationFactory
from tests.factories import projections as pf
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db

EFFECT = {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.01}


@pytest.fixture
def plan():
    org = OrganisationFactory()
    plan = ActionPlanFactory(organisation=org)
    scenario = pf.scenario(org)
    PlanModel.objects.create(plan=plan, scenario=scenario, target_year=2031, runs=20, seed=3)
    return plan


def model(action, **fields):
    values = {"lever": "leaver_rate_change", "staff_group": "registered-nurses", "effect": EFFECT, **fields}
    return ActionModel.objects.create(action=action, **values)


def action(plan, rank, *, start=datetime.date(2027, 4, 1), due=datetime.date(2028, 3, 31), **fields):
    return ActionFactory(plan=plan, priority_rank=rank, start_date=start, due_date=due, **fields)


def names(spec):
    return [iv["name"] for iv in spec.get("interventions", [])]


def test_interventions_follow_the_plan_priority_and_skip_stopped_and_unmodelled(plan):
    second = action(plan, 2, title="Second")
    first = action(plan, 1, title="First")
    stopped = action(plan, 3, title="Stopped", status=Status.STOPPED)
    done = action(plan, 4, title="Done", status=Status.DONE)
    unmodelled = action(plan, 5, title="Unmodelled")
    no_model = action(plan, 6, title="No model at all")
    for a in (first, second, stopped, done):
        model(a)
    ActionModel.objects.create(action=unmodelled, modelled=False, reason="Not a workforce change")
    spec = modelling.plan_spec(plan, plan.model)
    assert names(spec) == [f"{first.reference} First", f"{second.reference} Second", f"{done.reference} Done"]
    assert no_model.reference not in " ".join(names(spec))
    specs.check(spec)  # the engine accepts it


def test_the_scenario_own_interventions_come_first_and_count_as_the_baseline():
    org = OrganisationFactory()
    own = {
        "name": "Existing retention scheme",
        "lever": "leaver_rate_change",
        "staff_group": "support-workers",
        "effect": -0.02,
        "start_year": 2027,
    }
    scenario = pf.scenario(org, pf.small_spec(interventions=[own]))
    plan = ActionPlanFactory(organisation=org)
    pm = PlanModel.objects.create(plan=plan, scenario=scenario, target_year=2031)
    a = action(plan, 1, title="Flexible working")
    model(a)
    spec = modelling.plan_spec(plan, pm)
    assert names(spec) == ["Existing retention scheme", f"{a.reference} Flexible working"]
    assert modelling.baseline_step(pm) == 1


def test_a_plan_with_nothing_modelled_is_the_scenario_unchanged(plan):
    action(plan, 1)
    assert modelling.plan_spec(plan, plan.model) == plan.model.scenario.latest.spec


def test_lever_settings_and_amounts_reach_the_spec(plan):
    a = action(plan, 1)
    model(
        a,
        lever="extra_training_places",
        effect=None,
        amount=12,
        lever_settings={"course_years": 2},
        cost_per_year=90000,
        ramp_up_years=2,
    )
    (iv,) = modelling.plan_spec(plan, plan.model)["interventions"]
    assert iv["extra_places"] == 12 and "effect" not in iv
    assert iv["course_years"] == 2 and iv["cost_per_year"] == 90000 and iv["ramp_up_years"] == 2


@pytest.mark.parametrize(
    ("start", "due", "set_year", "expected", "words"),
    [
        (datetime.date(2028, 6, 1), datetime.date(2029, 1, 1), None, 2028, "start date"),
        (None, datetime.date(2029, 1, 1), None, 2029, "due date"),
        (None, None, None, 2027, "second year"),
        (datetime.date(2028, 6, 1), None, 2030, 2030, "by hand"),
        (datetime.date(2020, 1, 1), None, None, 2026, "moved to 2026"),
        (datetime.date(2050, 1, 1), None, None, 2036, "moved to 2036"),
    ],
)
def test_start_year_defaults_from_the_action_dates_and_is_clamped(plan, start, due, set_year, expected, words):
    a = ActionFactory(plan=plan, start_date=start, due_date=due)
    m = model(a, start_year=set_year)
    chosen = modelling.start_year(a, m, plan.model.scenario.latest.spec)
    assert chosen.year == expected
    assert words in chosen.words
    assert modelling.plan_spec(plan, plan.model)["interventions"][0]["start_year"] == expected


def test_names_are_unique_and_not_too_long(plan):
    a = action(plan, 1, title="x" * 200)
    b = action(plan, 2, title="x" * 200)
    model(a), model(b)
    spec = modelling.plan_spec(plan, plan.model)
    assert len(set(names(spec))) == 2
    assert all(len(n) <= modelling.NAME_MAX for n in names(spec))
    specs.check(spec)


def modelled_run(plan):
    spec = modelling.plan_spec(plan, plan.model)
    return pf.finished_run(plan.model.scenario.latest, spec=spec, kind=RunKind.PLAN, plan=plan, runs=5)


def test_a_plan_with_no_run_is_out_of_date(plan):
    assert modelling.is_out_of_date(plan)
    assert modelling.staleness(plan).reasons == ["The plan has not been modelled yet"]


def test_up_to_date_after_a_run_and_after_unrelated_text_changes(plan):
    a = action(plan, 1, description="Before")
    model(a)
    modelled_run(plan)
    assert not modelling.is_out_of_date(plan)
    Action.objects.filter(pk=a.pk).update(description="Something else entirely", owner_name="Someone")
    assert not modelling.is_out_of_date(plan)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": Status.STOPPED}, "was stopped"),
        (
            {"start_date": datetime.date(2029, 1, 1), "due_date": datetime.date(2030, 1, 1)},
            "start year moved from 2027 to 2029",
        ),
        ({"start_date": None}, "start year moved from 2027 to 2028"),
    ],
    ids=["stopped", "delayed", "dates changed"],
)
def test_out_of_date_when_an_action_is_stopped_delayed_or_redated(plan, change, reason):
    a = action(plan, 1)
    model(a)
    modelled_run(plan)
    Action.objects.filter(pk=a.pk).update(**change)
    state = modelling.staleness(plan)
    assert state.out_of_date
    assert any(reason in words for words in state.reasons), state.reasons


def test_out_of_date_when_the_order_or_the_modelling_changes(plan):
    a, b = action(plan, 1), action(plan, 2)
    model(a), model(b)
    modelled_run(plan)
    Action.objects.filter(pk=a.pk).update(priority_rank=3)
    assert "The order of the actions changed" in modelling.staleness(plan).reasons
    ActionModel.objects.filter(action=b).update(staff_group="support-workers")
    assert any("its modelling changed" in r for r in modelling.staleness(plan).reasons)


def test_out_of_date_when_an_action_is_added_or_deleted(plan):
    a = action(plan, 1, title="Kept")
    gone = action(plan, 2, title="Gone")
    model(a), model(gone)
    modelled_run(plan)
    gone.delete()
    new = action(plan, 3, title="New")
    model(new)
    reasons = modelling.staleness(plan).reasons
    assert any("Gone was deleted from the plan" in r for r in reasons)
    assert any("New was added to the model" in r for r in reasons)
