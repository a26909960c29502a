"""The plan's modelled view and an action's modelling form: the numbers on the page are the stored
steps table's; the forms work without JavaScript and show the action's refusal beside the field;
out of reach is 404; the plan page links to the view and the portfolio shows the modelled columns."""

from __future__ import annotations

import datetime
import re

import polars as pl
import pytest
from django.urls import reverse

from lodestar.plans.models import Action, Status
from lodestar.projections import modelling, results
from lodestar.projections.models import ActionModel, PlanModel, RunKind
from lodestar.projections.presenters.runs import fte, percent
from tests.factories import member
from tests.factories import projections as pf
from tests.factories.plans import ActionFactory, ActionPlanFactory, InterventionFactory

pytestmark = pytest.mark.django_db
EFFECT = {"dist": "triangular", "low": -0.2, "mode": -0.1, "high": -0.05}


@pytest.fixture
def setup(orgs):
    trust = orgs["trust_a"]
    plan = ActionPlanFactory(organisation=trust, title="Nursing plan")
    scenario = pf.scenario(trust)
    user = member(trust, "contributor")
    intervention = InterventionFactory(
        title="Retention bundle",
        levers=[
            {"type": "leaver_rate_change", "effect": {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.01}}
        ],
    )
    first = ActionFactory(
        plan=plan,
        title="Retention bundle",
        priority_rank=1,
        intervention=intervention,
        start_date=datetime.date(2027, 1, 1),
        due_date=datetime.date(2027, 12, 1),
    )
    second = ActionFactory(
        plan=plan,
        title="Recruit abroad",
        priority_rank=2,
        start_date=datetime.date(2028, 1, 1),
        due_date=datetime.date(2028, 12, 1),
    )
    return {"plan": plan, "scenario": scenario, "user": user, "first": first, "second": second, "orgs": orgs}


def modelled(setup):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034, runs=30, seed=2)
    ActionModel.objects.create(
        action=setup["first"],
        lever="leaver_rate_change",
        staff_group="registered-nurses",
        effect=EFFECT,
        cost_per_year=100000,
    )
    ActionModel.objects.create(
        action=setup["second"],
        lever="international_recruitment",
        staff_group="registered-nurses",
        amount=15,
        cost_per_year=200000,
    )
    plan = setup["plan"]
    return pf.finished_run(
        setup["scenario"].latest,
        spec=modelling.plan_spec(plan, plan.model),
        kind=RunKind.PLAN,
        plan=plan,
        runs=30,
        seed=2,
    )


