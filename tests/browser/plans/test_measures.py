"""A success measure over time (ADR 0019): Cal adds a measure whose target is on the wrong side
of its baseline, is asked to confirm it, records two values, sees them as a table and a chart,
and downloads the plan as a workbook whose Measures sheet holds both values. Every page is
checked with axe."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date, fits_the_screen


@pytest.fixture
def action(people):
    from tests.factories.plans import ActionFactory, ActionPlanFactory

    plan = ActionPlanFactory(organisation=people["contributor"].memberships.first().organisation, title="Ward staffing")
    return ActionFactory(plan=plan, title="Return to practice")


class TestASuccessMeasureOverTime(Journey):
    def test_a_measure_from_target_check_to_workbook(self, action):
        self.action = action
        self.given_cal_opens_the_action()
        self.when_he_adds_a_measure_whose_target_is_below_the_baseline_though_higher_is_better()
        self.then_he_is_asked_to_confirm_the_target()
        self.when_he_confirms_it()
        self.then_the_measure_is_listed_with_no_values_yet()
        self.when_he_records_last_months_value_and_todays()
        self.then_the_action_shows_both_values_oldest_first_and_a_chart()
        self.and_the_measure_fits_a_phone_screen()
        self.when_he_downloads_the_plan_as_excel()
        self.then_the_measures_sheet_has_a_row_per_value()

    def given_cal_opens_the_action(self):
        self.sign_in_as("cal@example.nhs.uk")
        self.visit(f"/plans/actions/{self.action.pk}/")
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Return to practice")
        assert_accessible(self.page)

    def when_he_adds_a_measure_whose_target_is_below_the_baseline_though_higher_is_better(self):
        page = self.page
        page.get_by_role("link", name="Add a success measure").click()
        page.get_by_label("What you will measure").fill("Nurses returning to practice")
        page.get_by_label("Higher is better").check()
        page.get_by_label("Baseline (optional)").fill("40")
        page.get_by_label("Target (optional)").fill("12")
        page.get_by_role("button", name="Save the measure").click()

    def then_he_is_asked_to_confirm_the_target(self):
        expect(self.page.get_by_role("alert")).to_contain_text(
            "The target (12) is lower than the baseline (40), but higher is better."
        )
        expect(self.page.get_by_label("Yes, this target is right")).not_to_be_checked()
        assert_accessible(self.page)

    def when_he_confirms_it(self):
        self.page.get_by_label("Yes, this target is right").check()
        self.page.get_by_role("button", name="Save the measure").click()

    def then_the_measure_is_listed_with_no_values_yet(self):
        expect(self.page.get_by_role("heading", name="Nurses returning to practice", level=3)).to_be_visible()
        expect(self.page.locator("main")).to_contain_text("No values recorded yet.")
        assert_accessible(self.page)

    def when_he_records_last_months_value_and_todays(self):
        today = timezone.localdate()
        self.earlier = today - datetime.timedelta(days=30)
        for day, value in ((self.earlier, "38.5"), (today, "35")):
            self.page.get_by_role("link", name="Record a value of Nurses returning to practice").click()
            assert_accessible(self.page)
            fill_date(self.page, "Date of the value", str(day.day), str(day.month), str(day.year))
            self.page.get_by_label("The value").fill(value)
            self.page.get_by_role("button", name="Record the value").click()

    def then_the_action_shows_both_values_oldest_first_and_a_chart(self):
        table = self.page.get_by_role("table", name="Values of Nurses returning to practice, oldest first")
        expect(table.locator("tbody tr")).to_have_count(2)
        expect(table.locator("tbody tr").first).to_contain_text("38.5")
        expect(table.locator("tbody tr").last).to_contain_text("Cal Contributor")
        expect(self.page.get_by_role("img", name="Nurses returning to practice over time")).to_be_visible()
        assert_accessible(self.page)

    def and_the_measure_fits_a_phone_screen(self):
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.page.reload()
        expect(self.page.get_by_role("img", name="Nurses returning to practice over time")).to_be_visible()
        assert fits_the_screen(self.page)
        self.page.set_viewport_size({"width": 1280, "height": 800})

    def when_he_downloads_the_plan_as_excel(self):
        self.visit(f"/plans/{self.action.plan_id}/")
        assert_accessible(self.page)
        with self.page.expect_download() as download:
            self.page.get_by_role("link", name=re.compile("Download the whole plan as Excel")).click()
        self.workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))

    def then_the_measures_sheet_has_a_row_per_value(self):
        assert self.workbook.sheetnames == ["Actions", "Milestones", "Measures", "Progress updates"]
        rows = list(self.workbook["Measures"].iter_rows(min_row=2, values_only=True))
        assert [(r[2], r[7].date(), r[8]) for r in rows] == [
            ("Nurses returning to practice", self.earlier, 38.5),
            ("Nurses returning to practice", timezone.localdate(), 35),
        ]
