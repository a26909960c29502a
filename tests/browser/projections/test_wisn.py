"""The WISN calculator in a browser: Cal, a contributor at Trust A, types the worked example of
docs/engine/wisn.md into the steps (adding activity and allowance rows with "Add another"), sees
the available working time, checks the answers, saves, reads the documented result, and sets a
scenario's demand from it. A first try with nothing filled in shows the error summary. Every
page is checked with axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD

CAL = "cal@example.nhs.uk"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "wisn-community-nurses.yaml"

ACTIVITIES = [
    ("Home visit", "18000", "45", "Minutes a unit"),
    ("Clinic appointment", "9000", "20", "Minutes a unit"),
    ("Telephone review", "6000", "6", "Units an hour"),
]
CATEGORY = [
    ("Team meeting and handover", "2.5", "Hours a week"),
    ("Record keeping", "0.5", "Hours a day"),
    ("Mandatory training", "3", "Days a year"),
    ("Clinical supervision", "12", "Hours a year"),
]
INDIVIDUAL = [("Team leader duties", "600", "Hours a year", "1"), ("Student mentoring", "10", "Days a year", "3")]


@pytest.fixture
def scenario(people):
    from lodestar.orgs.models import Organisation
    from tests.factories.projections import scenario as make_scenario

    return make_scenario(Organisation.objects.get(name="Trust A"), name="Community nursing")


class TestWisnCalculator(Journey):
    def test_the_worked_example_step_by_step(self, people, scenario):
        self.given_cal_is_on_the_wisn_page()
        self.when_he_starts_a_calculation()
        self.and_continues_without_answers_he_sees_the_problems()
        self.when_he_describes_the_calculation()
        self.and_enters_the_working_time()
        self.and_adds_the_activities()
        self.and_adds_the_category_allowances()
        self.and_adds_the_individual_allowances()
        self.then_he_checks_his_answers()
        self.when_he_saves()
        self.then_he_sees_the_documented_result()
        self.when_he_sets_the_scenarios_demand()
        self.then_the_scenario_has_a_new_version(scenario)

    def test_upload_a_file_then_delete_it(self, people):
        self.given_cal_is_on_the_wisn_page()
        self.when_he_uploads_a_file_with_a_mistake_he_is_told_where()
        self.when_he_uploads_the_example_file()
        self.then_he_sees_the_documented_result_of("Uploaded nurses")
        self.when_he_deletes_it()

    def test_without_javascript_rows_are_added_and_removed(self, people):
        self.no_js = self.new_browser(java_script_enabled=False)
        sign_in(self.no_js, self.live_server, CAL, PASSWORD)
        self.no_js.goto(self.url("/projections/wisn/new/"))
        self.when_he_adds_and_removes_rows_by_posting_the_form(self.no_js)

    # ---------------------------------------------------------------- steps

    def when_he_adds_and_removes_rows_by_posting_the_form(self, page):
        """Without JavaScript, straight to the activities step (the draft's address, by hand)."""
        page.goto(page.url.replace("/about/", "/activities/"))
        page.locator("#id_activity-0-name").fill("Home visit")
        page.get_by_role("button", name="Add another activity").click()
        expect(page.locator("#id_activity-1-name")).to_be_visible()
        expect(page.locator("#id_activity-0-name")).to_have_value("Home visit")
        page.locator("#id_activity-1-name").fill("Clinic appointment")
        page.get_by_role("button", name="Remove activity 1").click()
        expect(page.locator("#id_activity-0-name")).to_have_value("Clinic appointment")
        expect(page.locator("#id_activity-1-name")).to_have_count(0)
        self.check_accessible_without_javascript(page)

    def check_accessible_without_javascript(self, page):
        """axe on the page's HTML without scripts, in the journey's own browser (axe needs JavaScript)."""
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self.page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        assert_accessible(self.page)

    def when_he_uploads_a_file_with_a_mistake_he_is_told_where(self):
        page = self.page
        page.get_by_role("link", name="Upload a WISN file").click()
        self.heading("Upload a WISN file")
        page.get_by_label("Name of the calculation").fill("Uploaded nurses")
        bad = EXAMPLE.read_bytes().replace(b"annual_leave: 27", b"anual_leave: 27")
        page.get_by_label("WISN file (YAML)").set_input_files(
            {"name": "w.yaml", "mimeType": "text/yaml", "buffer": bad}
        )
        page.get_by_role("button", name="Upload and save").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("working_time.anual_leave: unknown field")
        assert_accessible(page)

    def when_he_uploads_the_example_file(self):
        page = self.page
        page.get_by_label("WISN file (YAML)").set_input_files(str(EXAMPLE))
        page.get_by_role("button", name="Upload and save").click()

    def then_he_sees_the_documented_result_of(self, name: str):
        self.heading(name)
        expect(self.page.locator("#result")).to_contain_text("13.74")

    def when_he_deletes_it(self):
        page = self.page
        page.get_by_role("link", name="Delete").click()
        self.heading("Delete Uploaded nurses?")
        page.get_by_role("button", name="Delete the calculation").click()
        expect(page.get_by_role("alert")).to_contain_text("Deleted the WISN calculation Uploaded nurses.")
        self.heading("Staffing need (WISN)")

    def continue_(self):
        self.page.get_by_role("button", name="Continue", exact=True).click()

    def heading(self, text: str):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)
        assert_accessible(self.page)

    def given_cal_is_on_the_wisn_page(self):
        self.sign_in_as(CAL)
        self.visit("/projections/wisn/")
        self.heading("Staffing need (WISN)")

    def when_he_starts_a_calculation(self):
        self.page.get_by_role("link", name="Start a calculation").click()
        self.heading("About the calculation")

    def and_continues_without_answers_he_sees_the_problems(self):
        self.continue_()
        summary = self.page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("Enter a name for the calculation")
        expect(summary).to_contain_text("Enter the staff category")
        assert_accessible(self.page)

    def when_he_describes_the_calculation(self):
        page = self.page
        page.get_by_label("Name of the calculation").fill("Riverside nurses 2026")
        page.get_by_label("Staff category").fill("Registered nurse")
        page.get_by_label("Team or facility (optional)").fill("Riverside community nursing team")
        page.get_by_label("Existing staff (optional)").fill("12.4")
        self.continue_()
        self.heading("Available working time")

    def and_enters_the_working_time(self):
        page = self.page
        for label, value in [
            ("Working days a week", "5"),
            ("Weeks a year (optional)", "52"),
            ("Public holidays", "8"),
            ("Days of annual leave", "27"),
            ("Days of sick leave", "11"),
            ("Days of other leave", "5"),
            ("Working hours a day", "7.5"),
        ]:
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Work out the available working time").click()
        expect(page.locator("#awt")).to_contain_text("209 days a year")
        expect(page.locator("#awt")).to_contain_text("1,567.5 hours a year")
        assert_accessible(page)
        self.continue_()
        self.heading("Activity standards")

    def fill_rows(self, prefix: str, rows, keys, add: str, enter: bool = False):
        """Fill each row ("Add another" between rows), then Continue: with the button, or by
        pressing Enter in a box (which must mean Continue, not "Remove activity 1")."""
        page = self.page
        for i, values in enumerate(rows):
            if i:
                page.get_by_role("button", name=add).click()
            for key, value in zip(keys, values, strict=True):
                box = page.locator(f"#id_{prefix}-{i}-{key}")
                if key == "unit":
                    box.select_option(label=value)
                else:
                    box.fill(value)
        assert_accessible(page)
        if enter:
            page.locator(f"#id_{prefix}-0-name").press("Enter")
        else:
            self.continue_()

    def and_adds_the_activities(self):
        self.fill_rows(
            "activity", ACTIVITIES, ("name", "annual_workload", "standard", "unit"), "Add another activity", enter=True
        )
        self.heading("Category allowances")

    def and_adds_the_category_allowances(self):
        self.fill_rows("category", CATEGORY, ("name", "amount", "unit"), "Add another category allowance")
        self.heading("Individual allowances")

    def and_adds_the_individual_allowances(self):
        self.fill_rows(
            "individual", INDIVIDUAL, ("name", "amount", "unit", "staff"), "Add another individual allowance"
        )
        self.heading("Check your answers")

    def then_he_checks_his_answers(self):
        page = self.page
        expect(page.locator("#answers-working-time")).to_contain_text("209 days a year, 1,567.5 hours a year")
        expect(page.locator("#answers-activities")).to_contain_text("6 units an hour")
        expect(page.locator("#interpretation")).to_contain_text("needs 13.74: it is 1.34 staff short")

    def when_he_saves(self):
        self.page.get_by_role("button", name="Save the calculation").click()

    def then_he_sees_the_documented_result(self):
        page = self.page
        self.heading("Riverside nurses 2026")
        result = page.locator("#result")
        expect(result).to_contain_text("13.74")
        expect(result).to_contain_text("-1.34")
        expect(result).to_contain_text("0.90")
        expect(page.locator("#interpretation")).to_contain_text("so staff are under workload pressure")
        expect(page.locator("#figures")).to_contain_text("1.184")
        expect(page.get_by_role("link", name="Download YAML")).to_be_visible()

    def when_he_sets_the_scenarios_demand(self):
        page = self.page
        page.get_by_label("Scenario and staff group").select_option(
            label="Community nursing (Trust A): registered-nurses"
        )
        page.get_by_role("button", name="Set the scenario's demand").click()

    def then_the_scenario_has_a_new_version(self, scenario):
        expect(self.page.get_by_role("alert")).to_contain_text(
            "Demand base for registered-nurses from WISN Riverside nurses 2026: 13.74 FTE"
        )
        assert_accessible(self.page)
        assert scenario.versions.count() == 2
