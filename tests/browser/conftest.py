"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

Requests to assets.nhs.uk (the NHS fonts) are blocked so tests never leave the machine.
A journey is a class derived from ``Journey``: each test method is a list of given/when/then
steps, each step a small method, and ``assert_accessible(page)`` runs on every page the
journey lands on (see TESTING.md).
"""

from __future__ import annotations

import os
import re
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's live server
# and test database set-up are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
DEMO_FACILITATOR = "facilitator@demo.lodestar.test"
DEMO_CONTRIBUTOR = "contributor@demo.lodestar.test"
DEMO_PASSWORD = "lodestar-demo-2026"
BLOCKED = re.compile(r"^https?://([a-z0-9-]+\.)*assets\.nhs\.uk/")

pytestmark = pytest.mark.browser


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, handling one request at a time when its threads share the test thread's
    database connection (SQLite in memory). Two browsers at once, one polling while the other
    saves, otherwise interleave on that one connection: "cannot start a transaction within a
    transaction". Each connection keeps its own thread (keep-alive still works); only the
    application call and its response body are serialised. PostgreSQL shares nothing and is
    left concurrent."""

    _lock = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)

        def serialised(environ, start_response):
            with self._lock:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    if hasattr(result, "close"):
                        result.close()

        return super().set_app(serialised)


LiveServerThread.server_class = _OneRequestAtATime


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


_axe = Axe()


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core (WCAG 2.2 A/AA) violation on the current page.

    axe is JavaScript: in a browser with JavaScript off (``new_browser(java_script_enabled=False)``)
    it can never run, and Playwright waits for it forever. There the page's HTML, as that browser
    has it, is checked in a scratch browser with JavaScript on (its scripts removed, its styles
    loaded from the live server), so the no-JavaScript journey is checked as it looked."""
    if getattr(page, "lodestar_no_javascript", False):
        scratch = page.context.browser.new_context()
        try:
            copy = _prepare(scratch).new_page()
            html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
            copy.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
            _assert_no_violations(copy, page.url)
        finally:
            scratch.close()
        return
    _assert_no_violations(page, page.url)


_AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
# What Chromium says when axe starts on a document that a navigation is replacing.
_MID_NAVIGATION = ("reading 'documentElement'", "Execution context was destroyed")


def _run_axe(page):
    """axe on the page once it has loaded. A click on a link returns as the navigation starts,
    so axe can start on the old document as it is torn down: then it waits for the new one and
    runs again (at most twice more), rather than fail a journey on timing."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page, options=_AXE_OPTIONS)
        except PlaywrightError as error:
            if attempt == 2 or not any(words in str(error) for words in _MID_NAVIGATION):
                raise


