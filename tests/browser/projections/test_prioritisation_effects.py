"""Prioritisation by evidence: Fran links her workshop to a scenario, models the candidates (the
worker's job run here), sees each candidate's modelled effect beside the group's ratings and
sorts the ranked list by it, without JavaScript being needed. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible


@pytest.fixture
def workshop(people):
    from tests.factories.projections import scenario
    from tests.factories.workshops import CandidateFactory, InterventionFactory, RatingFactory, WorkshopFactory

    fran = people["facilitator"]
    trust = fran.memberships.first().organisation
    w = WorkshopFactory(
        title="Community nursing", lead_organisation=trust, facilitator=fran, ratings_revealed_at=timezone.now()
    )
    small = InterventionFactory(
        title="A few international recruits", levers=[{"type": "international_recruitment", "effect": 0.005}]
    )
    large = InterventionFactory(
        title="Many international recruits", levers=[{"type": "international_recruitment", "effect": 0.04}]
    )
    none = InterventionFactory(title="System convening", levers=[])
    for intervention, impact in ((small, 5), (large, 2), (none, 3)):
        RatingFactory(candidate=CandidateFactory(workshop=w, intervention=intervention), impact=impact, effort=2)
    scenario(trust, name="Riverside nursing")
    return w


class TestPrioritisationByModelledEffect(Journey):
    def test_candidates_modelled_against_a_scenario_and_sorted_by_effect(self, workshop):
        self.workshop = workshop
        self.given_fran_opens_the_prioritisation_step()
        self.when_she_follows_the_link_to_model_the_candidates()
        self.and_saves_without_choosing_a_staff_group()
        self.then_she_is_told_to_choose_one()
        self.when_she_chooses_the_scenario_and_registered_nurses()
        self.and_models_the_candidates()
        self.and_the_worker_finishes_the_run()
        self.then_the_modelling_page_lists_each_candidates_effect()
        self.when_she_goes_back_to_prioritisation()
        self.then_each_candidate_shows_its_modelled_effect_beside_the_ratings()
        self.when_she_sorts_the_list_by_modelled_effect()
        self.then_the_candidate_closing_most_of_the_gap_comes_first()

    def _ranked(self):
        return self.page.locator("table.lodestar-ranked tbody tr th")

    def given_fran_opens_the_prioritisation_step(self):
        self.sign_in_as("fran@example.nhs.uk")
        self.visit(f"/workshops/{self.workshop.pk}/prioritisation/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Prioritisation")
        expect(self.page.locator("main")).not_to_contain_text("Modelled effect")
        assert_accessible(self.page)

    def when_she_follows_the_link_to_model_the_candidates(self):
        self.page.get_by_role("link", name="Model candidates against a scenario").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Model the candidates against a scenario")
        assert_accessible(self.page)

    def and_saves_without_choosing_a_staff_group(self):
        self.page.get_by_label("Scenario").select_option(label="Riverside nursing (Trust A)")
        self.page.get_by_role("button", name="Save scenario and staff group").click()

    def then_she_is_told_to_choose_one(self):
        expect(self.page.locator(".nhsuk-error-summary")).to_contain_text(
            "Choose the staff group the candidates act on"
        )
        assert_accessible(self.page)

    def when_she_chooses_the_scenario_and_registered_nurses(self):
        self.page.get_by_label("Scenario").select_option(label="Riverside nursing (Trust A)")
        self.page.get_by_label("Staff group the candidates act on").select_option("registered-nurses")
        self.page.get_by_role("button", name="Save scenario and staff group").click()
        expect(self.page.get_by_role("alert")).to_contain_text("The scenario is saved")
        expect(self.page.locator("main")).to_contain_text(
            "Modelled against Riverside nursing, acting on Registered nurses"
        )
        assert_accessible(self.page)

    def and_models_the_candidates(self):
        self.page.get_by_role("button", name="Model the candidates").click()
        expect(self.page.locator("main")).to_contain_text("Waiting to start")
        assert_accessible(self.page)

    def and_the_worker_finishes_the_run(self):
        from lodestar.projections import tasks
        from lodestar.projections.models import Run

        tasks.execute(Run.objects.get(workshop=self.workshop).pk)
        self.page.reload()

    def then_the_modelling_page_lists_each_candidates_effect(self):
        main = self.page.locator("main")
        expect(main).to_contain_text("Last modelled")
        expect(main.get_by_role("columnheader", name="Modelled effect by 2031")).to_be_visible()
        expect(main).to_contain_text("Closes")
        expect(main).to_contain_text("Not modelled: no evidence-based effect in the catalogue")
        assert_accessible(self.page)

    def when_she_goes_back_to_prioritisation(self):
        self.page.get_by_role("link", name="Back to prioritisation").click()

    def then_each_candidate_shows_its_modelled_effect_beside_the_ratings(self):
        table = self.page.locator("table.lodestar-ranked")
        expect(table.get_by_role("columnheader", name="Modelled effect by 2031")).to_be_visible()
        expect(self._ranked()).to_have_text(
            [re.compile("A few international recruits"), re.compile("System convening"), re.compile("Many")]
        )
        expect(table).to_contain_text("per FTE")
        assert_accessible(self.page)

    def when_she_sorts_the_list_by_modelled_effect(self):
        self.page.get_by_role("link", name="modelled effect").click()

    def then_the_candidate_closing_most_of_the_gap_comes_first(self):
        expect(self.page.locator("table.lodestar-ranked caption")).to_contain_text("Candidates by modelled effect")
        expect(self._ranked()).to_have_text(
            [re.compile("Many international recruits"), re.compile("A few"), re.compile("System convening")]
        )
        assert_accessible(self.page)
