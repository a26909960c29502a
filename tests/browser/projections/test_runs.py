"""Running a projection in a browser: Eve, who may edit Riverside's scenarios, asks for a run,
watches its progress bar follow the worker by itself (HTMX) or, without JavaScript, refreshes the
page, then reads the results (headline, fan chart, gap by year, tables), chooses a staff group and
compares two runs. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EVE = "eve@example.nhs.uk"


@pytest.fixture
def riverside(transactional_db, settings):
    from tests.factories import OrganisationFactory, member
    from tests.factories.projections import scenario
    from tests.integration.projections.runs_fixtures import spec_with_intervention

    settings.TASKS = QUEUED
    org = OrganisationFactory(name="Riverside Community Trust", ods_code="QZR")
    member(org, "contributor", full_name="Eve Editor", email=EVE)
    return scenario(org, spec_with_intervention())


class TestRunningAProjection(Journey):
    def test_ask_for_a_run_watch_it_and_read_the_results(self, riverside):
        self.given_eve_is_on_the_run_form(riverside)
        self.when_she_asks_for_a_run(self.page, runs="300", seed="12")
        self.then_she_sees_the_progress_bar(self.page)
        self.when_the_worker_projects_it()
        self.then_the_page_shows_the_results_by_itself()
        self.when_she_chooses_a_staff_group()
        self.then_the_charts_show_that_group()
        self.when_she_compares_it_with_a_replay()
        self.then_she_sees_both_runs_side_by_side()

    def test_a_bad_number_of_runs_is_named(self, riverside):
        self.given_eve_is_on_the_run_form(riverside)
        self.when_she_asks_for_a_run(self.page, runs="0", seed="")
        expect(self.page.get_by_role("alert")).to_contain_text("Number of runs must be between 1 and 10,000")
        assert_accessible(self.page)

    def test_without_javascript_she_refreshes_the_page(self, riverside):
        self.no_js = self.new_browser(java_script_enabled=False)
        sign_in(self.no_js, self.live_server, EVE, PASSWORD)
        self.no_js.goto(self.url(f"/projections/scenarios/{riverside.pk}/run/"))
        self.when_she_asks_for_a_run(self.no_js, runs="100", seed="3")
        self.then_she_sees_the_progress_bar(self.no_js)
        self.when_the_worker_projects_it()
        self.no_js.get_by_role("link", name="Refresh this page").click()
        expect(self.no_js.locator("#run-status")).to_have_text("Finished")
        expect(self.no_js.locator("#headline")).to_contain_text("In 2036")

    # ---------------------------------------------------------------- steps

    def check_accessible(self, page) -> None:
        if page is self.page:
            assert_accessible(page)
            return
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self.page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        assert_accessible(self.page)

    def given_eve_is_on_the_run_form(self, riverside):
        self.sign_in_as(EVE, PASSWORD)
        self.visit(f"/projections/scenarios/{riverside.pk}/run/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Run this scenario")
        assert_accessible(self.page)

    def when_she_asks_for_a_run(self, page, *, runs, seed):
        page.get_by_label("Number of runs").fill(runs)
        page.get_by_label("Seed (optional)").fill(seed)
        page.get_by_role("button", name="Run the projection").click()

    def then_she_sees_the_progress_bar(self, page):
        expect(page.locator("#run-status")).to_have_text("Waiting to start")
        expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
        expect(page.get_by_role("link", name="Refresh this page")).to_be_visible()
        self.check_accessible(page)
        self.run_id = int(re.search(r"/runs/(\d+)/", page.url).group(1))

    def when_the_worker_projects_it(self):
        from lodestar.projections import tasks

        tasks.execute(self.run_id)

    def then_the_page_shows_the_results_by_itself(self):
        page = self.page
        expect(page.locator("#run-status")).to_have_text("Finished", timeout=10_000)
        expect(page.locator("#headline")).to_contain_text("In 2036")
        expect(page.locator("#headline")).to_contain_text("The probability that supply meets demand in 2036")
        expect(page.get_by_role("img", name="Supply against demand: all staff groups")).to_be_visible()
        expect(page.locator("#gap-table")).to_contain_text("2036")
        expect(page.locator("#cost-table")).to_contain_text("Retention programme")
        expect(page.get_by_role("link", name="Every table (XLSX spreadsheet)")).to_be_visible()
        assert_accessible(page)

    def when_she_chooses_a_staff_group(self):
        self.page.get_by_label("Staff group shown in the charts").select_option(label="Registered nurses")
        self.page.get_by_role("button", name="Show this staff group").click()

    def then_the_charts_show_that_group(self):
        page = self.page
        expect(page.get_by_role("img", name="Supply against demand: Registered nurses")).to_be_visible()
        expect(page.locator("#gap-table")).to_contain_text("Registered nurses")
        assert_accessible(page)

    def when_she_compares_it_with_a_replay(self):
        self.page.get_by_role("button", name="Replay this run").click()
        expect(self.page.locator("#run-status")).to_have_text("Waiting to start")
        self.replay_id = int(re.search(r"/runs/(\d+)/", self.page.url).group(1))
        from lodestar.projections import tasks

        tasks.execute(self.replay_id)
        expect(self.page.locator("#run-status")).to_have_text("Finished", timeout=10_000)
        self.page.get_by_role("link", name="Compare finished runs side by side").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Compare runs")
        assert_accessible(self.page)
        self.page.get_by_label(f"Run {self.run_id}:").check()
        self.page.get_by_label(f"Run {self.replay_id}:").check()
        self.page.get_by_role("button", name="Compare these runs").click()

    def then_she_sees_both_runs_side_by_side(self):
        page = self.page
        table = page.locator("#compare-table")
        expect(table).to_contain_text(f"Run {self.run_id}:")
        expect(table).to_contain_text(f"Run {self.replay_id}:")
        expect(page.get_by_role("img", name="The gap by year, runs compared")).to_be_visible()
        assert_accessible(page)
