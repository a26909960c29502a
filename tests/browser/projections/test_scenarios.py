"""A scenario in a browser: Ann, a contributor at Trust A, opens Projections, creates a scenario by
uploading a scenario file, changes the support workers' leaver rate to a likely range, and
downloads the scenario file, which reads back as exactly the assumptions shown. Every page is
checked with axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD

ANN = "ann@example.nhs.uk"


@pytest.fixture
def ann(transactional_db):
    from tests.factories import hierarchy, member

    orgs = hierarchy()
    return member(orgs["trust_a"], "contributor", full_name="Ann Contributor", email=ANN)


class TestScenarioJourney(Journey):
    def test_create_by_upload_change_to_a_likely_range_and_download(self, ann):
        self.given_ann_is_on_the_projections_page()
        self.when_she_uploads_a_scenario_file()
        self.then_she_sees_its_assumptions_in_words()
        self.when_she_changes_the_leaver_rate_to_a_likely_range()
        self.then_the_scenario_shows_version_2_with_the_range()
        self.when_she_downloads_the_scenario_file()
        self.then_she_compares_the_two_versions()

    def test_without_javascript_she_pastes_the_file(self, ann):
        self.no_js = self.new_browser(java_script_enabled=False)
        sign_in(self.no_js, self.live_server, ANN, PASSWORD)
        self.no_js.goto(self.url("/projections/scenarios/new/"))
        self.when_she_pastes_a_scenario_file(self.no_js)
        expect(self.no_js.get_by_role("heading", level=1)).to_have_text("Riverside community nursing")
        self.check_accessible(self.no_js)

    # ---------------------------------------------------------------- steps

    def check_accessible(self, page) -> None:
        """axe on the HTML of a page seen without JavaScript, in the journey's own browser (as
        tests/browser/workforce/test_upload.py)."""
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self.page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        assert_accessible(self.page)

    def when_she_pastes_a_scenario_file(self, page):
        from lodestar.projections import specs
        from tests.factories.projections import small_spec

        self.check_accessible(page)
        page.get_by_label("Upload a scenario file (YAML)").check()  # its fields show, with CSS alone
        expect(page.get_by_label("Or paste the scenario file's text")).to_be_visible()
        page.get_by_label("Or paste the scenario file's text").fill("name: [unclosed\n")
        page.get_by_role("button", name="Create the scenario").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Line ")
        self.check_accessible(page)
        page.get_by_label("Or paste the scenario file's text").fill(specs.to_yaml(small_spec()))
        page.get_by_role("button", name="Create the scenario").click()

    def given_ann_is_on_the_projections_page(self):
        self.sign_in_as(ANN, PASSWORD)
        self.visit("/projections/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Projections")
        assert_accessible(self.page)
        self.page.get_by_role("link", name="Create a scenario").click()

    def when_she_uploads_a_scenario_file(self):
        from lodestar.projections import specs
        from tests.factories.projections import small_spec

        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Create a scenario")
        assert_accessible(page)
        page.get_by_label("Upload a scenario file (YAML)").check()
        page.get_by_label("Scenario file", exact=True).set_input_files(
            {"name": "riverside.yaml", "mimeType": "text/yaml", "buffer": specs.to_yaml(small_spec()).encode()}
        )
        assert_accessible(page)
        page.get_by_role("button", name="Create the scenario").click()

    def then_she_sees_its_assumptions_in_words(self):
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Riverside community nursing")
        expect(page.locator("#facts")).to_contain_text("Trust A")
        expect(page.get_by_text("likely range: lowest 7%, most likely 9%, highest 12%", exact=True)).to_be_visible()
        assert_accessible(page)

    def when_she_changes_the_leaver_rate_to_a_likely_range(self):
        page = self.page
        page.get_by_role("link", name="Change support-workers: leaver rate").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("support-workers: leaver rate")
        expect(page.get_by_text("9 in 100 staff leave each year")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("A likely range").check()
        page.get_by_label("Lowest (per cent)").fill("10")
        page.get_by_label("Most likely (per cent)").fill("12")
        page.get_by_label("Highest (per cent)").fill("8")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            "The most likely value must be between the lowest and the highest"
        )
        assert_accessible(page)
        page.get_by_label("Highest (per cent)").fill("15")
        page.get_by_role("button", name="Save as a new version").click()

    def then_the_scenario_shows_version_2_with_the_range(self):
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Riverside community nursing")
        expect(page.get_by_text("likely range: lowest 10%, most likely 12%, highest 15%", exact=True)).to_be_visible()
        expect(page.locator("#facts")).to_contain_text("2,")
        assert_accessible(page)

    def when_she_downloads_the_scenario_file(self):
        from lodestar.projections import specs
        from lodestar.projections.models import Scenario

        page = self.page
        with page.expect_download() as info:
            page.get_by_role("link", name="Download the scenario file (YAML, version 2)").click()
        download = info.value
        assert download.suggested_filename == "riverside-community-nursing-version-2.yaml"
        text = Path(download.path()).read_text(encoding="utf-8")
        assert specs.from_yaml(text) == Scenario.objects.get().latest.spec

    def then_she_compares_the_two_versions(self):
        page = self.page
        page.get_by_role("link", name="See every version and compare two").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Versions")
        page.get_by_role("button", name="Compare").click()
        differences = page.locator("#differences")
        expect(differences).to_contain_text("support-workers: leaver rate")
        expect(differences).to_contain_text("likely range: lowest 10%, most likely 12%, highest 15%")
        assert_accessible(page)
