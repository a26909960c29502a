"""The NHS.UK page layout: skip link, header, phase banner, footer, no JavaScript needed."""

from __future__ import annotations

from tests.browser.conftest import Journey, assert_accessible, fits_the_screen
from tests.factories import member

LONG_EMAIL = "another.quite.long.email.address@example.nhs.uk"


class TestLayout(Journey):
    def test_public_page_has_nhs_layout_and_is_accessible(self):
        self.when_a_visitor_opens_the_accessibility_statement()
        self.then_the_page_has_the_nhs_layout()
        self.and_its_heading_is("Accessibility statement for Lodestar")
        assert_accessible(self.page)

    def test_pages_work_without_javascript(self):
        self.given_a_browser_without_javascript()
        self.when_a_signed_out_visitor_opens_the_home_page()
        self.then_they_are_sent_to_sign_in_and_the_page_renders()

    def test_members_page_fits_a_phone_screen(self, orgs):
        self.given_an_organisation_admin_on_a_phone(orgs)
        self.when_they_open_the_members_page(orgs["trust_a"])
        self.then_the_long_email_address_is_visible_and_the_page_fits()
        assert_accessible(self.page)

    def test_page_not_found_is_in_the_nhs_layout(self, db):
        self.when_a_visitor_opens_a_page_that_does_not_exist()
        self.then_they_get_a_404()
        self.and_its_heading_is("Page not found")
        self.and_the_page_has_a_skip_link_and_footer()
        assert_accessible(self.page)

    # Steps

    def when_a_visitor_opens_the_accessibility_statement(self):
        self.visit("/accessibility/")

    def then_the_page_has_the_nhs_layout(self):
        self.and_the_page_has_a_skip_link_and_footer()
        assert self.page.get_by_role("banner").get_by_text("Lodestar").count() >= 1
        assert self.page.get_by_text("This is a new service").is_visible()

    def and_the_page_has_a_skip_link_and_footer(self):
        assert self.page.get_by_role("link", name="Skip to main content").count() == 1
        assert self.page.get_by_role("contentinfo").is_visible()

    def and_its_heading_is(self, text):
        assert self.page.locator("h1").inner_text() == text

    def given_a_browser_without_javascript(self):
        self.no_js = self.new_browser(java_script_enabled=False)

    def when_a_signed_out_visitor_opens_the_home_page(self):
        self.no_js.goto(self.url("/"))

    def then_they_are_sent_to_sign_in_and_the_page_renders(self):
        assert "/account/sign-in/" in self.no_js.url

    def given_an_organisation_admin_on_a_phone(self, orgs):
        admin = member(orgs["trust_a"], "org_admin", email="a.very.long.address.for.testing@example.nhs.uk")
        member(orgs["trust_a"], "facilitator", email=LONG_EMAIL)
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.sign_in_as(admin.email)

    def when_they_open_the_members_page(self, organisation):
        self.visit(f"/organisations/{organisation.pk}/members/")

    def then_the_long_email_address_is_visible_and_the_page_fits(self):
        assert self.page.get_by_text(LONG_EMAIL).is_visible()
        assert fits_the_screen(self.page), "the members table is wider than a 390px screen"

    def when_a_visitor_opens_a_page_that_does_not_exist(self):
        self.response = self.page.goto(self.url("/no-such-page/"))

    def then_they_get_a_404(self):
        assert self.response.status == 404
