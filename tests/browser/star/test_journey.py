"""A facilitator opens the Star, follows a point, filters its interventions and opens one; the
Star's points work with the keyboard; a facilitator adds a local intervention."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_FACILITATOR, DEMO_PASSWORD, Journey, assert_accessible


@pytest.mark.usefixtures("demo_data")
class TestTheStar(Journey):
    def test_facilitator_browses_filters_and_opens_an_intervention(self):
        self.given_the_demo_facilitator_has_signed_in()
        self.when_they_open_the_star_from_the_navigation()
        self.then_the_star_shows_its_five_points()
        self.when_they_follow_the_new_roles_point_of_the_graphic()
        self.then_the_point_lists_its_interventions()
        self.when_they_filter_by_a_staff_group()
        self.then_fewer_interventions_match()
        self.when_they_open_the_intervention()
        self.then_they_can_read_its_modelled_effect()

    def test_star_points_can_be_reached_and_seen_with_the_keyboard(self):
        self.given_the_demo_facilitator_is_on_the_star()
        self.when_they_move_to_the_first_point_with_the_keyboard()
        self.then_the_point_shows_the_nhs_focus_outline()
        self.when_they_press_enter()
        self.then_the_supply_point_opens()

    def test_facilitator_adds_a_local_intervention(self):
        self.given_the_demo_facilitator_is_on_the_star()
        self.when_they_choose_to_add_a_local_intervention()
        self.and_send_the_form_empty()
        self.then_the_problems_are_named()
        self.when_they_fill_in_the_intervention()
        self.then_the_intervention_shows_its_modelled_effect()

    # Steps

    def given_the_demo_facilitator_has_signed_in(self):
        self.sign_in_as(DEMO_FACILITATOR, DEMO_PASSWORD)
        assert_accessible(self.page)

    def given_the_demo_facilitator_is_on_the_star(self):
        self.sign_in_as(DEMO_FACILITATOR, DEMO_PASSWORD)
        self.visit("/star/")

    def when_they_open_the_star_from_the_navigation(self):
        self.page.get_by_role("link", name="The Star", exact=True).first.click()

    @property
    def graphic(self):
        return self.page.locator("svg.lodestar-star__graphic")

    def then_the_star_shows_its_five_points(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("The workforce transformation Star")
        expect(self.graphic.locator("a")).to_have_count(5)
        expect(self.page.locator(".lodestar-star-points > li")).to_have_count(5)
        assert_accessible(self.page)

    def when_they_follow_the_new_roles_point_of_the_graphic(self):
        point = self.graphic.get_by_role("link", name=re.compile(r"^New roles: \d+ interventions$"))
        point.locator(".lodestar-star__label").click()

    def then_the_point_lists_its_interventions(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("New roles")
        self.count = self.page.locator("#results-count")
        self.before = self.count.inner_text()
        assert re.fullmatch(r"\d+ interventions", self.before)
        assert_accessible(self.page)

    def when_they_filter_by_a_staff_group(self):
        self.page.get_by_label("Staff group").select_option(label="Pharmacists and pharmacy technicians")
        self.page.get_by_role("button", name="Apply filters").click()

    def then_fewer_interventions_match(self):
        expect(self.count).to_have_text("1 intervention match your filters")
        assert self.count.inner_text() != self.before
        expect(self.page.get_by_role("link", name="Clear filters")).to_be_visible()
        assert_accessible(self.page)

    def when_they_open_the_intervention(self):
        self.page.get_by_role("link", name="Clinical pharmacist in primary care").click()

    def then_they_can_read_its_modelled_effect(self):
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Clinical pharmacist in primary care")
        expect(page.get_by_role("heading", name="Modelled effect")).to_be_visible()
        expect(page.locator("dd").filter(has_text="Pharmacists and pharmacy technicians")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^Adds pharmacists and pharmacy technicians each year"))).to_be_visible()
        assert_accessible(page)

    def when_they_move_to_the_first_point_with_the_keyboard(self):
        self.first_point = self.graphic.locator("a").first
        self.first_point.focus()

    def then_the_point_shows_the_nhs_focus_outline(self):
        # The focused point changes colour and gains the NHS yellow focus outline.
        expect(self.first_point.locator("polygon")).to_have_css("stroke", "rgb(255, 235, 59)")

    def when_they_press_enter(self):
        self.page.keyboard.press("Enter")

    def then_the_supply_point_opens(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Supply")
        assert_accessible(self.page)

    def when_they_choose_to_add_a_local_intervention(self):
        self.page.get_by_role("link", name="Add a local intervention").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Add a local intervention")
        assert_accessible(self.page)

    def and_send_the_form_empty(self):
        self.page.get_by_role("button", name="Add intervention").click()

    def then_the_problems_are_named(self):
        expect(self.page.get_by_role("heading", name="There is a problem")).to_be_visible()
        assert_accessible(self.page)

    def when_they_fill_in_the_intervention(self):
        page = self.page
        page.get_by_label("Organisation").select_option(index=1)
        page.get_by_label("Title").fill("Buddy scheme for new starters")
        page.get_by_label("Summary").fill("Every new starter is paired with an experienced colleague for six months.")
        page.get_by_label("Description").fill("A simple buddy scheme. It suits teams with many new starters.")
        page.get_by_label("Star point").select_option(label="Supply")
        for choice in (
            "Healthcare support workers",
            "Community health",
            "Emerging: local evaluation",
            "Under 6 months",
            "Low: under £50,000",
        ):
            page.get_by_label(choice).check()
        page.get_by_label("Modelled effect").select_option(value="leaver_rate_change")
        page.get_by_label("Smallest likely effect, in per cent").fill("0.5")
        page.get_by_label("Most likely effect, in per cent").fill("2")
        page.get_by_label("Largest likely effect, in per cent").fill("4")
        page.get_by_label("Years to reach full effect").fill("1")
        page.get_by_role("button", name="Add intervention").click()

    def then_the_intervention_shows_its_modelled_effect(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Buddy scheme for new starters")
        expect(self.page.get_by_text("Reduces the leaver rate by 0.5% to 4%, most likely 2%")).to_be_visible()
        assert_accessible(self.page)
