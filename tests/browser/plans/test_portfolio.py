"""An ICS viewer reads the portfolio: plans rolled up under their ICS with a RAG in words,
the plans with no recent update flagged, the status trend as a chart with its table, the
filters changing the counts, and the rollup downloaded as Excel. axe checks every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fits_the_screen

TODAY = timezone.localdate()


@pytest.mark.usefixtures("people")
class TestPortfolioByIcs(Journey):
    def test_an_ics_viewer_reads_the_plans_rolled_up_by_ics(self):
        self.given_trust_a_and_pcn_a_have_plans()
        self.when_ira_the_ics_viewer_opens_the_portfolio()
        self.then_she_sees_each_plan_under_her_ics_with_its_rag_in_words()
        self.and_the_plan_without_a_recent_update_is_flagged()
        self.and_the_status_trend_is_a_chart_with_a_table()
        self.when_she_shows_only_off_track_actions()
        self.then_only_the_off_track_plan_is_counted()
        self.when_she_downloads_the_rollup()
        self.then_she_gets_an_excel_file()
        self.when_she_reads_it_on_a_phone()
        self.then_the_page_fits_the_screen()

    def given_trust_a_and_pcn_a_have_plans(self):
        from lodestar.orgs.models import Organisation
        from lodestar.plans.models import ProgressUpdate, Status
        from tests.factories.plans import ActionFactory, ActionPlanFactory

        trust_a, pcn_a = Organisation.objects.get(name="Trust A"), Organisation.objects.get(name="PCN A")
        ward = ActionPlanFactory(organisation=trust_a, title="Ward staffing")
        late = ActionFactory(plan=ward, title="Night rota", status=Status.OFF_TRACK)
        ActionFactory(plan=ward, title="Return to practice", status=Status.DONE)
        ProgressUpdate.objects.create(action=late, date=TODAY - datetime.timedelta(days=75), text="Advert placed")
        nurses = ActionPlanFactory(organisation=pcn_a, title="Practice nurses")
        ActionFactory(plan=nurses, title="Mentors", status=Status.ON_TRACK)

    def when_ira_the_ics_viewer_opens_the_portfolio(self):
        self.sign_in_as("ira@example.nhs.uk")
        self.visit("/plans/")
        expect(self.page.get_by_role("heading", name="Plans by integrated care system")).to_be_visible()
        assert_accessible(self.page)

    def then_she_sees_each_plan_under_her_ics_with_its_rag_in_words(self):
        table = self.page.get_by_role("table", name="Plans in ICS A")
        ward = table.get_by_role("row", name="Ward staffing")
        expect(ward).to_contain_text("Off track")
        expect(ward).to_contain_text("1 of 2")
        expect(table.get_by_role("row", name="Practice nurses")).to_contain_text("On track")
        expect(table.get_by_role("row", name="Total for ICS A")).to_contain_text("1 of 3")
        expect(self.page.get_by_text("Organisations in ICS A with no plan: ICS A, Practice A.")).to_be_visible()

    def and_the_plan_without_a_recent_update_is_flagged(self):
        ward = self.page.get_by_role("table", name="Plans in ICS A").get_by_role("row", name="Ward staffing")
        expect(ward).to_contain_text("75 days ago")
        expect(ward).to_contain_text("No update in 60 days")

    def and_the_status_trend_is_a_chart_with_a_table(self):
        expect(self.page.get_by_role("img", name="Status of actions at the end of each month")).to_be_visible()
        table = self.page.get_by_role("table", name="Status of actions at the end of each month")
        expect(table.get_by_role("row", name="Today")).to_contain_text("3")

    def when_she_shows_only_off_track_actions(self):
        self.page.get_by_label("Status", exact=True).select_option(label="Off track")
        self.page.get_by_role("button", name="Apply filters").click()

    def then_only_the_off_track_plan_is_counted(self):
        table = self.page.get_by_role("table", name="Plans in ICS A")
        expect(table.get_by_role("row", name="Ward staffing")).to_contain_text("0 of 1")
        expect(table.get_by_role("row", name="Practice nurses")).to_have_count(0)
        assert_accessible(self.page)

    def when_she_downloads_the_rollup(self):
        with self.page.expect_download() as download:
            self.page.get_by_role("link", name="Download the plans by integrated care system (Excel)").click()
        self.download = download.value

    def then_she_gets_an_excel_file(self):
        assert self.download.suggested_filename == "action-plans-portfolio.xlsx"
        assert "status=off_track" in self.download.url

    def when_she_reads_it_on_a_phone(self):
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.visit("/plans/")

    def then_the_page_fits_the_screen(self):
        assert fits_the_screen(self.page), "the portfolio is wider than a 390px screen"
        assert_accessible(self.page)
