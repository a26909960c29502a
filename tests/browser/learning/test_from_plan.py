"""From a plan to a case study in a browser: Erin, a contributor at Trust A, opens the action her
team finished, writes a case study from it in one step, finds the draft filled in (the workshop's
challenge, what was changed, the success measure as a result with its dates), adds a contact and
saves it, then downloads it as a one-page PDF. The plan's page offers the same for the whole plan.
Every page is checked with axe."""

from __future__ import annotations

import datetime
import decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible

ERIN = "erin@example.nhs.uk"
ACTION = "Preceptorship for new district nurses"
CHALLENGE = "Too many district nurses leave in their first two years."


@pytest.fixture
def plan(transactional_db):
    from lodestar.plans.models import MeasureValue, Status
    from tests.factories import hierarchy, member
    from tests.factories.plans import ActionFactory, ActionPlanFactory, SuccessMeasureFactory
    from tests.factories.star import star_points
    from tests.factories.workshops import WorkshopFactory

    orgs = hierarchy()
    star_points()
    member(orgs["trust_a"], "contributor", full_name="Erin Editor", email=ERIN)
    workshop = WorkshopFactory(title="Community nursing Star", lead_organisation=orgs["trust_a"], challenge=CHALLENGE)
    plan = ActionPlanFactory(title="Community nursing plan", organisation=orgs["trust_a"], workshop=workshop)
    done = ActionFactory(
        plan=plan,
        title=ACTION,
        description="Twelve months of protected learning time with a named mentor.",
        status=Status.DONE,
        owner_name="Olu Owner",
        start_date=datetime.date(2024, 4, 10),
        due_date=datetime.date(2025, 3, 31),
    )
    measure = SuccessMeasureFactory(action=done, metric="Nurses leaving in their first year", unit="%")
    MeasureValue.objects.create(measure=measure, date=datetime.date(2024, 3, 31), value=decimal.Decimal("24"))
    MeasureValue.objects.create(measure=measure, date=datetime.date(2025, 3, 31), value=decimal.Decimal("11"))
    ActionFactory(plan=plan, title="Rotation scheme", status=Status.ON_TRACK)
    return plan


class TestACaseStudyFromAPlan(Journey):
    def test_a_done_action_becomes_a_case_study_and_a_pdf(self, plan):
        self.given_erin_is_on_the_done_action(plan)
        self.when_she_writes_a_case_study_from_it()
        self.then_the_draft_is_filled_in_from_the_plan()
        self.when_she_adds_a_contact_and_saves()
        self.then_the_result_shows_with_its_dates()
        self.and_she_downloads_it_as_a_pdf()

    def test_the_whole_plan_becomes_a_case_study(self, plan):
        self.sign_in_as(ERIN)
        self.visit(f"/plans/{plan.pk}/")
        expect(self.page.get_by_text("from this plan's 1 done action,")).to_be_visible()
        assert_accessible(self.page)
        self.page.get_by_role("button", name="Write a case study from this plan").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Edit the case study")
        expect(self.page.get_by_label("Title")).to_have_value("Community nursing plan")
        assert "Rotation scheme" not in self.page.get_by_label("What was changed").input_value()

    # ---------------------------------------------------------------- steps

    def given_erin_is_on_the_done_action(self, plan):
        self.sign_in_as(ERIN)
        self.visit(f"/plans/{plan.pk}/")
        self.page.get_by_role("link", name=ACTION).first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(ACTION)
        assert_accessible(self.page)

    def when_she_writes_a_case_study_from_it(self):
        self.page.get_by_role("button", name="Write a case study from this action").click()

    def then_the_draft_is_filled_in_from_the_plan(self):
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit the case study")
        expect(page.get_by_text("Draft case study started from the plan")).to_be_visible()
        expect(page.get_by_label("Title")).to_have_value(ACTION)
        expect(page.get_by_label("The challenge")).to_have_value(CHALLENGE)
        expect(page.get_by_label("What was changed")).to_contain_text("protected learning time")
        expect(page.get_by_label("Who led it and who was involved")).to_contain_text("Led by Olu Owner (Trust A).")
        assert_accessible(page)

    def when_she_adds_a_contact_and_saves(self):
        self.page.get_by_label("Contact").fill("Practice education team, education@example.nhs.uk")
        self.page.get_by_role("button", name="Save draft").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(ACTION)

    def then_the_result_shows_with_its_dates(self):
        row = self.page.get_by_role("row", name="Nurses leaving in their first year")
        expect(row).to_contain_text("24%")
        expect(row).to_contain_text("31 March 2024")
        expect(row).to_contain_text("11%")
        expect(row).to_contain_text("Down 13%")
        assert_accessible(self.page)

    def and_she_downloads_it_as_a_pdf(self):
        with self.page.expect_download() as download:
            self.page.get_by_role("link", name="Download as PDF").click()
        assert download.value.suggested_filename.startswith("case-study-")
        assert download.value.suggested_filename.endswith(".pdf")
