"""Readiness to adopt in a browser: Erin, a contributor at Trust A, opens an intervention in the
catalogue and assesses her trust's readiness to adopt it; the form tells her what she missed;
the result ranks what needs most action and she adds one to her action plan in one step; she
bookmarks the result, assesses again later and compares the two. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible

ERIN = "erin@example.nhs.uk"
CODE = "supply-preceptorship"
INTERVENTION = "Preceptorship for new registrants"

DOMAINS = [
    "The condition or need",
    "The intervention",
    "The value proposition",
    "The adopters: staff, patients and carers",
    "The organisation",
    "The wider system",
    "Embedding and adaptation over time",
]
ATTRIBUTES = ["Relative advantage", "Compatibility", "Complexity", "Trialability", "Observability"]


@pytest.fixture
def people(transactional_db):
    from tests.factories import hierarchy, member
    from tests.factories.plans import ActionPlanFactory
    from tests.factories.star import InterventionFactory, star_points

    orgs = hierarchy()
    points = star_points()
    InterventionFactory(code=CODE, title=INTERVENTION, point=points["supply"])
    ActionPlanFactory(organisation=orgs["trust_a"], title="Trust A workforce plan")
    return {"erin": member(orgs["trust_a"], "contributor", full_name="Erin Editor", email=ERIN)}


class TestAssessingReadinessToAdopt(Journey):
    def test_assess_act_bookmark_and_compare(self, people):
        self.given_erin_opens_the_intervention_in_the_catalogue()
        self.when_she_assesses_her_readiness_but_misses_a_factor()
        self.then_she_completes_it_and_sees_what_needs_most_action()
        self.when_she_adds_the_first_factor_to_her_action_plan()
        self.and_she_bookmarks_the_result()
        self.when_she_assesses_again_and_compares()

    # ---------------------------------------------------------------- steps

    def given_erin_opens_the_intervention_in_the_catalogue(self):
        self.sign_in_as(ERIN)
        self.visit(f"/star/interventions/{CODE}/")
        self.page.get_by_role("link", name="Assess your readiness to adopt this").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Assess your readiness to adopt")
        assert_accessible(self.page)

    def _rate(self, domain: str, attribute: str, skip: str | None = None):
        page = self.page
        for name in DOMAINS:
            if name != skip:
                page.get_by_role("group", name=name, exact=True).get_by_label(domain, exact=True).check()
        for name in ATTRIBUTES:
            if name != skip:
                page.get_by_role("group", name=name, exact=True).get_by_label(attribute, exact=True).check()

    def when_she_assesses_her_readiness_but_misses_a_factor(self):
        page = self.page
        expect(page.get_by_label("Title")).to_have_value(f"Readiness to adopt {INTERVENTION}")
        self._rate("Simple", "A help", skip="Trialability")
        page.get_by_role("group", name="The organisation", exact=True).get_by_label("Complex", exact=True).check()
        page.get_by_label("Note on the organisation (optional)").fill("No protected time for educators")
        page.get_by_role("button", name="Save and see the result").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a rating for trialability")
        assert_accessible(page)

    def then_she_completes_it_and_sees_what_needs_most_action(self):
        page = self.page
        page.get_by_role("group", name="Trialability", exact=True).get_by_label("A barrier", exact=True).check()
        page.get_by_role("button", name="Save and see the result").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Readiness to adopt {INTERVENTION}")
        needs = page.locator("#needs + ol > li")
        expect(needs).to_have_count(2)
        expect(needs.first).to_contain_text("The organisation: complex")
        expect(needs.first).to_contain_text("No protected time for educators")
        expect(needs.nth(1)).to_contain_text("Trialability: a barrier")
        expect(page.locator(".lodestar-share-link")).to_contain_text("/learning/readiness/")
        assert_accessible(page)
        self.result_url = page.url

    def when_she_adds_the_first_factor_to_her_action_plan(self):
        page = self.page
        page.get_by_role("button", name="Add to an action plan for the organisation").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Readiness: The organisation")
        expect(page.get_by_text("Trust A workforce plan").first).to_be_visible()

    def and_she_bookmarks_the_result(self):
        page = self.page
        page.goto(self.result_url)
        page.get_by_role("button", name="Bookmark this assessment").click()
        expect(page.get_by_role("button", name="Remove the bookmark")).to_be_visible()
        page.get_by_role("link", name="Readiness to adopt", exact=True).click()
        expect(page.locator("#bookmarks")).to_contain_text(f"Readiness to adopt {INTERVENTION}")
        assert_accessible(page)

    def when_she_assesses_again_and_compares(self):
        page = self.page
        page.goto(self.result_url)
        page.get_by_role("link", name="Assess it again").click()
        page.get_by_label("Title").fill("Readiness, six months on")
        self._rate("Simple", "A help")
        page.get_by_role("button", name="Save and see the result").click()
        page.get_by_role("link", name=f"Compare with “Readiness to adopt {INTERVENTION}”").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("How readiness changed")
        row = page.get_by_role("row", name="The organisation")
        expect(row).to_contain_text("Complex")
        expect(row).to_contain_text("Better")
        assert_accessible(page)
