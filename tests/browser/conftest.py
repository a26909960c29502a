"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

Requests to assets.nhs.uk (the NHS fonts) are blocked so tests never leave the machine.
Use ``assert_accessible(page)`` after each step of a journey.
"""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; Django's live server
# and test database set-up are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
BLOCKED = re.compile(r"^https?://([a-z0-9-]+\.)*assets\.nhs\.uk/")

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _prepare(context):
    context.route(BLOCKED, lambda route: route.abort())
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context(context):
    return _prepare(context)


def page_as(browser, live_server, email: str, password: str):
    """A page in a browser context of its own (its own cookies: a second person at another
    computer), signed in as ``email``. Close it with ``page.context.close()``."""
    page = _prepare(browser.new_context()).new_page()
    sign_in(page, live_server, email, password)
    return page


_axe = Axe()


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core (WCAG 2.2 A/AA) violation on the current page."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}},
    )
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"Accessibility violations on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )


def fits_the_screen(page) -> bool:
    """True when the page does not scroll sideways.

    Waits first for the NHS.UK header script to fold the navigation into its "More" menu:
    until then a narrow screen shows every item in one row, and a loaded machine can be
    caught in that moment.
    """
    page.wait_for_function(
        "!document.body.classList.contains('nhsuk-frontend-supported')"
        " || document.querySelector('[data-module=nhsuk-header][data-nhsuk-header-init]') !== null"
    )
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def people(transactional_db):
    """A trust with a facilitator and a contributor, an ICS viewer above it, and two catalogue
    interventions the Star workshop journeys search for."""
    from tests.factories import hierarchy, member
    from tests.factories.workshops import InterventionFactory, star_point, star_points

    orgs = hierarchy()
    star_points()
    InterventionFactory(
        code="supply-return-to-practice",
        title="Return to practice",
        summary="Bring back registered nurses whose registration has lapsed.",
        staff_groups=["registered-nurses"],
        care_settings=["community"],
        time_to_impact="6-12-months",
    )
    InterventionFactory(
        code="lead-change-champions",
        point=star_point("leadership"),
        title="Change champions",
        summary="Name champions in each team to lead change.",
        time_to_impact="under-6-months",
    )
    return {
        "facilitator": member(
            orgs["trust_a"], "facilitator", full_name="Fran Facilitator", email="fran@example.nhs.uk"
        ),
        "contributor": member(orgs["trust_a"], "contributor", full_name="Cal Contributor", email="cal@example.nhs.uk"),
        "ics_viewer": member(orgs["ics_a"], "viewer", full_name="Ira Viewer", email="ira@example.nhs.uk"),
    }
