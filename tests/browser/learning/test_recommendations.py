"""Recommendations in a browser: Fran, who facilitates Trust A's workshop on keeping newly
qualified nurses, opens its candidates step and finds, under "Learn from others", PCN A's case
study tagged with the intervention on her shortlist and PCN A itself, which adopted it, each
saying why. Trust B adopted it too, but Fran reaches neither Trust B nor its case study (kept to
Trust B), so neither is suggested. She opens the case study. A case study Trust B keeps to itself is never suggested. The
same suggestions show without JavaScript and on the plan page. Every page is checked with axe."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Journey, assert_accessible, sign_in

FRAN = "fran@example.nhs.uk"
INTERVENTION = "Mentoring for newly qualified nurses"
READABLE = "Preceptorship that kept our newly qualified nurses"
HIDDEN = "Trust B's own mentoring notes"
WHY = f"Tagged with {INTERVENTION}, which is on your shortlist"


@pytest.fixture
def setting(transactional_db):
    from lodestar.learning import actions_adoption
    from lodestar.learning.models import Status
    from tests.factories import UserFactory, hierarchy, member
    from tests.factories.learning import case_study
    from tests.factories.plans import ActionFactory, ActionPlanFactory
    from tests.factories.star import star_point, star_points
    from tests.factories.workshops import CandidateFactory, InterventionFactory, WorkshopFactory

    orgs = hierarchy()
    star_points()
    fran = member(orgs["trust_a"], "facilitator", full_name="Fran Facilitator", email=FRAN)
    intervention = InterventionFactory(code="supply-mentoring", title=INTERVENTION, point=star_point("supply"))
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=fran, title="Keeping new nurses")
    CandidateFactory(workshop=workshop, intervention=intervention, shortlisted=True)
    plan = ActionPlanFactory(organisation=orgs["trust_a"], workshop=workshop, title="Keeping new nurses: plan")
    ActionFactory(plan=plan, organisation=orgs["trust_a"], intervention=intervention, point=star_point("supply"))
    case_study(
        orgs["pcn_a"], title=READABLE, status=Status.PUBLISHED, visibility="everyone", interventions=[intervention]
    )
    case_study(
        orgs["trust_b"], title=HIDDEN, status=Status.PUBLISHED, visibility="organisation", interventions=[intervention]
    )
    staff = UserFactory(is_platform_staff=True)
    for org in (orgs["pcn_a"], orgs["trust_b"]):  # PCN A shares its case study; Trust B keeps its own
        for stage, since in (("piloting", datetime.date(2025, 1, 6)), ("adopted", datetime.date(2025, 6, 2))):
            actions_adoption.record_stage(
                actor=staff, organisation=org, intervention=intervention, stage=stage, since=since
            )
    return {"workshop": workshop, "plan": plan}


class TestLearningFromOthers(Journey):
    def test_suggestions_with_why_on_the_candidates_step_and_the_plan(self, setting):
        self.given_fran_opens_her_workshops_candidates_step(setting["workshop"])
        self.then_she_sees_a_case_study_to_read_and_why()
        self.and_an_organisation_that_adopted_her_shortlisted_intervention()
        self.and_nothing_she_may_not_read()
        self.when_she_opens_the_case_study()
        self.then_the_same_suggestions_show_without_javascript(setting["workshop"])
        self.and_on_the_plan_page(setting["plan"])

    # ---------------------------------------------------------------- steps

    def _panel(self, page=None):
        return (page or self.page).locator("#learn-from-others")

    def given_fran_opens_her_workshops_candidates_step(self, workshop):
        self.sign_in_as(FRAN)
        self.visit(f"/workshops/{workshop.pk}/candidates/")
        expect(self.page.get_by_role("heading", name="Learn from others")).to_be_visible()
        assert_accessible(self.page)

    def then_she_sees_a_case_study_to_read_and_why(self):
        panel = self._panel()
        expect(panel.get_by_role("link", name=READABLE)).to_be_visible()
        expect(panel).to_contain_text(WHY)

    def and_an_organisation_that_adopted_her_shortlisted_intervention(self):
        panel = self._panel()
        expect(panel.get_by_role("link", name="PCN A")).to_be_visible()
        expect(panel).to_contain_text(f"Read its case study: {READABLE}")
        expect(panel).to_contain_text(f"Adopted {INTERVENTION}, which is on your shortlist: adopted since June 2025")

    def and_nothing_she_may_not_read(self):
        expect(self._panel()).not_to_contain_text(HIDDEN)
        expect(self._panel()).not_to_contain_text("Trust B")

    def when_she_opens_the_case_study(self):
        self._panel().get_by_role("link", name=READABLE).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(READABLE)
        assert_accessible(self.page)

    def then_the_same_suggestions_show_without_javascript(self, workshop):
        page = self.new_browser(java_script_enabled=False)
        sign_in(page, self.live_server, FRAN, PASSWORD)
        page.goto(self.url(f"/workshops/{workshop.pk}/candidates/"))
        expect(self._panel(page)).to_contain_text(WHY)
        expect(self._panel(page).get_by_role("link", name=READABLE)).to_be_visible()
        assert_accessible(page)

    def and_on_the_plan_page(self, plan):
        self.visit(f"/plans/{plan.pk}/")
        panel = self._panel()
        expect(panel.get_by_role("link", name=READABLE)).to_be_visible()
        expect(panel).to_contain_text(f"Tagged with {INTERVENTION}, which is in your plan")
        assert_accessible(self.page)
