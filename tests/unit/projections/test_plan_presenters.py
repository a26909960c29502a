"""The modelled view's figures (lodestar.projections.presenters.plans): the scenario's own
interventions stay in the baseline, each plan action's gap closed is minus its step's change, the
chances are read at the baseline step and the last step, and the waterfall chart is an accessible
grey SVG."""

from __future__ import annotations

import re

import polars as pl
import pytest

from lodestar.projections import modelling, results
from lodestar.projections.models import ActionModel, PlanModel, RunKind
from lodestar.projections.presenters import plans as presenters
from tests.factories import OrganisationFactory
from tests.factories import projections as pf
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
OWN = {
    "name": "Existing retention scheme",
    "lever": "leaver_rate_change",
    "staff_group": "support-workers",
    "effect": -0.1,
    "start_year": 2027,
    "cost_per_year": 1000,
}


@pytest.fixture
def run():
    org = OrganisationFactory()
    scenario = pf.scenario(org, pf.small_spec(interventions=[OWN]))
    plan = ActionPlanFactory(organisation=org)
    pm = PlanModel.objects.create(plan=plan, scenario=scenario, target_year=2032)
    action = ActionFactory(plan=plan, title="Recruit abroad", priority_rank=1)
    ActionModel.objects.create(
        action=action, lever="international_recruitment", staff_group="registered-nurses", amount=20, cost_per_year=5e5
    )
    return pf.finished_run(
        scenario.latest, spec=modelling.plan_spec(plan, pm), kind=RunKind.PLAN, plan=plan, runs=40, seed=9
    )


def test_the_scenario_own_interventions_stay_in_the_baseline(run):
    assert modelling.own_count(run) == 1
    result = presenters.outcome(run, 2032)
    steps = results.table(run.result, "steps").filter(pl.col("year") == 2032).sort("step").to_dicts()
    assert [r.label for r in result.rows] == [steps[2]["label"]]
    assert result.gap_without == pytest.approx(steps[1]["gap_after_mean"])  # after the scenario's own scheme
    assert result.gap_with == pytest.approx(steps[2]["gap_after_mean"])
    assert result.rows[0].closed_mean == pytest.approx(-steps[2]["change_fte_mean"])
    assert result.probability_without == pytest.approx(steps[1]["probability_closed"])
    assert result.probability_with == pytest.approx(steps[2]["probability_closed"])


def test_cost_is_summed_to_the_target_year_for_plan_actions_only(run):
    result = presenters.outcome(run, 2032)
    cost = results.table(run.result, "cost")
    expected = cost.filter((pl.col("year") <= 2032) & (pl.col("intervention") == result.rows[0].label))
    assert result.cost == pytest.approx(expected["cost_mean"].sum())
    assert result.cost < 5e5 * 7  # the scenario's own scheme is not counted, nor years after 2032


def test_a_year_outside_the_run_has_no_outcome(run):
    assert presenters.outcome(run, 2099) is None


def test_the_waterfall_chart_is_an_accessible_grey_svg(run):
    svg = str(presenters.waterfall_chart(presenters.outcome(run, 2032)))
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "How each action closes the gap by 2032" in svg
    assert "Gap without the plan" in svg and "Gap with the plan" in svg
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg))
    assert all(c[1:3] == c[3:5] == c[5:7] for c in colours), colours  # greys only


def test_cost_per_fte_when_nothing_is_gained():
    row = presenters.StepRow(label="x", closed_mean=0.0, closed_low=-1, closed_high=1, gap_after=10, cost=500)
    assert row.cost_per_fte == "no FTE gained"
