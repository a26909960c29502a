"""The 'someone else saved first' page fits a 390px phone screen."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, fits_the_screen, sign_in
from tests.browser.workshops.test_narrow_screens import demo  # noqa: F401 - the demo fixture


def test_conflict_table_fits_a_phone_screen(page, live_server, demo):  # noqa: F811
    from lodestar.accounts.models import User
    from lodestar.plans import actions as plan_actions

    _, plan = demo
    action = plan.actions.order_by("priority_rank").first()
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server, "facilitator@demo.lodestar.test", "lodestar-demo-2026")
    page.goto(f"{live_server.url}/plans/actions/{action.pk}/edit/")
    # Someone else saves while this form is open.
    action.refresh_from_db()
    plan_actions.update_action(
        actor=User.objects.get(email="contributor@demo.lodestar.test"),
        action=action,
        expected_version=action.version,
        changes={"title": "Nursing associates for every community team"},
    )
    page.get_by_label("Description (optional)").fill("My change")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Your changes were not saved")).to_be_visible()
    expect(page.get_by_text("Nursing associates for every community team").first).to_be_visible()
    assert fits_the_screen(page), "the conflict table is wider than a 390px screen"
    assert_accessible(page)
