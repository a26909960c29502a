"""The case-study library in a browser: Erin, a contributor at Trust A, writes a case study with
a result and submits it; Rita, who has a role at the region, returns it with a comment; Erin
submits it again; Rita marks it reviewed and Erin publishes it; Rita finds it by searching and
on the intervention's catalogue page. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date

ERIN = "erin@example.nhs.uk"
RITA = "rita@example.nhs.uk"
TITLE = "Preceptorship that kept our new nurses"


@pytest.fixture
def people(transactional_db, settings):
    from tests.factories import hierarchy, member
    from tests.factories.star import InterventionFactory, star_points

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    orgs = hierarchy()
    star_points()
    InterventionFactory(code="supply-preceptorship", title="Preceptorship for new registrants")
    return {
        "erin": member(orgs["trust_a"], "contributor", full_name="Erin Editor", email=ERIN),
        "rita": member(orgs["region"], "viewer", full_name="Rita Reviewer", email=RITA),
    }


class TestWritingReviewingAndPublishingACaseStudy(Journey):
    def test_write_submit_review_publish_and_find(self, people, mailoutbox):
        self.given_erin_is_in_shared_learning()
        self.when_she_writes_a_case_study()
        self.and_she_adds_a_result()
        self.and_she_submits_it()
        self.when_rita_returns_it_with_a_comment()
        self.then_erin_sees_the_comment_and_gets_an_email(mailoutbox)
        self.when_erin_submits_it_again()
        self.and_rita_marks_it_reviewed()
        self.then_erin_publishes_it()
        self.and_rita_finds_it_by_searching_and_in_the_catalogue()

    # ---------------------------------------------------------------- steps

    def given_erin_is_in_shared_learning(self):
        self.sign_in_as(ERIN)
        self.visit("/")
        self.page.get_by_role("link", name="Shared learning").first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Shared learning")
        assert_accessible(self.page)

    def when_she_writes_a_case_study(self):
        page = self.page
        page.get_by_role("link", name="Write a case study").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Write a case study")
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a title for the case study")
        assert_accessible(page)
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("The challenge").fill("One in four newly registered nurses left within a year.")
        page.get_by_label("What was changed").fill("A twelve-month preceptorship with protected learning time.")
        page.get_by_label("Who led it and who was involved").fill("The deputy chief nurse and practice educators.")
        page.get_by_role("group", name="Star points (optional)").get_by_label("Supply").check()
        page.get_by_label("Preceptorship for new registrants (Supply)").check()
        page.get_by_role("group", name="Staff groups (optional)").get_by_label("Registered nurses").check()
        page.get_by_label("Our region").check()
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("#status")).to_have_text("Draft")
        assert_accessible(page)

    def and_she_adds_a_result(self):
        page = self.page
        page.get_by_role("link", name="Add a result").click()
        page.get_by_label("What was measured").fill("Nurses leaving in their first year")
        page.get_by_label("Unit (optional)").fill("%")
        page.get_by_label("Baseline value").fill("24")
        fill_date(page, "Date of the baseline", "31", "3", "2024")
        page.get_by_label("Value after the change").fill("11")
        fill_date(page, "Date of the value after", "31", "3", "2025")
        assert_accessible(page)
        page.get_by_role("button", name="Add the result").click()
        table = page.get_by_role("table").first
        expect(table).to_contain_text("Nurses leaving in their first year")
        expect(table).to_contain_text("24%")
        expect(table).to_contain_text("31 March 2025")
        expect(table).to_contain_text("Down 13%")

    def and_she_submits_it(self):
        self.page.get_by_role("button", name="Submit for review").click()
        expect(self.page.locator("#status")).to_have_text("Submitted for review")
        assert_accessible(self.page)

    def when_rita_returns_it_with_a_comment(self):
        self.rita = self.second_browser(RITA)
        rita = self.rita
        rita.goto(self.url("/learning/"))
        rita.get_by_role("link", name=TITLE).first.click()
        rita.get_by_label("Comments for the authors").fill("Please say what the preceptorship cost.")
        rita.get_by_role("button", name="Return to the authors with comments").click()
        expect(rita.locator("#status")).to_have_text("Draft")

    def then_erin_sees_the_comment_and_gets_an_email(self, mailoutbox):
        page = self.page
        page.reload()
        expect(page.locator("#comments")).to_be_visible()
        expect(page.get_by_text("Please say what the preceptorship cost.")).to_be_visible()
        assert [m.to for m in mailoutbox] == [[ERIN]]
        page.get_by_role("link", name=f"Edit {TITLE}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit the case study")
        page.get_by_label("Costs and resources (optional)").fill("Two practice educators, 1.6 FTE.")
        assert_accessible(page)
        page.get_by_role("button", name="Save draft").click()

    def when_erin_submits_it_again(self):
        self.page.get_by_role("button", name="Submit for review").click()
        expect(self.page.locator("#status")).to_have_text("Submitted for review")

    def and_rita_marks_it_reviewed(self):
        rita = self.rita
        rita.reload()
        rita.get_by_role("button", name="Mark as reviewed").click()
        expect(rita.locator("#status")).to_have_text("Reviewed: ready to publish")

    def then_erin_publishes_it(self):
        page = self.page
        page.reload()
        page.get_by_role("button", name="Publish").click()
        expect(page.locator("#status")).to_have_text("Published")
        history = page.locator("#history + table")
        expect(history).to_contain_text("Published")
        expect(history).to_contain_text("Costs and resources")
        assert_accessible(page)

    def and_rita_finds_it_by_searching_and_in_the_catalogue(self):
        rita = self.rita
        rita.goto(self.url("/learning/"))
        rita.get_by_label("Search words").fill("preceptorship")
        rita.get_by_role("button", name="Search", exact=True).click()
        expect(rita.locator("#results-count")).to_have_text("1 case study match your search")
        rita.get_by_role("link", name=TITLE).click()
        rita.get_by_role("link", name="Preceptorship for new registrants").click()
        expect(rita.locator("#case-studies ~ ul").first).to_contain_text(TITLE)
        self.page.goto(rita.url)
        assert_accessible(self.page)
