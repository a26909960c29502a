"""A facilitator sets up a workshop and adds a contributor; the contributor (in their own
browser) adds a challenge and ratings; the facilitator sees the aggregate and confirms the
shortlist. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, WorkshopSteps, assert_accessible, fill_date


@pytest.mark.usefixtures("people")
class TestWorkshopFromSetUpToConfirmedShortlist(Journey, WorkshopSteps):
    def test_workshop_from_set_up_to_confirmed_shortlist(self):
        self.given_fran_the_facilitator_has_signed_in()
        self.when_she_sets_up_a_workshop_ending_before_it_starts()
        self.then_the_end_date_is_refused()
        self.when_she_corrects_the_end_date()
        self.then_the_workshop_is_set_up()
        self.and_they_add_cal_as_a_contributor()
        self.and_she_scores_the_supply_point()

        self.when_cal_opens_the_workshop_in_his_own_browser()
        self.then_he_cannot_score_the_supply_point_but_can_add_a_challenge()
        self.when_he_types_in_the_catalogue_search()
        self.then_results_appear_as_he_types()
        self.and_the_search_button_still_works()
        self.when_he_adds_return_to_practice_as_a_candidate()
        self.and_rates_it()
        self.then_he_cannot_confirm_the_shortlist()

        self.when_fran_rates_it_too()
        self.then_the_ranked_list_and_matrix_show_a_quick_win()
        self.when_she_confirms_the_shortlist()
        self.then_the_shortlist_lists_return_to_practice()

    # Fran, the facilitator

    def given_fran_the_facilitator_has_signed_in(self):
        self.sign_in_as("fran@example.nhs.uk")
        self.visit("/workshops/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Your workshops")
        assert_accessible(self.page)

    def when_she_sets_up_a_workshop_ending_before_it_starts(self):
        self.page.get_by_role("button", name="Set up a workshop").click()
        assert_accessible(self.page)
        self.fill_in_the_workshop_form(end_date="1 2 2027")
        self.page.get_by_label("Registered nurses").check()
        self.page.get_by_label("Community health").check()
        self.page.get_by_role("button", name="Set up workshop").click()

    def then_the_end_date_is_refused(self):
        expect(self.page.get_by_role("alert")).to_contain_text(
            "The end date must be the same as or after the start date"
        )
        assert_accessible(self.page)

    def when_she_corrects_the_end_date(self):
        fill_date(self.page, "End date", "1", "3", "2027")
        self.page.get_by_role("button", name="Set up workshop").click()

    def then_the_workshop_is_set_up(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Community nursing")
        expect(self.page.locator(".nhsuk-task-list")).to_contain_text("Star assessment")
        assert_accessible(self.page)
        self.workshop_url = self.page.url

    def and_she_scores_the_supply_point(self):
        page = self.page
        page.goto(self.workshop_url)
        page.get_by_role("link", name="Star assessment").click()
        assert_accessible(page)
        page.get_by_role("link", name="Supply").first.click()
        page.locator("fieldset").filter(has_text="Where are we now?").get_by_label("2 - Early steps").check()
        page.locator("fieldset").filter(has_text="Where do we want to be?").get_by_label("4 - Established").check()
        page.get_by_role("button", name="Save scores").click()
        expect(page.get_by_role("alert")).to_contain_text("Scores saved for Supply")
        assert_accessible(page)

    # Cal, the contributor, in his own browser

    def when_cal_opens_the_workshop_in_his_own_browser(self):
        self.cal = self.second_browser("cal@example.nhs.uk")
        self.cal.goto(self.url("/workshops/"))
        self.cal.get_by_role("link", name="Community nursing").click()
        assert_accessible(self.cal)

    def then_he_cannot_score_the_supply_point_but_can_add_a_challenge(self):
        self.cal.get_by_role("link", name="Star assessment").click()
        self.cal.get_by_role("link", name="Supply").first.click()
        expect(self.cal.get_by_role("button", name="Save scores")).to_have_count(0)
        self.add_a_challenge(self.cal, "Experienced nurses are leaving and few return after a career break.")

    def when_he_types_in_the_catalogue_search(self):
        self.cal.goto(self.workshop_url)
        self.cal.get_by_role("link", name="Candidates").click()
        assert_accessible(self.cal)
        self.cal.get_by_label("Search the catalogue").press_sequentially("champions")

    def then_results_appear_as_he_types(self):
        # With JavaScript (HTMX), results appear as you type...
        expect(self.cal.locator("#search-results")).to_contain_text("Change champions")
        assert "q=champions" in self.cal.url

    def and_the_search_button_still_works(self):
        self.search_the_catalogue(self.cal, "return", finds="Return to practice")
        assert_accessible(self.cal)

    def when_he_adds_return_to_practice_as_a_candidate(self):
        self.add_the_first_result_as_a_candidate(self.cal, "Return to practice")
        assert_accessible(self.cal)

    def and_rates_it(self):
        self.cal.get_by_role("link", name="prioritisation", exact=True).click()
        self.rate(self.cal, "Return to practice", impact="4", effort="2")

    def then_he_cannot_confirm_the_shortlist(self):
        expect(self.cal.get_by_role("button", name="Confirm shortlist")).to_have_count(0)
        assert_accessible(self.cal)
        self.close(self.cal)

    # Fran again

    def when_fran_rates_it_too(self):
        self.page.goto(self.workshop_url)
        self.page.get_by_role("link", name="Prioritisation").click()
        self.rate(self.page, "Return to practice", impact="5", effort="1")

    def then_the_ranked_list_and_matrix_show_a_quick_win(self):
        ranked = self.page.locator("table.lodestar-ranked")
        expect(ranked).to_contain_text("4.5")
        expect(ranked).to_contain_text("Quick wins")
        matrix = self.page.locator("table.lodestar-matrix")
        expect(matrix.locator(".lodestar-matrix__cell--quick_win")).to_contain_text("Return to practice")
        assert_accessible(self.page)

    def when_she_confirms_the_shortlist(self):
        expect(self.page.get_by_role("checkbox", name="Return to practice")).to_be_checked()
        self.page.get_by_role("button", name="Confirm shortlist").click()

    def then_the_shortlist_lists_return_to_practice(self):
        expect(self.page.get_by_role("alert")).to_contain_text("Shortlist confirmed: 1 candidates")
        expect(self.page.locator("#shortlist ~ ol")).to_contain_text("Return to practice")
        assert_accessible(self.page)
