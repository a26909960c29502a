"""Email settings and the unsubscribe link in Chromium, with an axe check on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible


@pytest.mark.usefixtures("people")
class TestEmailSettings(Journey):
    def test_cal_turns_one_email_off_in_settings_and_another_from_its_link(self):
        self.given_cal_has_signed_in_and_opened_his_profile()
        self.when_he_follows_the_link_to_email_settings()
        self.then_every_email_is_on()
        self.when_he_turns_off_overdue_reminders()
        self.then_his_settings_are_saved_with_that_one_off()
        self.when_someone_signed_out_opens_the_stop_link_of_a_due_soon_email()
        self.then_they_are_asked_before_anything_changes()
        self.when_they_confirm()
        self.then_due_soon_emails_have_stopped()
        self.and_cals_settings_show_both_off()

    def given_cal_has_signed_in_and_opened_his_profile(self):
        self.sign_in_as("cal@example.nhs.uk")
        self.visit("/account/profile/")
        assert_accessible(self.page)

    def when_he_follows_the_link_to_email_settings(self):
        self.page.get_by_role("link", name="Email settings").click()

    def box(self, page, label):
        return page.get_by_role("checkbox", name=label)

    def then_every_email_is_on(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Email settings")
        from lodestar.notifications.models import NotificationKind

        boxes = self.page.get_by_role("checkbox")
        expect(boxes).to_have_count(len(NotificationKind))
        for i in range(len(NotificationKind)):
            expect(boxes.nth(i)).to_be_checked()
        assert_accessible(self.page)

    def when_he_turns_off_overdue_reminders(self):
        self.box(self.page, "An action you own is overdue").uncheck()
        self.page.get_by_role("button", name="Save email settings").click()

    def then_his_settings_are_saved_with_that_one_off(self):
        expect(self.page.get_by_text("Your email settings have been saved.")).to_be_visible()
        expect(self.box(self.page, "An action you own is overdue")).not_to_be_checked()
        expect(self.box(self.page, "An action you own is due soon")).to_be_checked()
        assert_accessible(self.page)

    def when_someone_signed_out_opens_the_stop_link_of_a_due_soon_email(self):
        from lodestar.accounts.models import User
        from lodestar.notifications.delivery import unsubscribe_token

        cal = User.objects.get(email="cal@example.nhs.uk")
        self.other = self.new_browser()
        self.other.goto(self.url(f"/notifications/unsubscribe/{unsubscribe_token(cal, 'due_soon')}/"))

    def then_they_are_asked_before_anything_changes(self):
        expect(self.other.get_by_role("heading", level=1)).to_have_text("Stop these emails?")
        expect(self.other.get_by_text("An action you own is due soon")).to_be_visible()
        assert_accessible(self.other)

    def when_they_confirm(self):
        self.other.get_by_role("button", name="Stop these emails").click()

    def then_due_soon_emails_have_stopped(self):
        expect(self.other.get_by_role("heading", level=1)).to_have_text("These emails have stopped")
        assert_accessible(self.other)

    def and_cals_settings_show_both_off(self):
        self.page.reload()
        expect(self.box(self.page, "An action you own is due soon")).not_to_be_checked()
        expect(self.box(self.page, "An action you own is overdue")).not_to_be_checked()
        expect(self.box(self.page, "You are made the owner of an action")).to_be_checked()
        assert_accessible(self.page)
