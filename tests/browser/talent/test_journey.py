"""Workforce leaders in a browser: Tia, the talent lead at Trust A, records a talent conversation
with Priya (the form first refuses an empty one); Manny, Priya's line manager, sees it; Col, a
colleague at the same trust, gets "Page not found"; Rita, who has a role at the region, sees the
pipeline in figures with small numbers hidden and no names. Manny then records a conversation
without JavaScript. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Journey, assert_accessible, fill_date, sign_in

TIA, MANNY, PRIYA, COL, RITA = (f"{n}@example.nhs.uk" for n in ("tia", "manny", "priya", "col", "rita"))
ASPIRATION = "To lead the emergency department's nursing team"


@pytest.fixture
def people(transactional_db):
    from tests.factories import hierarchy, member

    orgs = hierarchy()
    trust = orgs["trust_a"]
    return {
        "tia": member(trust, "talent_lead", full_name="Tia Lead", email=TIA),
        "manny": member(trust, "viewer", full_name="Manny Manager", email=MANNY),
        "priya": member(trust, "viewer", full_name="Priya Person", email=PRIYA),
        "col": member(trust, "facilitator", full_name="Col League", email=COL),
        "rita": member(orgs["region"], "viewer", full_name="Rita Region", email=RITA),
        "ola": member(trust, "viewer", full_name="Ola Other", email="ola@example.nhs.uk"),
    }


class TestTalentConversationPrivacy(Journey):
    def test_recorded_by_the_talent_lead_read_by_the_manager_hidden_from_others(self, people):
        self.given_tia_the_talent_lead_opens_workforce_leaders()
        self.when_she_saves_an_empty_conversation_it_is_refused()
        self.when_she_records_a_conversation_with_priya()
        self.then_manny_her_line_manager_sees_it()
        self.then_col_a_colleague_gets_page_not_found()
        self.then_rita_at_the_region_sees_figures_with_small_numbers_hidden()
        self.then_manny_records_one_without_javascript()

    # ---------------------------------------------------------------- steps

    def _browser_for(self, email: str, **options):
        """A browser of its own signed in as ``email``, patient with a slow live server (a loaded
        machine: the SQLite live server answers one request at a time)."""
        page = self.new_browser(**options)
        page.context.set_default_timeout(60_000)
        sign_in(page, self.live_server, email, PASSWORD)
        return page

    def given_tia_the_talent_lead_opens_workforce_leaders(self):
        self.page.context.set_default_timeout(60_000)
        self.sign_in_as(TIA)
        self.visit("/talent/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Workforce leaders")
        assert_accessible(self.page)

    def when_she_saves_an_empty_conversation_it_is_refused(self):
        page = self.page
        page.get_by_role("link", name="Record a talent conversation").click()
        page.get_by_label("Email address of their line manager", exact=True).fill("")
        page.get_by_role("button", name="Save the conversation").click()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("Enter the email address of the person the conversation is with")
        expect(summary).to_contain_text("Enter the person's aspirations")
        assert_accessible(page)

    def _fill(self, page, person: str, manager: str):
        page.get_by_label("Email address of the person", exact=True).fill(person)
        page.get_by_label("Email address of their line manager", exact=True).fill(manager)
        fill_date(page, "Date of the conversation", "3", "6", "2026")
        page.get_by_label("Current role", exact=True).fill("Charge nurse")
        page.get_by_label("Staff group", exact=True).select_option(label="Registered nurses")
        page.get_by_role("radio", name="Outstanding impact in the role").check()
        page.get_by_role("radio", name="High: ready to step up now").check()
        page.get_by_label("Aspirations", exact=True).fill(ASPIRATION)
        page.get_by_label("Development action 1", exact=True).fill("Act up as matron for a month")
        fill_date(page, "Development action 1: by when", "1", "10", "2026")
        page.get_by_role("radio", name="Ready now").check()

    def when_she_records_a_conversation_with_priya(self):
        page = self.page
        self._fill(page, PRIYA, MANNY)
        page.get_by_role("radio", name="Prefer not to say").first.check()
        page.get_by_role("button", name="Save the conversation").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Talent conversation with Priya Person")
        expect(page.locator("main")).to_contain_text(ASPIRATION)
        expect(page.locator("main")).to_contain_text("Act up as matron for a month")
        assert_accessible(page)

    def then_manny_her_line_manager_sees_it(self):
        manny = self._browser_for(MANNY)
        manny.goto(self.url("/talent/"))
        manny.get_by_role("link", name="3 June 2026").click()
        expect(manny.locator("main")).to_contain_text(ASPIRATION)
        assert_accessible(manny)
        self.record_url = manny.url
        self.close(manny)

    def then_col_a_colleague_gets_page_not_found(self):
        col = self._browser_for(COL)
        col.goto(self.record_url)
        expect(col.get_by_role("heading", level=1)).to_contain_text("Page not found")
        expect(col.locator("body")).not_to_contain_text(ASPIRATION)
        assert_accessible(col)
        self.close(col)

    def then_rita_at_the_region_sees_figures_with_small_numbers_hidden(self):
        rita = self._browser_for(RITA)
        rita.goto(self.url("/talent/pipeline/"))
        expect(rita.get_by_role("heading", level=1)).to_have_text("Leadership pipeline in figures")
        table = rita.get_by_role("table", name="People with a talent conversation, by how ready")
        expect(table).to_contain_text("Trust A")
        expect(table).to_contain_text("fewer than 5")
        expect(rita.locator("main")).not_to_contain_text("Priya")
        assert_accessible(rita)
        self.close(rita)

    def then_manny_records_one_without_javascript(self):
        page = self._browser_for(MANNY, java_script_enabled=False)
        page.goto(self.url("/talent/conversations/new/"))
        self._fill(page, "ola@example.nhs.uk", MANNY)
        page.get_by_role("button", name="Save the conversation").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Talent conversation with Ola Other")
        # No axe here: it runs in the page's JavaScript, which is off; this page was checked above.
