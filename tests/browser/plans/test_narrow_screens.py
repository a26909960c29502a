"""The 'someone else saved first' page fits a 390px phone screen."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import (
    DEMO_CONTRIBUTOR,
    DEMO_FACILITATOR,
    DEMO_PASSWORD,
    Journey,
    assert_accessible,
    fits_the_screen,
)

NEW_TITLE = "Nursing associates for every community team"


class TestConflictOnAPhone(Journey):
    def test_conflict_table_fits_a_phone_screen(self, demo_workshop_and_plan):
        _, plan = demo_workshop_and_plan
        self.given_the_demo_facilitator_is_editing_an_action_on_a_phone(plan)
        self.and_someone_else_saves_the_action_while_the_form_is_open()
        self.when_the_facilitator_saves_their_change()
        self.then_they_are_told_their_changes_were_not_saved_and_see_the_other_change()
        self.and_the_conflict_table_fits_the_screen()

    def given_the_demo_facilitator_is_editing_an_action_on_a_phone(self, plan):
        self.action = plan.actions.order_by("priority_rank").first()
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.sign_in_as(DEMO_FACILITATOR, DEMO_PASSWORD)
        self.visit(f"/plans/actions/{self.action.pk}/edit/")

    def and_someone_else_saves_the_action_while_the_form_is_open(self):
        from lodestar.accounts.models import User
        from lodestar.plans import actions as plan_actions

        self.action.refresh_from_db()
        plan_actions.update_action(
            actor=User.objects.get(email=DEMO_CONTRIBUTOR),
            action=self.action,
            expected_version=self.action.version,
            changes={"title": NEW_TITLE},
        )

    def when_the_facilitator_saves_their_change(self):
        self.page.get_by_label("Description (optional)").fill("My change")
        self.page.get_by_role("button", name="Save the action").click()

    def then_they_are_told_their_changes_were_not_saved_and_see_the_other_change(self):
        expect(self.page.get_by_text("Your changes were not saved")).to_be_visible()
        expect(self.page.get_by_text(NEW_TITLE).first).to_be_visible()

    def and_the_conflict_table_fits_the_screen(self):
        assert fits_the_screen(self.page), "the conflict table is wider than a 390px screen"
        assert_accessible(self.page)
