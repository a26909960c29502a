"""New roles in a browser: Fran, a facilitator at the region, adds an advanced clinical practitioner
role at Trust A (the form first says what is missing), records its posts (filled more than funded is
refused), and sees it in the regional view by ICS and sector. Rita, a regional viewer, opens the
regional view too, without JavaScript. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date, sign_in
from tests.factories import PASSWORD

FRAN = "fran@example.nhs.uk"
RITA = "rita@example.nhs.uk"
ROLE = "Advanced clinical practitioner"


@pytest.fixture
def people(transactional_db):
    from tests.factories import hierarchy, member

    orgs = hierarchy()
    return {
        "fran": member(orgs["region"], "facilitator", full_name="Fran Facilitator", email=FRAN),
        "rita": member(orgs["region"], "viewer", full_name="Rita Regional", email=RITA),
    }


class TestNewRole(Journey):
    def test_add_a_role_with_posts_and_see_the_regional_view(self, people):
        self.given_fran_opens_new_roles()
        self.when_she_adds_a_role_forgetting_the_setting()
        self.then_she_is_told_and_adds_it_with_its_equivalence()
        self.when_she_records_more_posts_filled_than_funded()
        self.then_it_is_refused_and_she_corrects_it()
        self.and_the_regional_view_shows_the_posts_by_ics_and_sector()
        self.and_rita_sees_the_same_without_javascript()

    # ---------------------------------------------------------------- steps

    def given_fran_opens_new_roles(self):
        self.sign_in_as(FRAN)
        self.visit("/roles/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("New roles")
        assert_accessible(self.page)

    def when_she_adds_a_role_forgetting_the_setting(self):
        page = self.page
        page.get_by_role("link", name="Add a new role").click()
        page.get_by_label("Organisation introducing the role").select_option(label="Trust A")
        page.get_by_label("Role", exact=True).select_option(label=ROLE)
        page.get_by_role("button", name="Add the role").click()

    def then_she_is_told_and_adds_it_with_its_equivalence(self):
        page = self.page
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the care setting")
        assert_accessible(page)
        page.get_by_role("radio", name="Secondary (hospital) care").check()
        page.get_by_label("Supervision and governance").fill("Weekly case review with a consultant.")
        page.get_by_label("Named supervisor role").fill("Consultant in emergency medicine")
        page.get_by_label("Staff group whose work it takes on (optional)").fill("doctors")
        page.get_by_label("How much of that group's work 1 full-time post covers").fill("0.6")
        page.get_by_role("button", name="Add the role").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Record posts")
        assert_accessible(page)

    def when_she_records_more_posts_filled_than_funded(self):
        page = self.page
        fill_date(page, "Date the counts are for", "1", "4", "2025")
        page.get_by_label("Posts planned").fill("10")
        page.get_by_label("Posts funded").fill("8")
        page.get_by_label("Posts filled").fill("9")
        page.get_by_role("button", name="Save the posts").click()

    def then_it_is_refused_and_she_corrects_it(self):
        page = self.page
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            "The posts filled cannot be more than the posts funded"
        )
        assert_accessible(page)
        page.get_by_label("Posts filled").fill("6.5")
        page.get_by_role("button", name="Save the posts").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(ROLE)
        main = page.get_by_role("main")
        expect(main).to_contain_text("1 full-time post covers 0.6 of a full-time post in doctors")
        expect(page.get_by_role("table")).to_contain_text("6.5")
        assert_accessible(page)

    def and_the_regional_view_shows_the_posts_by_ics_and_sector(self):
        page = self.page
        page.get_by_role("link", name="New roles", exact=True).click()
        page.get_by_role("link", name="New roles by ICS and sector").click()
        expect(page.get_by_role("img", name="New roles: posts planned and filled by ICS and sector")).to_be_visible()
        table = page.get_by_role("table", name="Roles and posts by ICS and sector")
        expect(table).to_contain_text("ICS A")
        expect(table).to_contain_text("Secondary (hospital) care")
        expect(table).to_contain_text("6.5")
        assert_accessible(page)

    def and_rita_sees_the_same_without_javascript(self):
        other = self.new_browser(java_script_enabled=False)
        sign_in(other, self.live_server, RITA, PASSWORD)
        other.goto(self.url("/roles/regional/"))
        other.get_by_label("Role", exact=True).select_option(label=ROLE)
        other.get_by_role("button", name="Show").click()
        expect(other.get_by_role("table", name="Roles and posts by ICS and sector")).to_contain_text("ICS A")
        expect(other.get_by_role("link", name="Add a new role")).to_have_count(0)
        assert_accessible(other)
