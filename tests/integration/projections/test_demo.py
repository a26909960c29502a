"""Demo projections (lodestar/projections/demo.py): Riverside ICS's scenario from its imported data,
a finished run, the demo plan tied to it with a finished plan run, the workshop link and a WISN
calculation; loading the demo data again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lodestar.accounts.models import User
from lodestar.core.models import AuditEvent
from lodestar.plans.models import ActionPlan
from lodestar.projections import demo, modelling, queries, results
from lodestar.projections.models import (
    ActionModel,
    Origin,
    PlanModel,
    Run,
    RunKind,
    RunStatus,
    Scenario,
    ScenarioVersion,
    WisnCalculation,
    WorkshopScenario,
)

pytestmark = pytest.mark.django_db

MODELS = (Scenario, ScenarioVersion, Run, PlanModel, ActionModel, WorkshopScenario, WisnCalculation)


@pytest.fixture
def demo_data():
    call_command("load_catalogue", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_scenario_has_a_shortfall_the_plan_narrows_but_is_unlikely_to_close(demo_data):
    from lodestar.projections import results
    from lodestar.projections.models import Run, Scenario

    spec = Scenario.objects.get().latest.spec
    assert set(spec["demand"]["vacancies_fte"]) == {demo.NURSES, demo.SUPPORT}  # from the region's rates
    steps = results.table(Run.objects.get(kind="plan").result, "steps").filter(year=demo.TARGET_YEAR).sort("step")
    gaps = steps["gap_after_mean"].to_list()
    assert gaps[0] > 0 and gaps[-1] < gaps[0]  # a shortfall, narrowed by the plan
    assert steps["probability_closed"].to_list()[-1] < 0.5


def test_the_demo_workshops_prioritisation_shows_modelled_effects(demo_data, client):
    from django.urls import reverse

    from lodestar.accounts.models import User
    from lodestar.workshops.models import Workshop

    workshop = Workshop.objects.get(title=demo.WORKSHOP_TITLE)
    client.force_login(User.objects.get(email=demo.FACILITATOR))
    html = client.get(reverse("workshops:prioritisation", args=[workshop.pk])).content.decode()
    assert "Modelled effect by" in html and "FTE of the gap" in html


def test_loading_the_demo_data_again_adds_nothing(demo_data):
    before = _counts()
    events = AuditEvent.objects.filter(action__startswith="projections.").count()
    assert before == {
        "Scenario": 1,
        "ScenarioVersion": 4,  # from the data, a likely range for each group's leaver rate, then demand
        "Run": 3,  # the scenario, the plan and the workshop's candidates
        "PlanModel": 1,
        "ActionModel": before["ActionModel"],
        "WorkshopScenario": 1,
        "WisnCalculation": 1,
    }
    assert before["ActionModel"] >= 5

    call_command("load_demo_data", stdout=StringIO())
    assert demo.load() is not None

    assert _counts() == before
    assert AuditEvent.objects.filter(action__startswith="projections.").count() == events


def test_the_demo_scenario_is_built_from_riverside_data_with_likely_ranges_and_linked(demo_data):
    scenario = Scenario.objects.get(name=demo.SCENARIO_NAME)
    assert scenario.organisation.ods_code == "QZR" and scenario.origin == Origin.DATA
    spec = scenario.latest.spec
    assert {c["organisation"] for c in spec["cohorts"]} <= {"RVX", "R9C"}
    assert {c["staff_group"] for c in spec["cohorts"]} == set(demo.STAFF_GROUPS)
    for group in demo.STAFF_GROUPS:
        assert spec["rates"][group]["leaver_rate"]["dist"] == "triangular"
    run = Run.objects.get(scenario_version=scenario.latest, kind=RunKind.SCENARIO)
    assert run.status == RunStatus.DONE and run.runs == demo.RUNS
    summary = results.table(run.result, "summary")
    assert summary.height > 0 and summary["year"].max() == demo.START_YEAR + demo.YEARS
    link = WorkshopScenario.objects.get()
    assert link.workshop.title == demo.WORKSHOP_TITLE and link.scenario.name == demo.SCENARIO_NAME
    wisn = WisnCalculation.objects.get()
    assert wisn.organisation.ods_code == "QZR"
    assert wisn.spec["staff_category"] == "Registered nurse" and wisn.spec["existing_staff"] == 12.4


def test_the_demo_plans_modelled_view_has_a_finished_run(demo_data, client):
    plan = ActionPlan.objects.get(workshop__title=demo.WORKSHOP_TITLE)
    plan_model = queries.plan_model(plan)
    assert plan_model.scenario.name == demo.SCENARIO_NAME and plan_model.target_year == demo.TARGET_YEAR
    modelled = ActionModel.objects.filter(action__plan=plan, modelled=True)
    assert modelled.count() >= 4
    finished = [r for r in queries.plan_runs(plan) if r.status == RunStatus.DONE]
    assert len(finished) == 1
    run = finished[0]
    assert run.kind == RunKind.PLAN
    assert len(run.spec["interventions"]) == modelled.count()
    steps = results.table(run.result, "steps")
    assert steps.filter(steps["kind"] == "intervention")["step"].max() == modelled.count()
    assert not modelling.is_out_of_date(plan)
    client.force_login(User.objects.get(email=demo.FACILITATOR))
    page = client.get(reverse("projections:plan", kwargs={"plan_id": plan.pk})).content.decode()
    assert f"The gap by {demo.TARGET_YEAR}" in page
    assert "Out of date" not in page and "The last run failed" not in page
