"""A facilitator sets up a workshop and adds a contributor; the contributor (in their own
browser) adds a challenge and ratings; the facilitator sees the aggregate and confirms the
shortlist. Every page is checked with axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, page_as, sign_in
from tests.factories import PASSWORD


def test_workshop_from_set_up_to_confirmed_shortlist(page, browser, live_server, people):
    # Given the facilitator has signed in
    sign_in(page, live_server, "fran@example.nhs.uk", PASSWORD)
    page.goto(f"{live_server.url}/workshops/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your workshops")
    assert_accessible(page)

    # When they set up a workshop
    page.get_by_role("button", name="Set up a workshop").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Community nursing")
    page.get_by_label("Lead organisation").select_option(label="Trust A")
    page.get_by_label("Workforce challenge").fill("We cannot recruit enough registered nurses to community teams.")
    page.get_by_label("Registered nurses").check()
    page.get_by_label("Community health").check()
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("End date").fill("2027-02-01")
    page.get_by_role("button", name="Set up workshop").click()
    expect(page.get_by_role("alert")).to_contain_text("The end date must be the same as or after the start date")
    assert_accessible(page)
    page.get_by_label("End date").fill("2027-03-01")
    page.get_by_role("button", name="Set up workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community nursing")
    expect(page.locator(".nhsuk-task-list")).to_contain_text("Star assessment")
    assert_accessible(page)
    workshop_url = page.url

    # And add the contributor
    page.get_by_role("link", name="Participants").click()
    page.get_by_label("Person").select_option(label="Cal Contributor (cal@example.nhs.uk)")
    page.get_by_role("group", name="Role", exact=True).get_by_label("Contributor").check()
    page.get_by_role("button", name="Add participant").click()
    expect(page.get_by_role("table")).to_contain_text("Cal Contributor")
    assert_accessible(page)

    # And score the Supply point
    page.goto(workshop_url)
    page.get_by_role("link", name="Star assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name="Supply").first.click()
    page.locator("fieldset").filter(has_text="Where are we now?").get_by_label("2 - Early steps").check()
    page.locator("fieldset").filter(has_text="Where do we want to be?").get_by_label("4 - Established").check()
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_role("alert")).to_contain_text("Scores saved for Supply")
    assert_accessible(page)

    # Then the contributor, in their own browser, adds a challenge, a candidate and ratings
    cpage = page_as(browser, live_server, "cal@example.nhs.uk", PASSWORD)
    cpage.goto(f"{live_server.url}/workshops/")
    cpage.get_by_role("link", name="Community nursing").click()
    assert_accessible(cpage)
    cpage.get_by_role("link", name="Star assessment").click()
    cpage.get_by_role("link", name="Supply").first.click()
    expect(cpage.get_by_role("button", name="Save scores")).to_have_count(0)
    cpage.get_by_label("Challenge", exact=True).check()
    cpage.get_by_label("Your contribution").fill("Experienced nurses are leaving and few return after a career break.")
    cpage.get_by_role("button", name="Add contribution").click()
    expect(cpage.get_by_role("alert")).to_contain_text("your contribution has been added")
    assert_accessible(cpage)

    cpage.goto(workshop_url)
    cpage.get_by_role("link", name="Candidates").click()
    assert_accessible(cpage)
    # With JavaScript (HTMX), results appear as you type...
    cpage.get_by_label("Search the catalogue").press_sequentially("champions")
    results = cpage.locator("#search-results")
    expect(results).to_contain_text("Change champions")
    assert "q=champions" in cpage.url
    # ...and the Search button still works.
    cpage.get_by_label("Search the catalogue").fill("return")
    cpage.get_by_role("button", name="Search").click()
    expect(results).to_contain_text("Return to practice")
    assert_accessible(cpage)
    results.get_by_role("button", name=re.compile("Add as candidate")).first.click()
    expect(cpage.get_by_role("alert")).to_contain_text("Added as a candidate: Return to practice")
    assert_accessible(cpage)

    cpage.get_by_role("link", name="prioritisation").click()
    card = cpage.locator("section").filter(has_text="Return to practice")
    card.locator("fieldset").filter(has_text="Impact").get_by_label("4").check()
    card.locator("fieldset").filter(has_text="Effort").get_by_label("2").check()
    card.get_by_role("button", name=re.compile("Save rating")).click()
    expect(cpage.get_by_role("alert")).to_contain_text("Your rating is saved")
    expect(cpage.get_by_role("button", name="Confirm shortlist")).to_have_count(0)
    assert_accessible(cpage)
    cpage.context.close()

    # And the facilitator rates too, sees the aggregate and confirms the shortlist
    page.goto(workshop_url)
    page.get_by_role("link", name="Prioritisation").click()
    card = page.locator("section").filter(has_text="Return to practice")
    card.locator("fieldset").filter(has_text="Impact").get_by_label("5").check()
    card.locator("fieldset").filter(has_text="Effort").get_by_label("1").check()
    card.get_by_role("button", name=re.compile("Save rating")).click()
    ranked = page.locator("table.lodestar-ranked")
    expect(ranked).to_contain_text("4.5")
    expect(ranked).to_contain_text("Quick wins")
    matrix = page.locator("table.lodestar-matrix")
    expect(matrix.locator(".lodestar-matrix__cell--quick_win")).to_contain_text("Return to practice")
    assert_accessible(page)
    expect(page.get_by_role("checkbox", name="Return to practice")).to_be_checked()
    page.get_by_role("button", name="Confirm shortlist").click()
    expect(page.get_by_role("alert")).to_contain_text("Shortlist confirmed: 1 candidates")
    expect(page.locator("#shortlist ~ ol")).to_contain_text("Return to practice")
    assert_accessible(page)
