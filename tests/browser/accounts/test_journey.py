"""Journeys in the browser: the demo facilitator signs in, sees organisations, signs out;
a new person accepts an invitation. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from lodestar.orgs import actions as org_actions
from tests.browser.conftest import DEMO_FACILITATOR, DEMO_PASSWORD, Journey, assert_accessible
from tests.factories import hierarchy
from tests.factories.accounts import invitation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("demo_data")
class TestSigningInAndOut(Journey):
    def test_demo_facilitator_signs_in_sees_organisations_and_signs_out(self):
        self.given_the_sign_in_page()
        self.when_the_facilitator_gives_a_wrong_password()
        self.then_a_plain_message_says_so()
        self.when_they_sign_in()
        self.then_they_see_their_organisations()
        self.when_they_open_organisations_from_the_header()
        self.then_only_organisations_in_their_reach_are_listed()
        self.when_they_open_their_trust()
        self.then_the_trust_page_shows()
        self.and_their_profile_shows_their_name()
        self.when_they_sign_out()
        self.then_they_are_back_at_sign_in()

    def given_the_sign_in_page(self):
        self.visit("/account/sign-in/")
        assert_accessible(self.page)

    def when_the_facilitator_gives_a_wrong_password(self):
        self.page.get_by_label("Email address").fill(DEMO_FACILITATOR)
        self.page.get_by_label("Password", exact=True).fill("not-the-password")
        self.page.get_by_role("button", name="Sign in").click()

    def then_a_plain_message_says_so(self):
        expect(self.page.get_by_text("The email address or password is not right").first).to_be_visible()
        assert_accessible(self.page)

    def when_they_sign_in(self):
        self.sign_in_as(DEMO_FACILITATOR, DEMO_PASSWORD)

    def then_they_see_their_organisations(self):
        expect(self.page.get_by_role("heading", name="Your organisations")).to_be_visible()
        expect(self.page.get_by_role("link", name="Riverside ICS").first).to_be_visible()
        assert_accessible(self.page)

    def when_they_open_organisations_from_the_header(self):
        self.open_from_the_header("Organisations")

    def then_only_organisations_in_their_reach_are_listed(self):
        expect(self.page.get_by_role("heading", name="Organisations", exact=True)).to_be_visible()
        expect(self.page.get_by_role("link", name="Bridge Street Surgery")).to_be_visible()
        assert self.page.get_by_text("Moorland ICS").count() == 0
        assert_accessible(self.page)

    def when_they_open_their_trust(self):
        self.page.get_by_role("link", name="Riverside Hospitals NHS Foundation Trust").click()

    def then_the_trust_page_shows(self):
        expect(
            self.page.get_by_role("heading", level=1, name="Riverside Hospitals NHS Foundation Trust")
        ).to_be_visible()
        assert_accessible(self.page)

    def and_their_profile_shows_their_name(self):
        self.visit("/account/profile/")
        expect(self.page.get_by_text("Fatima Khan").first).to_be_visible()
        assert_accessible(self.page)

    def when_they_sign_out(self):
        self.visit("/account/sign-out/")
        assert_accessible(self.page)
        self.page.get_by_role("button", name="Sign out").click()

    def then_they_are_back_at_sign_in(self):
        expect(self.page).to_have_url(re.compile(r"/account/sign-in/"))
        expect(self.page.get_by_text("You have signed out")).to_be_visible()
        assert_accessible(self.page)


class TestAcceptingAnInvitation(Journey):
    def test_new_person_accepts_an_invitation(self):
        self.given_a_new_person_has_been_invited_to_trust_a()
        self.when_they_open_the_invitation_link()
        self.then_they_are_asked_to_create_an_account()
        self.when_they_send_the_form_empty()
        self.then_there_is_a_problem()
        self.when_they_give_their_name_and_a_password()
        self.then_they_have_joined_trust_a()
        self.when_they_open_the_invitation_link()
        self.then_it_says_it_has_already_been_used()

    def given_a_new_person_has_been_invited_to_trust_a(self):
        org_actions.ensure_default_roles()
        orgs = hierarchy()
        _, self.token = invitation(orgs["trust_a"], email="new.starter@example.nhs.uk", role_slug="contributor")

    def when_they_open_the_invitation_link(self):
        self.visit(f"/account/invitations/{self.token}/")

    def then_they_are_asked_to_create_an_account(self):
        expect(self.page.get_by_role("heading", name="Create your Lodestar account")).to_be_visible()
        assert_accessible(self.page)

    def when_they_send_the_form_empty(self):
        self.page.get_by_role("button", name="Create account and join").click()

    def then_there_is_a_problem(self):
        expect(self.page.get_by_text("There is a problem")).to_be_visible()
        assert_accessible(self.page)

    def when_they_give_their_name_and_a_password(self):
        self.page.get_by_label("Full name").fill("Nadia Starter")
        self.page.get_by_label("Create a password").fill("meadow-harbour-violet-81")
        self.page.get_by_label("Confirm password").fill("meadow-harbour-violet-81")
        self.page.get_by_role("button", name="Create account and join").click()

    def then_they_have_joined_trust_a(self):
        expect(self.page.get_by_role("heading", level=1, name="Trust A")).to_be_visible()
        expect(self.page.get_by_text("You have joined Trust A")).to_be_visible()
        assert_accessible(self.page)

    def then_it_says_it_has_already_been_used(self):
        expect(self.page.get_by_text("This invitation has already been used")).to_be_visible()
        assert_accessible(self.page)
