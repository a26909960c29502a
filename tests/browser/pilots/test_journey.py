"""A pilot in a browser, from proposal to scale-up: Fran, a facilitator at Trust A, proposes a
pilot (first forgetting its title), adds a measure with its baseline, approves it, starts it, logs a
PDSA cycle, evaluates it (before and after) and decides to scale it up; the pilot page then links
to the draft case study and the local catalogue intervention, and she opens both. Every page is
checked with axe. She logs the PDSA cycle in a browser without JavaScript. (Every form is a plain
POST form: tests/integration/pilots/test_pages.py takes the whole journey through the test client.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Journey, assert_accessible, fill_date, sign_in

FRAN = "fran@example.nhs.uk"
TITLE = "Buddying for newly qualified nurses"


@pytest.fixture
def fran(transactional_db):
    from tests.factories import hierarchy, member
    from tests.factories.star import star_points

    orgs = hierarchy()
    star_points()
    return member(orgs["trust_a"], "facilitator", full_name="Fran Facilitator", email=FRAN)


@pytest.mark.usefixtures("fran")
class TestAPilotFromProposalToScaleUp(Journey):
    def test_a_pilot_from_proposal_to_scale_up(self):
        self.given_fran_has_signed_in()
        self.when_she_proposes_a_pilot_without_a_title()
        self.then_she_is_asked_for_one()
        self.when_she_proposes_it_properly()
        self.and_adds_a_measure_with_its_baseline()
        self.and_approves_and_starts_it()
        self.and_logs_a_pdsa_cycle_without_javascript()
        self.and_evaluates_it()
        self.when_she_decides_to_scale_it_up()
        self.then_the_pilot_links_to_a_draft_case_study_and_a_local_intervention()
        self.and_she_opens_the_draft_case_study()
        self.and_the_local_intervention_with_its_modelled_effect()

    # ---------------------------------------------------------------- steps

    def given_fran_has_signed_in(self):
        self.sign_in_as(FRAN)
        self.visit("/pilots/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Pilots and tests of concept")
        assert_accessible(self.page)

    def when_she_proposes_a_pilot_without_a_title(self):
        page = self.page
        page.get_by_role("link", name="Propose a pilot").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Propose a pilot")
        assert_accessible(page)
        page.get_by_label("Hypothesis").fill("If new nurses have a buddy for six months, fewer leave in year one.")
        page.get_by_role("button", name="Propose the pilot").click()

    def then_she_is_asked_for_one(self):
        expect(self.page.locator(".nhsuk-error-summary")).to_contain_text("Enter a title for the pilot")
        assert_accessible(self.page)

    def when_she_proposes_it_properly(self):
        page = self.page
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Aims").fill("Cut first-year leavers from 14% to 10%.")
        page.get_by_role("checkbox", name="Trust A").check()
        page.get_by_label("Cohort size (optional)").fill("60")
        page.get_by_role("button", name="Propose the pilot").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("#stage")).to_have_text("Proposed")
        assert_accessible(page)

    def and_adds_a_measure_with_its_baseline(self):
        page = self.page
        page.get_by_role("link", name="Add a measure").click()
        page.get_by_label("What will be measured").fill("Newly qualified nurses leaving in their first year")
        page.get_by_label("Unit (optional)").fill("%")
        page.get_by_label("Baseline value").fill("14")
        assert_accessible(page)
        page.get_by_role("button", name="Add the measure").click()
        expect(page.get_by_role("table").first).to_contain_text("Newly qualified nurses leaving in their first year")

    def and_approves_and_starts_it(self):
        page = self.page
        page.get_by_role("link", name="Approve the pilot").click()
        fill_date(page, "Date of approval", "10", "1", "2025")
        assert_accessible(page)
        page.get_by_role("button", name="Approve the pilot").click()
        expect(page.locator("#stage")).to_have_text("Approved")
        page.get_by_role("link", name="Start running the pilot").click()
        fill_date(page, "Start date", "1", "2", "2025")
        page.get_by_role("button", name="Start the pilot").click()
        expect(page.locator("#stage")).to_have_text("Running")
        assert_accessible(page)

    def and_logs_a_pdsa_cycle_without_javascript(self):
        page = self.new_browser(java_script_enabled=False)
        sign_in(page, self.live_server, FRAN, PASSWORD)
        page.goto(self.page.url)
        expect(page.locator("#stage")).to_have_text("Running")
        page.get_by_role("link", name="Log a PDSA cycle").click()
        page.get_by_label("Plan", exact=True).fill("Buddy the March starters on two wards")
        page.get_by_label("Study (optional)").fill("One leaver in six months")
        fill_date(page, "Date the cycle began", "1", "3", "2025")
        assert_accessible(page)
        page.get_by_role("button", name="Log the cycle").click()
        expect(page.get_by_role("heading", name="Cycle 1: 1 March 2025")).to_be_visible()
        assert_accessible(page)

    def and_evaluates_it(self):
        page = self.page
        page.get_by_role("link", name="Evaluate the pilot").click()
        name = "Newly qualified nurses leaving in their first year"
        expect(page.get_by_label(f"{name}: value before (%)")).to_have_value("14.00")
        page.get_by_label(f"{name}: value after (%)").fill("10")
        page.get_by_label("What was learned").fill("Buddies need time in the roster.")
        assert_accessible(page)
        page.get_by_role("button", name="Save the evaluation").click()
        expect(page.locator("#stage")).to_have_text("Evaluating")

    def when_she_decides_to_scale_it_up(self):
        page = self.page
        page.get_by_role("link", name="Record the decision").click()
        page.get_by_role("radio", name="Scale up").check()
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give the reason for the decision")
        assert_accessible(page)
        page.get_by_label("Why").fill("Leavers fell on both wards.")
        page.get_by_role("button", name="Record the decision").click()

    def then_the_pilot_links_to_a_draft_case_study_and_a_local_intervention(self):
        page = self.page
        expect(page.locator("#stage")).to_have_text("Decided: scale up")
        expect(page.get_by_text("Modelled effect: Fewer leavers: most likely 19.1%")).to_be_visible()
        expect(page.locator("#history").locator("xpath=following-sibling::table")).to_contain_text("Decided: scale up")
        assert_accessible(page)

    def and_she_opens_the_draft_case_study(self):
        page = self.page
        page.get_by_role("link", name=TITLE).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.get_by_text("Draft", exact=True).first).to_be_visible()
        assert_accessible(page)
        page.go_back()

    def and_the_local_intervention_with_its_modelled_effect(self):
        page = self.page
        page.get_by_role("link", name=TITLE).nth(1).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.get_by_text("Reduces the leaver rate").first).to_be_visible()
        assert_accessible(page)
