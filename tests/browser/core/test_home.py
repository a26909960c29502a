"""The home page of the person signed in: their next steps lead to the page that does each one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lodestar.plans.models import Status
from tests.browser.conftest import Journey, assert_accessible, fits_the_screen
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.workshops import CandidateFactory, WorkshopFactory, participant


@pytest.mark.usefixtures("people")
class TestHomePage(Journey):
    def test_a_contributor_sees_their_next_steps_and_follows_one(self, people):
        self.given_cal_takes_part_in_a_workshop_with_three_candidates(people)
        self.and_he_owns_an_action_at_risk(people)
        self.when_cal_signs_in_on_his_phone()
        self.then_his_home_page_lists_his_next_steps()
        self.when_he_follows_the_step_to_rate_the_candidates()
        self.then_he_is_on_the_prioritisation_page()

    # Steps

    def given_cal_takes_part_in_a_workshop_with_three_candidates(self, people):
        workshop = WorkshopFactory(
            lead_organisation=people["facilitator"].memberships.get().organisation,
            facilitator=people["facilitator"],
            title="Community nursing",
        )
        participant(workshop, "contributor", user=people["contributor"])
        for _ in range(3):
            CandidateFactory(workshop=workshop)

    def and_he_owns_an_action_at_risk(self, people):
        plan = ActionPlanFactory(organisation=people["contributor"].memberships.get().organisation)
        ActionFactory(plan=plan, owner_user=people["contributor"], status=Status.AT_RISK)

    def when_cal_signs_in_on_his_phone(self):
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.sign_in_as("cal@example.nhs.uk")
        self.visit("/")

    def then_his_home_page_lists_his_next_steps(self):
        steps = self.page.get_by_role("heading", name="Your next steps")
        expect(steps).to_be_visible()
        expect(self.page.get_by_role("link", name="Rate 3 candidates in Community nursing")).to_be_visible()
        expect(self.page.get_by_role("link", name="You own 1 open action, 1 at risk")).to_be_visible()
        expect(self.page.get_by_text("You are a contributor. Workshop status: Draft.")).to_be_visible()
        expect(self.page.get_by_text("Confirm the shortlist")).to_have_count(0)
        assert fits_the_screen(self.page), "the home page is wider than a 390px screen"
        assert_accessible(self.page)

    def when_he_follows_the_step_to_rate_the_candidates(self):
        self.page.get_by_role("link", name="Rate 3 candidates in Community nursing").click()

    def then_he_is_on_the_prioritisation_page(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Prioritisation")
        assert_accessible(self.page)
