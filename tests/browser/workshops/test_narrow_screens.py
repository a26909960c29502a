"""Every workshop and plan page fits a 390px phone screen: no sideways scrolling of the page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, fits_the_screen, sign_in


@pytest.fixture
def demo(transactional_db):
    from lodestar.accounts import demo as accounts_demo
    from lodestar.orgs import demo as orgs_demo
    from lodestar.plans import demo as plans_demo
    from lodestar.star import demo as star_demo
    from lodestar.workshops import demo as workshops_demo

    orgs = orgs_demo.load()
    accounts_demo.load(orgs)
    star_demo.load()
    workshop = workshops_demo.load()
    plan = plans_demo.load()
    return workshop, plan


def test_workshop_and_plan_pages_fit_a_phone_screen(page, live_server, demo):
    workshop, plan = demo
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server, "facilitator@demo.lodestar.test", "lodestar-demo-2026")
    too_wide = []
    for path in [
        "/workshops/",
        f"/workshops/{workshop.pk}/",
        f"/workshops/{workshop.pk}/participants/",
        f"/workshops/{workshop.pk}/evidence/",
        f"/workshops/{workshop.pk}/assessment/",
        f"/workshops/{workshop.pk}/prioritisation/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/timeline/",
    ]:
        page.goto(f"{live_server.url}{path}")
        if not fits_the_screen(page):
            too_wide.append(path)
    assert too_wide == [], f"these pages scroll sideways on a 390px screen: {too_wide}"
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/participants/")
    assert page.get_by_text("sam.carter@carers.demo.lodestar.test").is_visible()
    assert_accessible(page)