def page(client, setup):
    client.force_login(setup["user"])
    response = client.get(reverse("projections:plan", kwargs={"plan_id": setup["plan"].pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_waterfall_numbers_are_the_stored_steps_table(client, setup):
    run = modelled(setup)
    html = page(client, setup)
    steps = results.table(run.result, "steps").filter(pl.col("year") == 2034).sort("step")
    rows = steps.to_dicts()
    assert [r["label"] for r in rows[1:3]] == [
        f"{setup['first'].reference} Retention bundle",
        f"{setup['second'].reference} Recruit abroad",
    ]
    table = html.split('id="waterfall-table"')[1].split("</table>")[0]
    for row in rows[1:3]:
        assert fte(-row["change_fte_mean"]) in table
        assert f"{fte(-row['change_fte_p95'])} to {fte(-row['change_fte_p5'])}" in table
    assert fte(rows[0]["gap_after_mean"]) in table
    assert percent(rows[0]["probability_closed"]) in html.split('id="probability-without"')[1][:60]
    assert percent(rows[2]["probability_closed"]) in html.split('id="probability-with"')[1][:60]
    assert "<svg" in html and "How each action closes the gap by 2034" in html
    assert "Which actions carry most of the effect" in html


def test_cost_per_fte_gained_is_the_cost_to_the_target_year_over_the_fte_gained(client, setup):
    run = modelled(setup)
    html = page(client, setup)
    cost = results.table(run.result, "cost").filter(pl.col("year") <= 2034)
    label = f"{setup['second'].reference} Recruit abroad"
    spent = cost.filter(pl.col("intervention") == label)["cost_mean"].sum()
    steps = results.table(run.result, "steps").filter((pl.col("year") == 2034) & (pl.col("label") == label))
    gained = -steps["change_fte_mean"][0]
    assert gained > 0
    assert f"£{round(spent / gained):,}" in html


def test_out_of_date_shows_why_and_a_re_run_button(client, setup):
    modelled(setup)
    Action.objects.filter(pk=setup["second"].pk).update(status=Status.STOPPED)
    html = page(client, setup)
    assert "The plan has changed since it was modelled" in html
    assert f"{setup['second'].reference} Recruit abroad was stopped" in html
    assert reverse("projections:plan-run", kwargs={"plan_id": setup["plan"].pk}) in html


def test_up_to_date_shows_no_warning(client, setup):
    modelled(setup)
    assert "The plan has changed since it was modelled" not in page(client, setup)


def test_the_re_run_button_queues_a_run_and_shows_progress(client, setup, django_capture_on_commit_callbacks):
    modelled(setup)
    Action.objects.filter(pk=setup["second"].pk).update(status=Status.STOPPED)
    client.force_login(setup["user"])
    response = client.post(reverse("projections:plan-run", kwargs={"plan_id": setup["plan"].pk}))
    assert response.status_code == 302
    html = page(client, setup)
    assert "The plan is being modelled" in html
    assert "The plan has changed since it was modelled" not in html


def test_choosing_the_scenario_without_javascript(client, setup):
    client.force_login(setup["user"])
    url = reverse("projections:plan", kwargs={"plan_id": setup["plan"].pk})
    response = client.post(url, {"scenario": setup["scenario"].pk, "target_year": "2099", "runs": "100", "seed": "0"})
    assert response.status_code == 200
    assert "The target year must be between 2027 and 2036" in response.content.decode()
    assert not PlanModel.objects.exists()
    response = client.post(url, {"scenario": setup["scenario"].pk, "target_year": "2031", "runs": "100", "seed": "0"})
    assert response.status_code == 302
    assert PlanModel.objects.get().target_year == 2031


def test_the_action_form_offers_the_intervention_levers_prefilled(client, setup):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034)
    client.force_login(setup["user"])
    html = client.get(reverse("projections:action-model", kwargs={"action_id": setup["first"].pk})).content.decode()
    assert "Fewer leavers" in html
    assert re.search(r'name="effect_low"[^>]*value="-10"', html) or 'value="-10"' in html
    assert 'value="-5"' in html and 'value="-1"' in html
    assert "Leave empty for 2027: from the action&#39;s start date" in html


def test_saving_an_action_model_without_javascript(client, setup):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034)
    client.force_login(setup["user"])
    url = reverse("projections:action-model", kwargs={"action_id": setup["first"].pk})
    data = {
        "modelled": "yes",
        "lever": "leaver_rate_change",
        "staff_group": "registered-nurses",
        "effect_low": "-10",
        "effect_mode": "-5",
        "effect_high": "-1",
        "ramp_up_years": "2",
        "cost_per_year": "5000",
    }
    bad = client.post(url, {**data, "effect_mode": "lots"})
    assert "The most likely effect must be a number" in bad.content.decode()
    bad = client.post(url, {**data, "effect_low": "-500"})
    assert "The effect must be between -100% and 1,000%" in bad.content.decode()
    bad = client.post(url, {**data, "effect_high": "5000"}).content.decode()
    assert "The effect must be between -100% and 1,000%" in bad
    assert 'nhsuk-input--error nhsuk-input--width-5" id="id_effect_high"' in bad  # beside the box out of range
    assert 'nhsuk-input--error nhsuk-input--width-5" id="id_effect_low"' not in bad
    assert not ActionModel.objects.exists()
    assert client.post(url, data).status_code == 302
    saved = ActionModel.objects.get()
    assert saved.effect == {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.01}
    assert saved.ramp_up_years == 2 and saved.cost_per_year == 5000


def test_not_modelled_needs_a_reason_on_the_form(client, setup):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034)
    client.force_login(setup["user"])
    url = reverse("projections:action-model", kwargs={"action_id": setup["second"].pk})
    response = client.post(url, {"modelled": "no", "reason": ""})
    assert "Say why the action is not modelled" in response.content.decode()
    assert client.post(url, {"modelled": "no", "reason": "Not about numbers"}).status_code == 302
    html = page(client, setup)
    assert "Not modelled: Not about numbers" in html


def test_an_action_without_an_intervention_may_pick_any_lever_with_a_form_label(client, setup):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034)
    client.force_login(setup["user"])
    html = client.get(reverse("projections:action-model", kwargs={"action_id": setup["second"].pk})).content.decode()
    assert "International recruits: extra a year" in html and "Less demand" in html


def test_another_organisation_is_404(client, setup):
    modelled(setup)
    outsider = member(setup["orgs"]["trust_b"], "contributor")
    client.force_login(outsider)
    for url in (
        reverse("projections:plan", kwargs={"plan_id": setup["plan"].pk}),
        reverse("projections:action-model", kwargs={"action_id": setup["first"].pk}),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("projections:plan-run", kwargs={"plan_id": setup["plan"].pk})).status_code == 404


