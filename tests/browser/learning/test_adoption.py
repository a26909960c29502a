"""Adoption in a browser: Erin, a contributor at Trust A, finds an intervention in the catalogue,
records that her trust is piloting it, then that it was adopted, adds the measures (reach and
effect), and later records that it was discontinued (the form asks why). Rita, who has a role at
the region, sees Trust A under "Where this has been adopted" and opens the history. Every page
is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date

ERIN = "erin@example.nhs.uk"
RITA = "rita@example.nhs.uk"
TITLE = "Preceptorship for new registrants"


@pytest.fixture
def people(transactional_db):
    from tests.factories import hierarchy, member
    from tests.factories.star import InterventionFactory, star_points

    orgs = hierarchy()
    star_points()
    InterventionFactory(code="supply-preceptorship", title=TITLE)
    return {
        "erin": member(orgs["trust_a"], "contributor", full_name="Erin Editor", email=ERIN),
        "rita": member(orgs["region"], "viewer", full_name="Rita Reviewer", email=RITA),
    }


class TestRecordingAdoption(Journey):
    def test_record_stages_measures_and_see_where_adopted(self, people):
        self.given_erin_is_on_the_interventions_page()
        self.when_she_records_that_trust_a_is_piloting_it()
        self.and_then_that_it_was_adopted()
        self.and_she_adds_the_measures()
        self.when_she_records_it_was_discontinued_she_must_say_why()
        self.then_rita_sees_where_it_has_been_adopted_and_its_history()

    # ---------------------------------------------------------------- steps

    def given_erin_is_on_the_interventions_page(self):
        self.sign_in_as(ERIN)
        self.visit("/star/interventions/supply-preceptorship/")
        expect(self.page.get_by_role("heading", name="Where this has been adopted")).to_be_visible()
        assert_accessible(self.page)

    def when_she_records_that_trust_a_is_piloting_it(self):
        page = self.page
        page.get_by_role("link", name="Record your organisation's stage").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Record your organisation's stage")
        page.get_by_role("button", name="Save the stage").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the stage your organisation has reached")
        assert_accessible(page)
        page.get_by_role("radio", name="Piloting").check()
        fill_date(page, "Date the stage began", "6", "1", "2025")
        page.get_by_label("Note (optional)").fill("Two medical wards first")
        page.get_by_role("button", name="Save the stage").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("#stage")).to_have_text("Piloting")
        assert_accessible(page)

    def and_then_that_it_was_adopted(self):
        page = self.page
        page.get_by_role("link", name="Record a new stage").click()
        page.get_by_role("radio", name="Adopted").check()
        fill_date(page, "Date the stage began", "2", "6", "2025")
        page.get_by_role("button", name="Save the stage").click()
        expect(page.locator("#stage")).to_have_text("Adopted")
        expect(page.locator("#history")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Two medical wards first")

    def and_she_adds_the_measures(self):
        page = self.page
        page.get_by_role("link", name="Update the measures").click()
        page.get_by_label("People or staff covered").fill("180")
        page.get_by_label("Of how many who could be covered").fill("120")
        page.get_by_role("button", name="Save the measures").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("must not be more than")
        assert_accessible(page)
        page.get_by_label("Of how many who could be covered").fill("210")
        page.get_by_label("What you measure to see whether it works").fill("Nurses leaving in their first year (%)")
        page.get_by_label("Baseline value (before)").fill("24")
        page.get_by_label("Current value").fill("11")
        page.get_by_role("button", name="Save the measures").click()
        expect(page.get_by_text("180 of 210 who could be covered (86%)")).to_be_visible()
        expect(page.get_by_text("Nurses leaving in their first year (%): baseline 24, now 11")).to_be_visible()

    def when_she_records_it_was_discontinued_she_must_say_why(self):
        page = self.page
        page.get_by_role("link", name="Record a new stage").click()
        page.get_by_role("radio", name="Discontinued").check()
        fill_date(page, "Date the stage began", "1", "9", "2025")
        page.get_by_role("button", name="Save the stage").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter why your organisation stopped")
        assert_accessible(page)
        page.get_by_label("Why it was discontinued (only if discontinued)").fill("The funding for educators ended")
        page.get_by_role("button", name="Save the stage").click()
        expect(page.locator("#stage")).to_have_text("Discontinued")
        expect(page.get_by_text("Not yet: adopted on 2 June 2025")).to_be_visible()
        assert_accessible(page)

    def then_rita_sees_where_it_has_been_adopted_and_its_history(self):
        page = self.second_browser(RITA)
        page.goto(self.url("/star/interventions/supply-preceptorship/"))
        table = page.get_by_role("table").filter(has_text="Trust A")
        expect(table).to_contain_text("Discontinued")
        expect(page.get_by_role("link", name="Record your organisation's stage")).to_have_count(0)
        table.get_by_role("link", name="Trust A").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.get_by_role("table")).to_contain_text("The funding for educators ended")
        expect(page.get_by_role("link", name="Record a new stage")).to_have_count(0)
        assert_accessible(page)
        page.get_by_role("link", name="Adoption", exact=True).click()
        page.get_by_role("link", name="Spread of interventions").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Spread of interventions")
        expect(page.get_by_role("table").first).to_contain_text("Discontinued")
        expect(page.get_by_text("The funding for educators ended")).to_be_visible()
        assert_accessible(page)
