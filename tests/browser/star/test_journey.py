"""A facilitator opens the Star, follows a point, filters its interventions and opens one."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

DEMO_FACILITATOR = "facilitator@demo.lodestar.test"
DEMO_PASSWORD = "lodestar-demo-2026"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_data", stdout=StringIO())


def test_facilitator_browses_filters_and_opens_an_intervention(page, live_server, demo):
    # Given the demo facilitator has signed in
    sign_in(page, live_server, DEMO_FACILITATOR, DEMO_PASSWORD)
    assert_accessible(page)

    # When they open the Star from the navigation
    page.get_by_role("link", name="The Star", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The workforce transformation Star")
    graphic = page.locator("svg.lodestar-star__graphic")
    expect(graphic.locator("a")).to_have_count(5)
    expect(page.locator(".lodestar-star-points > li")).to_have_count(5)
    assert_accessible(page)

    # And follow the New roles point of the graphic
    point = graphic.get_by_role("link", name=re.compile(r"^New roles: \d+ interventions$"))
    point.locator(".lodestar-star__label").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New roles")
    count = page.locator("#results-count")
    before = count.inner_text()
    assert re.fullmatch(r"\d+ interventions", before)
    assert_accessible(page)

    # And filter by a staff group
    page.get_by_label("Staff group").select_option(label="Pharmacists and pharmacy technicians")
    page.get_by_role("button", name="Apply filters").click()
    expect(count).to_have_text("1 intervention match your filters")
    assert count.inner_text() != before
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    assert_accessible(page)

    # Then they can open the intervention and read its modelled effect
    page.get_by_role("link", name="Clinical pharmacist in primary care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinical pharmacist in primary care")
    expect(page.get_by_role("heading", name="Modelled effect")).to_be_visible()
    expect(page.locator("dd").filter(has_text="Pharmacists and pharmacy technicians")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Adds pharmacists and pharmacy technicians each year"))).to_be_visible()
    assert_accessible(page)


def test_star_points_can_be_reached_and_seen_with_the_keyboard(page, live_server, demo):
    sign_in(page, live_server, DEMO_FACILITATOR, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/star/")
    first = page.locator("svg.lodestar-star__graphic a").first
    first.focus()
    polygon = first.locator("polygon")
    # The focused point changes colour and gains the NHS yellow focus outline.
    expect(polygon).to_have_css("stroke", "rgb(255, 235, 59)")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supply")
    assert_accessible(page)


def test_facilitator_adds_a_local_intervention(page, live_server, demo):
    sign_in(page, live_server, DEMO_FACILITATOR, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/star/")
    page.get_by_role("link", name="Add a local intervention").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a local intervention")
    assert_accessible(page)

    # A form with mistakes is sent back with the problems named.
    page.get_by_role("button", name="Add intervention").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Organisation").select_option(index=1)
    page.get_by_label("Title").fill("Buddy scheme for new starters")
    page.get_by_label("Summary").fill("Every new starter is paired with an experienced colleague for six months.")
    page.get_by_label("Description").fill("A simple buddy scheme. It suits teams with many new starters.")
    page.get_by_label("Star point").select_option(label="Supply")
    page.get_by_label("Healthcare support workers").check()
    page.get_by_label("Community health").check()
    page.get_by_label("Emerging: local evaluation").check()
    page.get_by_label("Under 6 months").check()
    page.get_by_label("Low: under £50,000").check()
    page.get_by_label("Modelled effect").select_option(value="leaver_rate_change")
    page.get_by_label("Smallest likely effect, in per cent").fill("0.5")
    page.get_by_label("Most likely effect, in per cent").fill("2")
    page.get_by_label("Largest likely effect, in per cent").fill("4")
    page.get_by_label("Years to reach full effect").fill("1")
    page.get_by_role("button", name="Add intervention").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Buddy scheme for new starters")
    expect(page.get_by_text("Reduces the leaver rate by 0.5% to 4%, most likely 2%")).to_be_visible()
    assert_accessible(page)