def test_a_viewer_sees_the_results_but_no_forms(client, setup):
    modelled(setup)
    viewer = member(setup["plan"].organisation, "viewer")
    client.force_login(viewer)
    html = client.get(reverse("projections:plan", kwargs={"plan_id": setup["plan"].pk})).content.decode()
    assert 'id="waterfall-table"' in html and "Edit modelling" not in html and 'name="target_year"' not in html
    assert client.get(reverse("projections:action-model", kwargs={"action_id": setup["first"].pk})).status_code == 404


def test_the_plan_page_links_to_the_modelled_view(client, setup):
    client.force_login(setup["user"])
    html = client.get(reverse("plans:detail", kwargs={"plan_id": setup["plan"].pk})).content.decode()
    assert reverse("projections:plan", kwargs={"plan_id": setup["plan"].pk}) in html
    assert "Modelled view" in html


def test_the_portfolio_shows_the_modelled_gap_and_its_chance_least_likely_first(client, setup):
    run = modelled(setup)
    other = ActionPlanFactory(organisation=setup["orgs"]["trust_b"], title="Theatre plan")
    ActionFactory(plan=other)
    client.force_login(member(setup["orgs"]["region"], "viewer"))
    html = client.get(reverse("plans:portfolio")).content.decode()
    table = html.split('id="modelled-plans"')[1].split("</table>")[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", table).split()).replace(" :", ":")
    steps = results.table(run.result, "steps").filter(pl.col("year") == 2034).sort("step").to_dicts()
    closed = sum(-r["change_fte_mean"] for r in steps[1:3])
    assert f"Nursing plan: modelled view (Trust A) ICS A By 2034: {fte(closed)} FTE" in text
    assert percent(steps[2]["probability_closed"]) in text
    assert "Theatre plan: modelled view (Trust B) ICS B Not modelled Not modelled" in text
    assert text.index("Nursing plan") < text.index("Theatre plan")  # modelled plans first
    # The range is the plan's whole effect taken run by run (not the actions' ranges added up).
    closed_range = results.table(run.result, results.CLOSED).filter(pl.col("year") == 2034).row(0, named=True)
    assert f"({fte(closed_range['closed_fte_p5'])} to {fte(closed_range['closed_fte_p95'])})" in text


def test_a_failed_run_says_why_and_the_plan_can_be_run_again(client, setup):
    from lodestar.projections.models import Run, RunStatus

    first = modelled(setup)
    Action.objects.filter(pk=setup["second"].pk).update(status=Status.STOPPED)
    plan = setup["plan"]
    Run.objects.create(
        scenario_version=first.scenario_version,
        kind=RunKind.PLAN,
        plan=plan,
        spec=modelling.plan_spec(plan, plan.model),
        spec_hash=modelling.staleness(plan).spec_hash,
        runs=30,
        seed=2,
        status=RunStatus.FAILED,
        error="The worker stopped",
    )
    html = page(client, setup)
    assert "The last run failed" in html and "The worker stopped" in html
    assert "The plan has changed since it was modelled" in html
    assert "Re-run the model" in html


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"lever": "magic"}, "Choose what the action changes from the list"),
        ({"staff_group": "wizards"}, "Choose a staff group from the list"),
        ({"staff_group": ""}, "Choose the staff group the action applies to from the list"),
        ({"effect_high": ""}, "Enter the highest effect, or a fixed effect"),
        ({"start_year": "2099"}, "The start year must be between 2026 and 2036"),
        ({"start_year": "next year"}, "The start year must be a number"),
        ({"ramp_up_years": "0"}, "Years to full effect must be between 1 and 50"),
        ({"cost_per_year": "-1"}, "The cost per year must be between 0"),
        ({"amount": "12"}, "Fewer leavers takes an effect, not an amount"),
    ],
)
def test_each_bad_field_of_the_action_form_is_named_and_nothing_is_saved(client, setup, changes, words):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034)
    client.force_login(setup["user"])
    url = reverse("projections:action-model", kwargs={"action_id": setup["first"].pk})
    data = {
        "modelled": "yes",
        "lever": "leaver_rate_change",
        "staff_group": "registered-nurses",
        "effect_low": "-10",
        "effect_mode": "-5",
        "effect_high": "-1",
        "ramp_up_years": "1",
        "cost_per_year": "0",
        **changes,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and words in html
    assert not ActionModel.objects.exists()


@pytest.mark.parametrize(("group", "warned"), [("support-workers", True), ("registered-nurses", False)])
def test_a_retirement_lever_in_a_group_without_retirement_rates_says_it_changes_nothing(client, setup, group, warned):
    PlanModel.objects.create(plan=setup["plan"], scenario=setup["scenario"], target_year=2034, runs=30, seed=2)
    ActionModel.objects.create(
        action=setup["first"], lever="retirement_deferral", staff_group=group, effect=-0.2, cost_per_year=0
    )
    html = page(client, setup)
    assert ("No effect here." in html) is warned
    if warned:
        assert "the scenario has no retirement rates for this staff group" in html
