"""Uploading workforce data in a browser: Ann, a workforce analyst at Trust A, uploads a small
staff in post file, sees the preview (what it is and why, rows, months, organisations, what it
replaces), loads it, sees the result and rolls it back. While a file waits to be checked, the
page shows a progress bar that follows the check by itself (HTMX) or, without JavaScript, a
"Refresh this page" link. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HEADER = (
    "Date,NHSE_Region_Name,ICS name,Org code,Org name,Main Staff Group,Staff Group 1,Staff Group 2,"
    "Care Setting,Level,AfC Band,Total FTE,Total Headcount\n"
)
ROW = (
    "2024-09-30,London,ICS A,RA1,Trust A,01_Professionally qualified clinical staff,"
    "005_Nurses & health visitors,012_Acute nurses,Acute,Registered,{band},{fte},{hc}\n"
)
FILE = (
    HEADER + ROW.format(band="Band 5", fte="120.5", hc="130") + ROW.format(band="Band 6", fte="80", hc="84")
).encode()
ANN = "ann@example.nhs.uk"


@pytest.fixture
def ann(transactional_db, settings, tmp_path):
    from tests.factories import hierarchy, member

    settings.LODESTAR_IMPORT_DIR = tmp_path / "imports"
    orgs = hierarchy()
    return member(orgs["trust_a"], "analyst", full_name="Ann Analyst", email=ANN)


class TestUploadingWorkforceData(Journey):
    def test_upload_preview_load_and_roll_back(self, ann, settings):
        settings.TASKS = IMMEDIATE
        self.given_ann_is_on_the_workforce_page()
        self.when_she_uploads_the_file(self.page)
        self.then_she_sees_the_preview(self.page)
        self.when_she_loads_the_data()
        self.then_she_sees_it_loaded()
        self.when_she_rolls_it_back()
        self.then_the_import_shows_rolled_back()

    def test_the_progress_bar_follows_the_check(self, ann, settings):
        settings.TASKS = QUEUED
        self.given_ann_is_on_the_workforce_page()
        self.when_she_uploads_the_file(self.page)
        self.then_she_sees_the_progress_bar(self.page)
        self.when_the_check_finishes()
        self.then_the_page_shows_the_preview_by_itself()

    def test_without_javascript_she_refreshes_the_page(self, ann, settings):
        settings.TASKS = QUEUED
        self.no_js = self.new_browser(java_script_enabled=False)
        sign_in(self.no_js, self.live_server, ANN, PASSWORD)
        self.no_js.goto(self.url("/workforce/upload/"))
        self.when_she_uploads_the_file(self.no_js)
        self.then_she_sees_the_progress_bar(self.no_js)
        self.when_the_check_finishes()
        self.and_she_follows_refresh_this_page()
        self.then_she_sees_the_preview(self.no_js)

    # ---------------------------------------------------------------- steps

    def check_accessible(self, page) -> None:
        """axe on ``page``; for the browser without JavaScript (where axe never finishes), on its
        HTML without scripts, in the journey's own browser (as tests/browser/workshops/test_rating.py)."""
        if page is self.page:
            assert_accessible(page)
            return
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self.page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        assert_accessible(self.page)

    def given_ann_is_on_the_workforce_page(self):
        self.sign_in_as(ANN, PASSWORD)
        self.visit("/workforce/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Workforce data")
        assert_accessible(self.page)
        self.page.get_by_role("link", name="Upload workforce data").click()

    def when_she_uploads_the_file(self, page):
        expect(page.get_by_role("heading", level=1)).to_have_text("Upload workforce data")
        self.check_accessible(page)
        expect(page.get_by_label("Work it out from the columns")).to_be_checked()
        page.get_by_label("Workforce data file (CSV or Excel)").set_input_files(
            {"name": "staff-in-post-sep-2024.csv", "mimeType": "text/csv", "buffer": FILE}
        )
        page.get_by_label("Whose data is this?").select_option(label="Trust A (RA1)")
        page.get_by_role("button", name="Check the file").click()

    def then_she_sees_the_preview(self, page):
        expect(page.get_by_role("heading", level=1)).to_have_text("staff-in-post-sep-2024.csv")
        expect(page.locator("#import-status")).to_have_text("Checked: ready to load")
        summary = page.locator("#import-summary")
        expect(summary).to_contain_text("NHS Workforce Statistics: staff in post")
        expect(summary).to_contain_text("September 2024")
        expect(summary).to_contain_text("Trust A (RA1)")
        expect(page.get_by_text("1 organisation code in the file is an organisation in Lodestar")).to_be_visible()
        expect(page.get_by_role("heading", name="What it replaces")).to_be_visible()
        expect(page.get_by_role("button", name="Load this data")).to_be_visible()
        expect(page.get_by_role("button", name="Cancel")).to_be_visible()
        self.check_accessible(page)

    def when_she_loads_the_data(self):
        self.page.get_by_role("button", name="Load this data").click()

    def then_she_sees_it_loaded(self):
        page = self.page
        expect(page.locator("#import-status")).to_have_text("Loaded")
        expect(page.get_by_text("The data is loaded: the Workforce pages show it.")).to_be_visible()
        assert_accessible(page)
        from lodestar.workforce.models import StaffInPost

        assert StaffInPost.objects.filter(live=True).count() == 2

    def when_she_rolls_it_back(self):
        page = self.page
        page.get_by_role("link", name="Roll back this import").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Roll back this import?")
        assert_accessible(page)
        page.get_by_role("button", name="Roll back this import").click()

    def then_the_import_shows_rolled_back(self):
        page = self.page
        expect(page.locator("#import-status")).to_have_text("Rolled back")
        assert_accessible(page)
        page.get_by_role("link", name="Imports", exact=True).click()
        table = page.locator("#imports")
        expect(table).to_contain_text("staff-in-post-sep-2024.csv")
        expect(table).to_contain_text("Ann Analyst")
        expect(table).to_contain_text("Rolled back")
        assert_accessible(page)

    def then_she_sees_the_progress_bar(self, page):
        expect(page.locator("#import-status")).to_have_text("Waiting to be checked")
        bar = page.get_by_role("progressbar")
        expect(bar).to_have_attribute("value", "0")
        expect(page.get_by_role("link", name="Refresh this page")).to_be_visible()
        self.check_accessible(page)
        self.import_id = int(re.search(r"/imports/(\d+)/", page.url).group(1))

    def when_the_check_finishes(self):
        from lodestar.workforce import actions

        actions.check(self.import_id)

    def then_the_page_shows_the_preview_by_itself(self):
        expect(self.page.locator("#import-status")).to_have_text("Checked: ready to load", timeout=10_000)
        self.then_she_sees_the_preview(self.page)

    def and_she_follows_refresh_this_page(self):
        self.no_js.get_by_role("link", name="Refresh this page").click()
