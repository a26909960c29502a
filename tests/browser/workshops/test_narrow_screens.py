"""Every workshop and plan page fits a 390px phone screen: no sideways scrolling of the page."""

from __future__ import annotations

from tests.browser.conftest import DEMO_FACILITATOR, DEMO_PASSWORD, Journey, assert_accessible, fits_the_screen


class TestWorkshopPagesOnAPhone(Journey):
    def test_workshop_and_plan_pages_fit_a_phone_screen(self, demo_workshop_and_plan):
        workshop, plan = demo_workshop_and_plan
        self.given_the_demo_facilitator_on_a_phone()
        self.when_they_open_each_page(
            "/workshops/",
            f"/workshops/{workshop.pk}/",
            f"/workshops/{workshop.pk}/participants/",
            f"/workshops/{workshop.pk}/evidence/",
            f"/workshops/{workshop.pk}/assessment/",
            f"/workshops/{workshop.pk}/prioritisation/",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/timeline/",
        )
        self.then_none_scrolls_sideways()
        self.and_the_participants_page_shows_a_long_email_address(workshop)

    def given_the_demo_facilitator_on_a_phone(self):
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.sign_in_as(DEMO_FACILITATOR, DEMO_PASSWORD)

    def when_they_open_each_page(self, *paths):
        self.too_wide = []
        for path in paths:
            self.visit(path)
            if not fits_the_screen(self.page):
                self.too_wide.append(path)

    def then_none_scrolls_sideways(self):
        assert self.too_wide == [], f"these pages scroll sideways on a 390px screen: {self.too_wide}"

    def and_the_participants_page_shows_a_long_email_address(self, workshop):
        self.visit(f"/workshops/{workshop.pk}/participants/")
        assert self.page.get_by_text("sam.carter@carers.demo.lodestar.test").is_visible()
        assert_accessible(self.page)
