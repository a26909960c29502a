"""Training pathways in a browser: Fran, a facilitator at ICS A, adds a pathway (the form first
tells her what is missing), a stage and a Calderdale competency, adds a cohort and records its
learners, then uses the pathway in a projection scenario. Later, in a browser without JavaScript,
she records the cohort's counts again and the history keeps both. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date, sign_in
from tests.factories import PASSWORD

FRAN = "fran@example.nhs.uk"
PATHWAY = "Community to acute nursing"
SCENARIO = "ICS A nursing"


@pytest.fixture
def people(transactional_db):
    from tests.factories import hierarchy, member
    from tests.factories.projections import scenario

    orgs = hierarchy()
    scenario(orgs["ics_a"], name=SCENARIO)
    return {"fran": member(orgs["ics_a"], "facilitator", full_name="Fran Facilitator", email=FRAN)}


class TestTrainingPathway(Journey):
    def test_create_a_pathway_record_cohort_counts_and_use_it_in_a_projection(self, people):
        self.given_fran_opens_training_pathways()
        self.when_she_adds_a_pathway_leaving_out_the_capacity()
        self.then_she_is_told_what_is_missing_and_adds_it()
        self.when_she_adds_a_stage_and_a_competency()
        self.and_she_adds_a_cohort_and_records_its_learners()
        self.then_she_uses_the_pathway_in_a_projection()
        self.and_without_javascript_she_records_the_counts_again()

    # ---------------------------------------------------------------- steps

    def given_fran_opens_training_pathways(self):
        self.sign_in_as(FRAN)
        self.visit("/pathways/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Training pathways")
        assert_accessible(self.page)

    def when_she_adds_a_pathway_leaving_out_the_capacity(self):
        page = self.page
        page.get_by_role("link", name="Add a training pathway").click()
        page.get_by_label("Pathway name").fill(PATHWAY)
        page.get_by_label("Professions that may join").fill("Nursing")
        page.get_by_label("Staff group learners qualify into (optional)").fill("registered-nurses")
        page.get_by_role("button", name="Add the pathway").click()

    def then_she_is_told_what_is_missing_and_adds_it(self):
        page = self.page
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the number of learners one intake takes")
        assert_accessible(page)
        page.get_by_label("Learners one intake takes").fill("20")
        page.get_by_label("Intakes a year").fill("2")
        page.get_by_role("button", name="Add the pathway").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(PATHWAY)
        expect(page.locator(".nhsuk-summary-list").first).to_contain_text("40 places a year")
        assert_accessible(page)

    def when_she_adds_a_stage_and_a_competency(self):
        page = self.page
        page.get_by_role("link", name="Add a stage").click()
        page.get_by_label("Stage name").fill("Community year")
        page.get_by_label("How many months it lasts").fill("12")
        page.get_by_role("radio", name="Community care").check()
        assert_accessible(page)
        page.get_by_role("button", name="Add the stage").click()
        expect(page.get_by_role("heading", name="Stage 1: Community year")).to_be_visible()
        page.get_by_role("link", name="Add a competency to Community year").click()
        page.get_by_label("Task").fill("Wound assessment and dressing")
        page.get_by_label("Who may do it").fill("Band 5 registered nurse")
        page.get_by_role("radio", name="Medium").check()
        page.get_by_role("radio", name="Indirect (a supervisor available)").check()
        assert_accessible(page)
        page.get_by_role("button", name="Add the competency").click()
        table = page.get_by_role("table", name="Competencies at Community year")
        expect(table).to_contain_text("Wound assessment and dressing")
        expect(table).to_contain_text("Indirect (a supervisor available)")
        assert_accessible(page)

    def and_she_adds_a_cohort_and_records_its_learners(self):
        page = self.page
        page.get_by_role("link", name="Add a cohort").click()
        fill_date(page, "Intake date", "1", "9", "2024")
        page.get_by_role("button", name="Add the cohort").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Intake of September 2024")
        assert_accessible(page)
        fill_date(page, "Date the counts are for", "1", "9", "2025")
        page.get_by_label("Enrolled").fill("20")
        page.get_by_label("Completed").fill("17")
        page.get_by_label("Withdrawn").fill("3")
        page.get_by_role("button", name="Save the counts").click()
        expect(page.get_by_role("table")).to_contain_text("1 September 2025")
        assert_accessible(page)

    def then_she_uses_the_pathway_in_a_projection(self):
        page = self.page
        page.get_by_role("link", name=f"Back to {PATHWAY}").click()
        expect(page.locator("#cohorts ~ p").first).to_contain_text("3 withdrawn (15%)")
        page.get_by_role("link", name="Use this pathway in a projection").click()
        page.get_by_label("Scenario").select_option(label=SCENARIO)
        page.get_by_role("button", name="Choose this scenario").click()
        expect(page.get_by_role("main")).to_contain_text("40 extra training places a year for registered-nurses")
        expect(page.get_by_role("main")).to_contain_text("15% do not complete")
        assert_accessible(page)
        page.get_by_role("button", name="Add it to the scenario").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(SCENARIO)
        expect(page.get_by_role("main")).to_contain_text(f"{PATHWAY} (training pathway)")
        assert_accessible(page)

    def and_without_javascript_she_records_the_counts_again(self):
        other = self.new_browser(java_script_enabled=False)
        sign_in(other, self.live_server, FRAN, PASSWORD)
        other.goto(self.url("/pathways/"))
        other.get_by_role("link", name=PATHWAY).click()
        other.get_by_role("link", name="Intake of September 2024").click()
        fill_date(other, "Date the counts are for", "1", "10", "2025")
        other.get_by_label("Withdrawn").fill("4")
        other.get_by_role("button", name="Save the counts").click()
        expect(other.locator(".nhsuk-error-summary")).to_contain_text("add up to more than those enrolled")
        other.get_by_label("Completed").fill("16")
        other.get_by_role("button", name="Save the counts").click()
        history = other.get_by_role("table")
        expect(history).to_contain_text("1 October 2025")
        expect(history).to_contain_text("1 September 2025")
        assert_accessible(other)
