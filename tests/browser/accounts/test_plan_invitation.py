"""An action owner outside Lodestar (ADR 0024): invited from the action form, they create an
account from the emailed link and see the plan with their action. axe-core checks every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date
from tests.factories.plans import ActionPlanFactory

pytestmark = pytest.mark.django_db(transaction=True)

OUTSIDER = "olu.outside@council.example.org"
PASSWORD = "meadow-harbour-violet-81"


@pytest.mark.usefixtures("people")
class TestInvitingAnOwnerFromOutsideLodestar(Journey):
    def test_an_outside_owner_is_invited_accepts_and_sees_the_plan(self):
        self.given_cal_has_signed_in_and_opened_a_plan()
        self.when_he_adds_an_action_owned_by_someone_without_an_account()
        self.then_the_form_offers_to_invite_them()
        self.when_he_ticks_invite_and_adds_the_action()
        self.then_the_action_is_added_and_the_invitation_sent()
        self.when_the_owner_opens_the_link_in_the_email()
        self.then_they_are_asked_to_create_an_account_for_the_plan()
        self.when_they_create_their_account()
        self.then_they_see_the_plan_and_their_action()
        self.and_they_can_record_progress_on_their_action()

    def given_cal_has_signed_in_and_opened_a_plan(self):
        from lodestar.orgs.models import Organisation

        self.plan = ActionPlanFactory(organisation=Organisation.objects.get(name="Trust A"), title="Ward staffing")
        self.sign_in_as("cal@example.nhs.uk")
        self.visit(f"/plans/{self.plan.pk}/")
        assert_accessible(self.page)

    def when_he_adds_an_action_owned_by_someone_without_an_account(self):
        page = self.page
        page.get_by_role("link", name="Add an action").first.click()
        assert_accessible(page)
        page.get_by_label("Title").fill("Run a rota clinic")
        page.get_by_label("Star point").select_option(label="Supply")
        page.get_by_label("Owner's email address (optional)").fill(OUTSIDER)
        page.get_by_label("Owner's name (optional)").fill("Olu Outside")
        fill_date(page, "Due date", "31", "3", "2027")
        page.get_by_role("button", name="Add the action").click()

    def then_the_form_offers_to_invite_them(self):
        expect(self.page.get_by_role("alert")).to_contain_text("No one uses Lodestar with that email address")
        expect(self.page.get_by_label("Invite this person to see this plan")).to_be_visible()
        assert_accessible(self.page)

    def when_he_ticks_invite_and_adds_the_action(self):
        self.page.get_by_label("Invite this person to see this plan").check()
        self.page.get_by_role("button", name="Add the action").click()

    def then_the_action_is_added_and_the_invitation_sent(self):
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Run a rota clinic")
        expect(self.page.get_by_text(f"Invitation to see this plan sent to {OUTSIDER}")).to_be_visible()
        assert_accessible(self.page)
        [message] = mail.outbox
        assert message.to == [OUTSIDER]
        self.link = re.search(r"https?://\S+/account/plan-invitations/\S+/", message.body).group(0)

    def when_the_owner_opens_the_link_in_the_email(self):
        self.owner = self.new_browser()
        self.owner.goto(self.link)

    def then_they_are_asked_to_create_an_account_for_the_plan(self):
        page = self.owner
        expect(page.get_by_role("heading", name="Create your Lodestar account")).to_be_visible()
        expect(page.get_by_text("You have been invited to see the action plan")).to_contain_text("Ward staffing")
        assert_accessible(page)

    def when_they_create_their_account(self):
        page = self.owner
        page.get_by_label("Full name").fill("Olu Outside")
        page.get_by_label("Create a password").fill(PASSWORD)
        page.get_by_label("Confirm password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()

    def then_they_see_the_plan_and_their_action(self):
        page = self.owner
        expect(page.get_by_role("heading", level=1)).to_contain_text("Ward staffing")
        expect(page.get_by_text("You can now see the action plan Ward staffing")).to_be_visible()
        expect(page.get_by_role("link", name="Run a rota clinic")).to_be_visible()
        assert_accessible(page)

    def and_they_can_record_progress_on_their_action(self):
        page = self.owner
        page.get_by_role("link", name="Run a rota clinic").click()
        expect(page.get_by_text("Olu Outside").first).to_be_visible()
        assert_accessible(page)
        page.get_by_label("What has happened").fill("Clinic booked for the first week of January.")
        page.get_by_role("button", name="Add update").click()
        expect(page.get_by_text("Progress update added")).to_be_visible()
        expect(page.get_by_text("Clinic booked for the first week of January.")).to_be_visible()
        assert_accessible(page)