def _assert_no_violations(page, url: str) -> None:
    results = _run_axe(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"Accessibility violations on {url}:\n" + "\n".join(
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


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into the NHS.UK date input whose legend is ``legend`` (day, month, year boxes)."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


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


@pytest.fixture
def demo_data(transactional_db):
    """The demo data set, loaded the way a developer loads it (``manage.py load_demo_data``)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_data", stdout=StringIO())


@pytest.fixture
def demo_workshop_and_plan(transactional_db):
    """The demo organisations, people, Star, workshop and plan, loaded directly; returns
    ``(workshop, plan)``."""
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


class Journey:
    """A browser journey written as given/when/then steps.

    The test method reads as the list of steps; each step is a small method that acts through
    ``self.page`` (the first person's browser) and checks what a person would see, ending with
    ``assert_accessible`` when it lands on a page. A second person at another computer gets a
    page of their own from ``self.second_browser(email)``; it is closed when the test ends.
    """

    @pytest.fixture(autouse=True)
    def _journey(self, page, browser, live_server):
        self.page = page
        self.browser = browser
        self.live_server = live_server
        self._others = []
        yield
        for other in self._others:
            other.context.close()

    def url(self, path: str) -> str:
        return f"{self.live_server.url}{path}"

    def visit(self, path: str) -> None:
        self.page.goto(self.url(path))

    def sign_in_as(self, email: str, password: str = PASSWORD) -> None:
        sign_in(self.page, self.live_server, email, password)

    def open_from_the_header(self, name: str) -> None:
        """Follow a link in the header's menu, opening "More" first when the menu has folded
        that link into it (as the NHS.UK header does when its items do not fit on one line)."""
        banner = self.page.get_by_role("banner")
        link = banner.get_by_role("link", name=name, exact=True)
        if not link.first.is_visible():
            banner.get_by_role("button", name=re.compile("More")).click()
        link.filter(visible=True).first.click()

    def new_browser(self, **context_options):
        """A page in a browser context of its own (its own cookies, assets.nhs.uk blocked)."""
        other = _prepare(self.browser.new_context(**context_options)).new_page()
        other.lodestar_no_javascript = context_options.get("java_script_enabled") is False
        self._others.append(other)
        return other

    def second_browser(self, email: str, password: str = PASSWORD):
        """A second person at another computer: a page of their own, signed in as ``email``."""
        other = self.new_browser()
        sign_in(other, self.live_server, email, password)
        return other

    def close(self, other) -> None:
        """Close a second person's browser once their part of the journey is over."""
        self._others.remove(other)
        other.context.close()


class WorkshopSteps:
    """Steps shared by the workshop and the workshop-to-plan journeys (with the ``people`` fixture)."""

    def fill_in_the_workshop_form(self, end_date: str) -> None:
        """``end_date`` as typed into the boxes: "1 3 2027"."""
        page = self.page
        page.get_by_label("Title").fill("Community nursing")
        page.get_by_label("Lead organisation").select_option(label="Trust A")
        page.get_by_label("Workforce challenge").fill("We cannot recruit enough registered nurses to community teams.")
        fill_date(page, "Start date", "1", "3", "2027")
        fill_date(page, "End date", *end_date.split())

    def and_they_add_cal_as_a_contributor(self) -> None:
        page = self.page
        page.get_by_role("link", name="Participants").click()
        page.get_by_label("Person").select_option(label="Cal Contributor (cal@example.nhs.uk)")
        page.get_by_role("group", name="Role", exact=True).get_by_label("Contributor").check()
        page.get_by_role("button", name="Add participant").click()
        expect(page.get_by_role("table")).to_contain_text("Cal Contributor")
        assert_accessible(page)

    @staticmethod
    def add_a_challenge(page, text: str) -> None:
        """On a Star point's page: add a challenge as a contribution."""
        page.get_by_label("Challenge", exact=True).check()
        page.get_by_label("Your contribution").fill(text)
        page.get_by_role("button", name="Add contribution").click()
        expect(page.get_by_role("alert")).to_contain_text("your contribution has been added")
        assert_accessible(page)

    @staticmethod
    def search_the_catalogue(page, term: str, finds: str) -> None:
        """On the candidates page: search with the Search button (no typing-ahead needed)."""
        page.get_by_label("Search the catalogue").fill(term)
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#search-results")).to_contain_text(finds)

    @staticmethod
    def add_the_first_result_as_a_candidate(page, title: str) -> None:
        page.locator("#search-results").get_by_role("button", name=re.compile("Add as candidate")).first.click()
        expect(page.get_by_role("alert")).to_contain_text(f"Added as a candidate: {title}")

    @staticmethod
    def rate(page, title: str, impact: str, effort: str) -> None:
        """On the prioritisation page: rate one candidate's impact and effort and save the page's ratings."""
        card = page.locator("section").filter(has_text=title)
        card.locator("fieldset").filter(has_text="Impact").get_by_label(impact, exact=True).check()
        card.locator("fieldset").filter(has_text="Effort").get_by_label(effort, exact=True).check()
        page.get_by_role("button", name="Save all ratings").click()
        expect(page.get_by_role("alert")).to_contain_text("Your ratings are saved")
