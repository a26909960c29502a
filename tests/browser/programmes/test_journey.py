"""Programmes in a browser: Fay, a facilitator at ICS A, sets up a programme under the region's
theme (a mistake first: the error summary names it), adds a milestone that is already late and a
benefit measure, links her ICS's action plan, and reads the RAG in words on the programme's page;
then she opens the regional dashboard. The same journey's forms work without JavaScript. Every
page is checked with axe."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date, sign_in
from tests.factories import PASSWORD

FAY = "fay@example.nhs.uk"
NAME = "Nursing associates in care homes"


@pytest.fixture
def people(transactional_db):
    from tests.factories import hierarchy, member
    from tests.factories.plans import ActionFactory, ActionPlanFactory
    from tests.factories.programmes import theme
    from tests.factories.star import star_points

    orgs = hierarchy()
    star_points()
    theme(orgs["region"], "New medical and non-medical roles")
    plan = ActionPlanFactory(organisation=orgs["ics_a"], title="ICS A retention plan")
    ActionFactory(plan=plan, due_date=datetime.date.today() - datetime.timedelta(days=5))
    return {"fay": member(orgs["ics_a"], "facilitator", full_name="Fay Facilitator", email=FAY)}


class TestSettingUpAProgramme(Journey):
    def test_set_up_a_programme_add_parts_link_a_plan_and_see_the_rag(self, people):
        self.given_fay_is_on_the_programmes_page(self.page)
        self.when_she_sets_up_a_programme(self.page)
        self.and_adds_a_late_milestone_and_a_measure(self.page)
        self.and_links_her_ics_plan(self.page)
        self.then_the_programme_page_says_why_it_is_amber_or_red(self.page)
        self.and_the_dashboard_counts_it(self.page)

    def test_without_javascript_the_forms_work(self, people):
        page = self.new_browser(java_script_enabled=False)
        sign_in(page, self.live_server, FAY, PASSWORD)
        page.goto(self.url("/programmes/"))
        self.when_she_sets_up_a_programme(page, check=False)
        self.and_adds_a_late_milestone_and_a_measure(page, check=False)
        self.and_links_her_ics_plan(page, check=False)
        self.then_the_programme_page_says_why_it_is_amber_or_red(page, check=False)
        self.check_accessible_without_javascript(page)

    # ---------------------------------------------------------------- steps

    def check(self, page, check: bool) -> None:
        if check:
            assert_accessible(page)

    def check_accessible_without_javascript(self, page):
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self.page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        assert_accessible(self.page)

    def given_fay_is_on_the_programmes_page(self, page):
        self.sign_in_as(FAY)
        self.visit("/programmes/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
        expect(page.get_by_role("heading", name="New medical and non-medical roles")).to_be_visible()
        assert_accessible(page)

    def when_she_sets_up_a_programme(self, page, check=True):
        page.get_by_role("link", name="Add a programme").click()
        page.get_by_role("button", name="Save the programme").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the name of the programme")
        self.check(page, check)
        page.get_by_label("Name of the programme").fill(NAME)
        page.get_by_label("Theme").select_option(label="New medical and non-medical roles")
        page.get_by_label("Organisation that runs it").select_option(label="ICS A")
        page.get_by_label("Trust A").check()
        page.get_by_label("Budget in pounds (optional)").fill("250000")
        page.get_by_role("radio", name="Active").check()
        page.get_by_role("button", name="Save the programme").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
        self.check(page, check)

    def and_adds_a_late_milestone_and_a_measure(self, page, check=True):
        late = datetime.date.today() - datetime.timedelta(days=7)
        page.get_by_role("link", name="Add a milestone").click()
        page.get_by_label("Milestone").fill("Care homes recruited")
        fill_date(page, "Due date", str(late.day), str(late.month), str(late.year))
        page.get_by_role("button", name="Save the milestone").click()
        expect(page.locator("#milestones + table")).to_contain_text("Late: due")
        page.get_by_role("link", name="Add a benefit measure").click()
        page.get_by_label("What is measured").fill("Nursing associates in post")
        page.get_by_label("Baseline value").fill("0")
        fill_date(page, "Date of the baseline", "1", "4", "2025")
        page.get_by_label("Target", exact=True).fill("40")
        page.get_by_label("Latest value (optional)").fill("ten")
        page.get_by_role("button", name="Save the benefit measure").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("The latest value must be a number")
        self.check(page, check)
        page.get_by_label("Latest value (optional)").fill("10")
        fill_date(page, "Date of the latest value (optional)", "1", "10", "2025")
        page.get_by_role("button", name="Save the benefit measure").click()
        expect(page.locator("#measures + table")).to_contain_text("25% of the way from the baseline to the target")
        self.check(page, check)

    def and_links_her_ics_plan(self, page, check=True):
        page.get_by_role("link", name="Link workshops and plans").click()
        expect(page.get_by_role("heading", name="Linked workshops and plans")).to_be_visible()
        self.check(page, check)
        page.get_by_label("ICS A retention plan").check()
        page.get_by_role("button", name="Save the links").click()

    def then_the_programme_page_says_why_it_is_amber_or_red(self, page, check=True):
        expect(page.locator("#rag")).to_have_text("Red: 1 of 1 milestone late; 1 linked plan has overdue actions")
        expect(page.get_by_role("link", name="ICS A retention plan")).to_be_visible()
        self.check(page, check)

    def and_the_dashboard_counts_it(self, page):
        self.visit("/programmes/dashboard/")
        expect(page.get_by_role("heading", name="Programmes by theme and status")).to_be_visible()
        expect(page.locator("#programmes ~ div table").first).to_contain_text("New medical and non-medical roles")
        assert_accessible(page)
