"""Rating without anchoring (docs/adr/0022-rating-without-anchoring.md): Cal, with JavaScript,
rates each candidate and hears each rating saved beside its radios; the group's ratings appear
only once he has rated them all. Fran, without JavaScript, saves all her ratings in one go after
fixing the one she left half done (the error summary takes her to its first radio), and shows the
group's ratings to everyone. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD


@pytest.fixture
def room(people):
    from lodestar.orgs.models import Organisation
    from lodestar.star.models import Intervention
    from tests.factories.workshops import CandidateFactory, RatingFactory, WorkshopFactory, participant

    workshop = WorkshopFactory(title="Community nursing", lead_organisation=Organisation.objects.get(name="Trust A"))
    participant(workshop, "facilitator", user=people["facilitator"])
    participant(workshop, "contributor", user=people["contributor"])
    rtp = CandidateFactory(workshop=workshop, intervention=Intervention.objects.get(title="Return to practice"))
    champions = CandidateFactory(workshop=workshop, intervention=Intervention.objects.get(title="Change champions"))
    other = participant(workshop, "contributor")
    RatingFactory(candidate=rtp, user=other, impact=5, effort=1)
    RatingFactory(candidate=champions, user=other, impact=2, effort=4)
    return {"path": f"/workshops/{workshop.pk}/prioritisation/", "rtp": rtp, "champions": champions}


class TestRatingWithoutAnchoring(Journey):
    def assert_accessible_without_javascript(self, page) -> None:
        """axe needs JavaScript (its checks never finish in a page without it): check the HTML the
        page without JavaScript shows, with its stylesheets and without its scripts, in the
        journey's own browser."""
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self.page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        assert_accessible(self.page)

    def test_cal_rates_with_javascript_and_sees_the_group_only_when_done(self, room):
        self.room = room
        self.given_cal_opens_prioritisation()
        self.then_the_group_s_ratings_are_hidden()
        self.when_he_follows_the_jump_link()
        self.then_he_is_at_the_ranked_list()
        self.when_he_chooses_an_impact_for_return_to_practice()
        self.then_he_is_told_to_choose_an_effort_too()
        self.when_he_chooses_its_effort()
        self.then_the_rating_is_saved_and_said_beside_it()
        self.when_he_rates_change_champions()
        self.then_the_group_s_ratings_appear_without_reloading()

    def test_fran_saves_all_her_ratings_in_one_go_without_javascript(self, room):
        self.room = room
        self.given_fran_without_javascript_opens_prioritisation()
        self.when_she_saves_with_one_rating_half_done()
        self.then_the_error_summary_links_to_the_first_radio_of_the_group()
        self.when_she_finishes_it_and_saves_again()
        self.then_both_ratings_are_saved_and_she_sees_the_group_s_ratings()

    def test_fran_shows_the_group_s_ratings_to_everyone(self, room):
        self.room = room
        self.given_fran_without_javascript_opens_prioritisation()
        self.when_she_shows_the_group_s_ratings()
        self.then_cal_sees_them_before_rating()

    # Cal, with JavaScript

    def given_cal_opens_prioritisation(self):
        self.sign_in_as("cal@example.nhs.uk")
        self.visit(self.room["path"])
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Prioritisation")
        assert_accessible(self.page)

    def then_the_group_s_ratings_are_hidden(self):
        expect(self.page.locator("#group-figures")).to_contain_text(
            "The group's ratings are hidden until you have rated every candidate"
        )
        expect(self.page.locator("table.lodestar-ranked")).to_have_count(0)
        expect(self.page.get_by_role("button", name="Show the group's ratings")).to_have_count(0)

    def when_he_follows_the_jump_link(self):
        self.page.get_by_role("link", name="Skip to the ranked list").click()

    def then_he_is_at_the_ranked_list(self):
        assert self.page.url.endswith("#ranked")
        expect(self.page.locator("#ranked")).to_be_in_viewport()
        self.page.go_back()

    def _card(self, title):
        return self.page.locator("section").filter(has_text=title)

    def _choose(self, title, legend, value):
        group = self.page.get_by_role("group", name=f"{legend} for {title}")
        group.get_by_label(value, exact=True).check()

    def when_he_chooses_an_impact_for_return_to_practice(self):
        self._choose("Return to practice", "Impact", "4")

    def then_he_is_told_to_choose_an_effort_too(self):
        status = self._card("Return to practice").get_by_role("status")
        expect(status).to_have_text("Now choose an effort rating for Return to practice to save it.")

    def when_he_chooses_its_effort(self):
        self._choose("Return to practice", "Effort", "2")

    def then_the_rating_is_saved_and_said_beside_it(self):
        status = self._card("Return to practice").get_by_role("status")
        expect(status).to_have_text("Saved: impact 4, effort 2 for Return to practice.")
        expect(status).to_have_attribute("aria-live", "polite")
        expect(self.page.locator("#group-figures")).to_contain_text("You have rated 1 of 2 candidates.")
        assert_accessible(self.page)

    def when_he_rates_change_champions(self):
        self._choose("Change champions", "Impact", "3")
        self._choose("Change champions", "Effort", "1")

    def then_the_group_s_ratings_appear_without_reloading(self):
        expect(self._card("Change champions").get_by_role("status")).to_have_text(
            "Saved: impact 3, effort 1 for Change champions."
        )
        ranked = self.page.locator("table.lodestar-ranked")
        expect(ranked).to_contain_text("Return to practice")
        expect(ranked).to_contain_text("Views differ")  # champions: impact 2 and 3... effort 4 and 1
        expect(self.page.get_by_role("alert")).to_have_count(0)  # no page load: no flash message
        assert_accessible(self.page)

    # Fran, without JavaScript

    def given_fran_without_javascript_opens_prioritisation(self):
        self.fran = self.new_browser(java_script_enabled=False)
        sign_in(self.fran, self.live_server, "fran@example.nhs.uk", PASSWORD)
        self.fran.goto(self.url(self.room["path"]))
        expect(self.fran.get_by_role("button", name="Save all ratings")).to_be_visible()
        self.assert_accessible_without_javascript(self.fran)

    def when_she_saves_with_one_rating_half_done(self):
        page = self.fran
        page.get_by_role("group", name="Impact for Return to practice").get_by_label("5", exact=True).check()
        page.get_by_role("group", name="Impact for Change champions").get_by_label("2", exact=True).check()
        page.get_by_role("group", name="Effort for Change champions").get_by_label("3", exact=True).check()
        page.get_by_role("button", name="Save all ratings").click()

    def then_the_error_summary_links_to_the_first_radio_of_the_group(self):
        page = self.fran
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Return to practice: Choose an effort rating from 1 to 5")
        self.assert_accessible_without_javascript(page)
        summary.get_by_role("link", name="Return to practice: Choose an effort rating from 1 to 5").click()
        rtp = self.room["rtp"].pk
        assert page.url.endswith(f"#c{rtp}-effort")
        expect(page.locator(f"#c{rtp}-effort")).to_have_attribute("name", f"c{rtp}-effort")
        expect(page.locator(f"#c{rtp}-effort")).to_have_attribute("value", "1")
        # what she had chosen is still chosen
        expect(
            page.get_by_role("group", name="Impact for Return to practice").get_by_label("5", exact=True)
        ).to_be_checked()

    def when_she_finishes_it_and_saves_again(self):
        page = self.fran
        page.get_by_role("group", name="Effort for Return to practice").get_by_label("1", exact=True).check()
        page.get_by_role("button", name="Save all ratings").click()

    def then_both_ratings_are_saved_and_she_sees_the_group_s_ratings(self):
        page = self.fran
        expect(page.get_by_role("alert")).to_contain_text("Your ratings are saved: 2 candidates")
        ranked = page.locator("table.lodestar-ranked")
        expect(ranked).to_contain_text("Everyone rated 5")
        expect(ranked).to_contain_text("Quick wins")
        self.assert_accessible_without_javascript(page)

    def when_she_shows_the_group_s_ratings(self):
        page = self.fran
        expect(page.locator("#group-figures")).to_contain_text("You have rated 0 of 2 candidates.")
        page.get_by_role("button", name="Show the group's ratings").click()
        expect(page.get_by_role("alert")).to_contain_text("The group's ratings are now shown to everyone")
        expect(page.locator("table.lodestar-ranked")).to_contain_text("One rating so far: 5")
        self.assert_accessible_without_javascript(page)

    def then_cal_sees_them_before_rating(self):
        self.sign_in_as("cal@example.nhs.uk")
        self.visit(self.room["path"])
        expect(self.page.locator("#group-figures")).to_contain_text(
            "The facilitator has shown the group's ratings to everyone."
        )
        expect(self.page.locator("table.lodestar-ranked")).to_contain_text("Return to practice")
        assert_accessible(self.page)
