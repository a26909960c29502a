"""From workshop to action plan: a facilitator sets up a workshop, a contributor (in a second
browser) adds a challenge and ratings, the facilitator shortlists, generates the plan, updates
an action, and downloads the workshop report, whose text contains the plan's actions.
Every page is checked with axe."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import Journey, WorkshopSteps, assert_accessible, fill_date

CANDIDATES = (("return", "Return to practice"), ("champions", "Change champions"))


@pytest.mark.usefixtures("people")
class TestFromWorkshopToActionPlan(Journey, WorkshopSteps):
    def test_workshop_to_plan_to_pdf(self):
        self.given_fran_has_set_up_a_workshop()
        self.and_they_add_cal_as_a_contributor()
        self.when_cal_adds_a_challenge_in_a_second_browser()
        self.and_cal_adds_two_candidates()
        self.and_cal_rates_both()
        self.and_fran_rates_both_and_confirms_the_shortlist()
        self.and_fran_generates_the_action_plan()
        self.then_the_plan_lists_one_action_per_shortlisted_intervention()

        self.when_fran_gives_an_action_a_due_date_before_its_start()
        self.then_the_due_date_is_refused()
        self.when_she_gives_it_an_owner_a_later_due_date_and_a_status()
        self.then_the_action_is_saved_with_its_owner()
        self.when_she_adds_a_progress_update()
        self.then_the_update_is_shown()
        self.when_she_adds_a_milestone_and_a_success_measure()
        self.then_the_measure_is_listed()
        self.and_the_change_history_shows_the_edit()

        self.when_she_opens_the_timeline()
        self.then_it_shows_the_due_date()
        self.when_she_filters_the_portfolio_by_star_point()
        self.then_only_the_matching_action_is_listed()
        self.when_she_downloads_the_workshop_report()
        self.then_its_text_contains_the_plans_actions()

        self.then_the_owner_finds_the_action_in_my_actions()
        self.and_an_ics_viewer_sees_the_plan_but_cannot_edit_it()

    # The workshop, up to the shortlist

    def given_fran_has_set_up_a_workshop(self):
        self.sign_in_as("fran@example.nhs.uk")
        self.visit("/workshops/")
        self.page.get_by_role("button", name="Set up a workshop").click()
        self.fill_in_the_workshop_form(end_date="1 3 2027")
        self.page.get_by_role("button", name="Set up workshop").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Community nursing")
        assert_accessible(self.page)
        self.workshop_url = self.page.url

    def when_cal_adds_a_challenge_in_a_second_browser(self):
        self.cal = self.second_browser("cal@example.nhs.uk")
        self.cal.goto(self.workshop_url)
        assert_accessible(self.cal)
        self.cal.get_by_role("link", name="Star assessment").click()
        self.cal.get_by_role("link", name="Supply").first.click()
        self.add_a_challenge(self.cal, "Experienced nurses leave and few return after a career break.")

    def and_cal_adds_two_candidates(self):
        self.cal.goto(self.workshop_url)
        self.cal.get_by_role("link", name="Candidates").click()
        for term, title in CANDIDATES:
            self.search_the_catalogue(self.cal, term, finds=title)
            self.add_the_first_result_as_a_candidate(self.cal, title)
        assert_accessible(self.cal)

    def and_cal_rates_both(self):
        self.cal.get_by_role("link", name="prioritisation", exact=True).click()
        self.rate(self.cal, "Return to practice", impact="5", effort="2")
        self.rate(self.cal, "Change champions", impact="4", effort="1")
        assert_accessible(self.cal)
        self.close(self.cal)

    def and_fran_rates_both_and_confirms_the_shortlist(self):
        page = self.page
        page.goto(self.workshop_url)
        page.get_by_role("link", name="Prioritisation").click()
        self.rate(page, "Return to practice", impact="5", effort="2")
        self.rate(page, "Change champions", impact="4", effort="2")
        for _, title in CANDIDATES:
            checkbox = page.get_by_role("checkbox", name=title)
            if not checkbox.is_checked():
                checkbox.check()
        page.get_by_role("button", name="Confirm shortlist").click()
        expect(page.get_by_role("alert")).to_contain_text("Shortlist confirmed")
        assert_accessible(page)

    def and_fran_generates_the_action_plan(self):
        self.page.get_by_role("button", name="Generate action plan").click()

    def then_the_plan_lists_one_action_per_shortlisted_intervention(self):
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Action plan: Community nursing")
        expect(page.get_by_role("alert")).to_contain_text("Action plan created with 2 actions")
        table = page.get_by_role("table", name=re.compile("Actions"))
        expect(table).to_contain_text("Return to practice")
        expect(table).to_contain_text("Change champions")
        expect(table).to_contain_text("Not started")
        assert_accessible(page)
        self.plan_url = page.url

    # One action: edit, progress, milestone, measure, history

    def when_fran_gives_an_action_a_due_date_before_its_start(self):
        page = self.page
        page.get_by_role("link", name="Return to practice").click()
        assert_accessible(page)
        page.get_by_role("link", name="Edit the action").click()
        assert_accessible(page)
        page.get_by_label("Owner's email address (optional)").fill("cal@example.nhs.uk")
        fill_date(page, "Due date", "31", "1", "2027")
        page.get_by_role("button", name="Save the action").click()

    def then_the_due_date_is_refused(self):
        expect(self.page.get_by_role("alert")).to_contain_text("The due date must be on or after the start date")
        assert_accessible(self.page)

    def when_she_gives_it_an_owner_a_later_due_date_and_a_status(self):
        fill_date(self.page, "Due date", "31", "12", "2027")
        self.page.get_by_label("At risk").check()
        self.page.get_by_role("button", name="Save the action").click()

    def then_the_action_is_saved_with_its_owner(self):
        expect(self.page.get_by_role("alert")).to_contain_text("Action saved")
        expect(self.page.locator(".nhsuk-summary-list")).to_contain_text("Cal Contributor")

    def when_she_adds_a_progress_update(self):
        self.page.get_by_label("What has happened").fill("Advert out; two applicants so far.")
        self.page.get_by_label("Change the status (optional)").select_option(label="On track")
        self.page.get_by_role("button", name="Add update").click()

    def then_the_update_is_shown(self):
        expect(self.page.get_by_role("alert")).to_contain_text("Progress update added")
        expect(self.page.locator("main")).to_contain_text("Advert out; two applicants so far.")
        assert_accessible(self.page)

    def when_she_adds_a_milestone_and_a_success_measure(self):
        page = self.page
        page.get_by_role("link", name="Add a milestone").click()
        page.get_by_label("Milestone", exact=True).fill("First cohort starts")
        page.get_by_role("button", name="Save the milestone").click()
        page.get_by_role("link", name="Add a success measure").click()
        assert_accessible(page)
        page.get_by_label("What you will measure").fill("Nurses returning to practice")
        page.get_by_label("Target (optional)").fill("12")
        page.get_by_role("button", name="Save the measure").click()

    def then_the_measure_is_listed(self):
        expect(self.page.get_by_role("heading", name="Nurses returning to practice", level=3)).to_be_visible()
        expect(self.page.locator("main")).to_contain_text("No values recorded yet.")

    def and_the_change_history_shows_the_edit(self):
        self.page.get_by_role("link", name="Change history").click()
        # The one label for plans.action.update, read from PlanEvent (it was "Action edited" on
        # this page and "Action changed" on the audit log before the labels were unified).
        expect(self.page.locator("main")).to_contain_text("Action changed")
        expect(self.page.locator("main")).to_contain_text("At risk")
        assert_accessible(self.page)

    # The plan as a whole: timeline, portfolio, report

    def when_she_opens_the_timeline(self):
        self.page.goto(self.plan_url)
        self.page.get_by_role("link", name="Timeline of the plan").click()

    def then_it_shows_the_due_date(self):
        expect(self.page.get_by_role("table", name="Actions by start date")).to_contain_text("31 Dec 2027")
        assert_accessible(self.page)

    def when_she_filters_the_portfolio_by_star_point(self):
        self.visit("/plans/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Action plans")
        self.page.get_by_label("Star point").select_option(label="Leadership")
        self.page.get_by_role("button", name="Apply filters").click()

    def then_only_the_matching_action_is_listed(self):
        table = self.page.get_by_role("table", name=re.compile("Actions"))
        expect(table).to_contain_text("Change champions")
        expect(table).not_to_contain_text("Return to practice")
        assert_accessible(self.page)

    def when_she_downloads_the_workshop_report(self):
        self.page.goto(self.plan_url)
        with self.page.expect_download() as download_info:
            self.page.get_by_role("link", name="Download the workshop report (PDF)").click()
        self.download = download_info.value

    def then_its_text_contains_the_plans_actions(self):
        assert self.download.suggested_filename.endswith(".pdf")
        with open(self.download.path(), "rb") as fh:
            pages = PdfReader(io.BytesIO(fh.read())).pages
        text = " ".join(" ".join(p.extract_text().split()) for p in pages)
        for expected in (
            "Community nursing",
            "Return to practice",
            "Change champions",
            "few return after a career break",
        ):
            assert expected in text, expected

    # Other people

    def then_the_owner_finds_the_action_in_my_actions(self):
        owner = self.second_browser("cal@example.nhs.uk")
        owner.goto(self.url("/plans/my-actions/"))
        expect(owner.get_by_role("table")).to_contain_text("Return to practice")
        expect(owner.get_by_role("table")).not_to_contain_text("Change champions")
        assert_accessible(owner)
        self.close(owner)

    def and_an_ics_viewer_sees_the_plan_but_cannot_edit_it(self):
        viewer = self.second_browser("ira@example.nhs.uk")
        viewer.goto(self.plan_url)
        expect(viewer.get_by_role("heading", level=1)).to_have_text("Action plan: Community nursing")
        expect(viewer.get_by_role("link", name="Add an action")).to_have_count(0)
        assert_accessible(viewer)
        self.close(viewer)
