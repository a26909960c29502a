"""A contributor ties an action plan to the model: chooses the scenario and target year, sets how an
action from the catalogue is modelled (its likely effect filled in from the catalogue), marks another
"not modelled" with a reason, runs the plan and reads the waterfall and its table; then the plan
changes and the view says it is out of date. axe checks every page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(transactional_db, settings):
    from tests.factories import hierarchy, member
    from tests.factories import projections as pf
    from tests.factories.plans import ActionFactory, ActionPlanFactory, InterventionFactory

    settings.TASKS = IMMEDIATE  # the worker's job runs as soon as the run is queued
    orgs = hierarchy()
    member(orgs["trust_a"], "contributor", full_name="Cal Contributor", email="cal@example.nhs.uk")
    pf.scenario(orgs["trust_a"], name="Riverside nursing")
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Riverside nursing plan")
    retention = InterventionFactory(
        title="Retention bundle",
        levers=[
            {"type": "leaver_rate_change", "effect": {"dist": "triangular", "low": -0.2, "mode": -0.1, "high": -0.05}}
        ],
    )
    first = ActionFactory(
        plan=plan,
        title="Retention bundle",
        priority_rank=1,
        intervention=retention,
        start_date=datetime.date(2027, 1, 1),
        due_date=datetime.date(2027, 12, 1),
    )
    second = ActionFactory(plan=plan, title="Staff wellbeing week", priority_rank=2)
    return {"plan": plan, "first": first, "second": second}


class TestModelledPlan(Journey):
    @pytest.fixture(autouse=True)
    def _world(self, world):
        self.world = world

    def test_a_contributor_models_a_plan_and_reads_its_waterfall(self):
        self.given_cal_is_signed_in()
        self.when_he_opens_the_modelled_view_from_the_plan_page()
        self.and_chooses_the_scenario_and_target_year()
        self.and_models_the_retention_action()
        self.and_marks_the_wellbeing_week_not_modelled()
        self.and_runs_the_plan()
        self.then_he_sees_the_waterfall_and_its_table()
        self.when_the_retention_action_is_stopped()
        self.then_the_view_says_it_is_out_of_date()

    def given_cal_is_signed_in(self):
        self.sign_in_as("cal@example.nhs.uk")

    def when_he_opens_the_modelled_view_from_the_plan_page(self):
        self.visit(f"/plans/{self.world['plan'].pk}/")
        self.page.get_by_role("link", name="Modelled view").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Modelled view: Riverside nursing plan")
        assert_accessible(self.page)

    def and_chooses_the_scenario_and_target_year(self):
        self.page.get_by_label("Scenario (the baseline)").select_option(label="Riverside nursing (Trust A)")
        self.page.get_by_label("Target year").fill("2034")
        self.page.get_by_label("Number of runs").fill("40")
        self.page.get_by_role("button", name="Save the scenario and target year").click()
        expect(self.page.get_by_text("Saved. Set how each action is modelled")).to_be_visible()
        assert_accessible(self.page)

    def and_models_the_retention_action(self):
        reference = self.world["first"].reference
        self.page.get_by_role("link", name=f"Edit modelling of {reference}").click()
        expect(self.page.get_by_label("Most likely effect, in per cent")).to_have_value("-10")
        assert_accessible(self.page)
        self.page.get_by_label("Staff group", exact=True).select_option(label="Registered nurses")
        self.page.get_by_label("Lowest effect, in per cent").fill("-500")
        self.page.get_by_role("button", name="Save").click()
        expect(self.page.get_by_role("alert")).to_contain_text("The effect must be between -100% and 1,000%")
        assert_accessible(self.page)
        self.page.get_by_label("Lowest effect, in per cent").fill("-20")
        self.page.get_by_label("Cost per year, in pounds").fill("120000")
        self.page.get_by_role("button", name="Save").click()
        expect(self.page.get_by_text(f"Saved how {reference} is modelled")).to_be_visible()

    def and_marks_the_wellbeing_week_not_modelled(self):
        reference = self.world["second"].reference
        self.page.get_by_role("link", name=f"Edit modelling of {reference}").click()
        self.page.get_by_label("No: leave it out of the model").check()
        self.page.get_by_label("Why is it not modelled?").fill("It changes how staff feel, not how many there are")
        self.page.get_by_role("button", name="Save").click()
        expect(self.page.get_by_text("Not modelled: It changes how staff feel")).to_be_visible()

    def and_runs_the_plan(self):
        self.page.get_by_role("button", name="Run the model").click()

    def then_he_sees_the_waterfall_and_its_table(self):
        expect(self.page.get_by_role("heading", name="The gap by 2034", exact=True)).to_be_visible()
        expect(self.page.get_by_role("img", name="How each action closes the gap by 2034")).to_be_visible()
        table = self.page.locator("#waterfall-table")
        expect(table).to_contain_text(f"{self.world['first'].reference} Retention bundle")
        expect(self.page.locator("#by-effect")).to_contain_text("Retention bundle")
        assert_accessible(self.page)
        self.page.screenshot(path="/tmp/p11/h3-modelled-view.png", full_page=True)

    def when_the_retention_action_is_stopped(self):
        from lodestar.plans.models import Action, Status

        Action.objects.filter(pk=self.world["first"].pk).update(status=Status.STOPPED)
        self.page.reload()

    def then_the_view_says_it_is_out_of_date(self):
        expect(self.page.locator("#out-of-date")).to_contain_text("The plan has changed since it was modelled")
        expect(self.page.locator("#out-of-date")).to_contain_text("Retention bundle was stopped")
        expect(self.page.get_by_role("button", name="Re-run the model")).to_be_visible()
        assert_accessible(self.page)
