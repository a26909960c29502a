"""Re-importing a downloaded plan: Fran downloads the plan as Excel, changes one action's
status, uploads the file, checks the preview (exactly that change, nothing deleted), confirms,
and finds the plan updated; she deletes an action after its confirmation page; and the upload,
preview and confirmation work the same in a browser without JavaScript. Every page of the
journey is checked with axe."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD


@pytest.mark.usefixtures("people")
class TestReimportingTheDownloadedPlan(Journey):
    def test_download_change_one_status_preview_and_import(self):
        self.given_fran_has_a_plan_with_three_actions()
        self.and_she_has_opened_it()
        self.when_she_downloads_the_plan_as_excel(self.page)
        self.and_changes_a_status_in_the_file("Rota review", "Off track")
        self.and_uploads_it_to_the_plan(self.page)
        self.then_the_preview_shows_exactly_that_change("Rota review", "On track", "Off track")
        self.when_she_imports_the_changes(self.page)
        self.then_the_plan_shows_the_new_status_and_nothing_else_changed()
        self.when_she_deletes_an_action_after_its_confirmation_page()
        self.then_the_plan_no_longer_lists_it()
        self.when_she_does_it_again_in_a_browser_without_javascript()
        self.then_that_import_works_the_same()

    def given_fran_has_a_plan_with_three_actions(self):
        from lodestar.accounts.models import User
        from lodestar.plans import actions as plan_actions
        from lodestar.plans.models import Status
        from lodestar.star.models import StarPoint

        fran = User.objects.get(email="fran@example.nhs.uk")
        organisation = fran.memberships.get().organisation
        self.plan = plan_actions.create_plan(actor=fran, organisation=organisation, title="Ward staffing")
        self.actions = {
            title: plan_actions.create_action(
                actor=fran,
                plan=self.plan,
                title=title,
                point=StarPoint.objects.get(key="supply"),
                due_date=datetime.date(2027, 9, 30),
                status=Status.ON_TRACK,
                priority_rank=rank,
            )
            for rank, title in enumerate(["Return to practice", "Preceptorship", "Rota review"], start=1)
        }

    def and_she_has_opened_it(self):
        self.sign_in_as("fran@example.nhs.uk", PASSWORD)
        self.visit(f"/plans/{self.plan.pk}/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Ward staffing")
        assert_accessible(self.page)

    def when_she_downloads_the_plan_as_excel(self, page):
        link = page.get_by_role("link", name=re.compile("Download the whole plan as Excel"))
        expect(link).to_be_visible()
        # Fetched with her cookies rather than through the browser's download manager.
        response = page.context.request.get(self.url(link.get_attribute("href")))
        assert response.ok and response.headers["content-type"].startswith("application/vnd.openxmlformats")
        self.workbook = response.body()

    def and_changes_a_status_in_the_file(self, title, status):
        workbook = load_workbook(io.BytesIO(self.workbook))
        sheet = workbook["Actions"]
        headings = [cell.value for cell in sheet[1]]
        action = self.actions[title]
        for row in sheet.iter_rows(min_row=2):
            if row[headings.index("Reference")].value == action.reference:
                row[headings.index("Status")].value = status
        out = io.BytesIO()
        workbook.save(out)
        self.edited = out.getvalue()

    def and_uploads_it_to_the_plan(self, page):
        page.get_by_role("link", name="Import actions from a file").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Import actions from a file")
        if page is self.page:
            assert_accessible(page)
        page.get_by_label("Plan file (CSV or Excel)").set_input_files(
            {"name": "action-plan.xlsx", "mimeType": "application/octet-stream", "buffer": self.edited}
        )
        page.get_by_role("button", name="Check the file").click()

    def then_the_preview_shows_exactly_that_change(self, title, now, after, page=None):
        page = page or self.page
        action = self.actions[title]
        expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes before importing")
        summary = page.locator("#import-summary")
        expect(summary).to_contain_text("Changed actions1")
        expect(summary).to_contain_text("New actions0")
        expect(page.get_by_role("table")).to_have_count(1)
        table = page.get_by_role("table", name=f"{action.reference}: {title}")
        rows = table.get_by_role("row")
        expect(rows).to_have_count(2)
        for text in ("Status", now, after):
            expect(rows.nth(1)).to_contain_text(text)
        expect(page.get_by_text("importing never deletes an action").first).to_be_visible()
        if page is self.page:
            assert_accessible(page)

    def when_she_imports_the_changes(self, page):
        page.get_by_role("button", name="Import these changes").click()

    def then_the_plan_shows_the_new_status_and_nothing_else_changed(self):
        from lodestar.plans.models import Status

        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Ward staffing")
        expect(page.get_by_text("File imported: 0 actions added, 1 action changed.")).to_be_visible()
        assert_accessible(page)
        statuses = {a.title: (a.status, a.version) for a in self.plan.actions.all()}
        assert statuses == {
            "Return to practice": (Status.ON_TRACK, 1),
            "Preceptorship": (Status.ON_TRACK, 1),
            "Rota review": (Status.OFF_TRACK, 2),
        }

    def when_she_deletes_an_action_after_its_confirmation_page(self):
        page = self.page
        page.get_by_role("link", name="Preceptorship").first.click()
        page.get_by_role("link", name="Delete the action").click()
        expect(page.get_by_role("heading", level=1)).to_have_text('Delete the action "Preceptorship"?')
        assert_accessible(page)
        page.get_by_role("button", name="Delete the action").click()

    def then_the_plan_no_longer_lists_it(self):
        page = self.page
        expect(page.get_by_text("Action deleted: Preceptorship.")).to_be_visible()
        table = page.get_by_role("table", name=re.compile("Actions"))
        expect(table).to_contain_text("Rota review")
        expect(table).not_to_contain_text("Preceptorship")
        assert_accessible(page)

    def when_she_does_it_again_in_a_browser_without_javascript(self):
        self.no_js = self.new_browser(java_script_enabled=False)
        sign_in(self.no_js, self.live_server, "fran@example.nhs.uk", PASSWORD)
        self.no_js.goto(self.url(f"/plans/{self.plan.pk}/"))
        self.when_she_downloads_the_plan_as_excel(self.no_js)
        self.and_changes_a_status_in_the_file("Return to practice", "Done")
        self.and_uploads_it_to_the_plan(self.no_js)
        self.then_the_preview_shows_exactly_that_change("Return to practice", "On track", "Done", page=self.no_js)
        self.when_she_imports_the_changes(self.no_js)

    def then_that_import_works_the_same(self):
        from lodestar.plans.models import Status

        expect(self.no_js.get_by_text("File imported: 0 actions added, 1 action changed.")).to_be_visible()
        statuses = {a.title: a.status for a in self.plan.actions.all()}
        assert statuses == {"Return to practice": Status.DONE, "Rota review": Status.OFF_TRACK}
