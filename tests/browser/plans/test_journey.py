"""From workshop to action plan: a facilitator sets up a workshop, a contributor (in a second
browser) adds a challenge and ratings, the facilitator shortlists, generates the plan, updates
an action, and downloads the workshop report, whose text contains the plan's actions.
Every page is checked with axe."""

from __future__ import annotations

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, page_as, sign_in
from tests.factories import PASSWORD


def _rate(page, title: str, impact: str, effort: str) -> None:
    card = page.locator("section").filter(has_text=title)
    card.locator("fieldset").filter(has_text="Impact").get_by_label(impact, exact=True).check()
    card.locator("fieldset").filter(has_text="Effort").get_by_label(effort, exact=True).check()
    card.get_by_role("button", name=re.compile("Save rating")).click()
    expect(page.get_by_role("alert")).to_contain_text("Your rating is saved")


def test_workshop_to_plan_to_pdf(page, browser, live_server, people):
    # Given the facilitator has set up a workshop and added a contributor
    sign_in(page, live_server, "fran@example.nhs.uk", PASSWORD)
    page.goto(f"{live_server.url}/workshops/")
    page.get_by_role("button", name="Set up a workshop").click()
    page.get_by_label("Title").fill("Community nursing")
    page.get_by_label("Lead organisation").select_option(label="Trust A")
    page.get_by_label("Workforce challenge").fill("We cannot recruit enough registered nurses to community teams.")
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("End date").fill("2027-03-01")
    page.get_by_role("button", name="Set up workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community nursing")
    assert_accessible(page)
    workshop_url = page.url
    page.get_by_role("link", name="Participants").click()
    page.get_by_label("Person").select_option(label="Cal Contributor (cal@example.nhs.uk)")
    page.get_by_role("group", name="Role", exact=True).get_by_label("Contributor").check()
    page.get_by_role("button", name="Add participant").click()
    expect(page.get_by_role("table")).to_contain_text("Cal Contributor")
    assert_accessible(page)

    # When the contributor, in a second browser, adds a challenge, two candidates and ratings
    cpage = page_as(browser, live_server, "cal@example.nhs.uk", PASSWORD)
    cpage.goto(workshop_url)
    assert_accessible(cpage)
    cpage.get_by_role("link", name="Star assessment").click()
    cpage.get_by_role("link", name="Supply").first.click()
    cpage.get_by_label("Challenge", exact=True).check()
    cpage.get_by_label("Your contribution").fill("Experienced nurses leave and few return after a career break.")
    cpage.get_by_role("button", name="Add contribution").click()
    expect(cpage.get_by_role("alert")).to_contain_text("your contribution has been added")
    assert_accessible(cpage)
    cpage.goto(workshop_url)
    cpage.get_by_role("link", name="Candidates").click()
    results = cpage.locator("#search-results")
    for term, title in (("return", "Return to practice"), ("champions", "Change champions")):
        cpage.get_by_label("Search the catalogue").fill(term)
        cpage.get_by_role("button", name="Search").click()
        expect(results).to_contain_text(title)
        results.get_by_role("button", name=re.compile("Add as candidate")).first.click()
        expect(cpage.get_by_role("alert")).to_contain_text(f"Added as a candidate: {title}")
    assert_accessible(cpage)
    cpage.get_by_role("link", name="prioritisation").click()
    _rate(cpage, "Return to practice", "5", "2")
    _rate(cpage, "Change champions", "4", "1")
    assert_accessible(cpage)
    cpage.context.close()

    # And the facilitator rates, shortlists and generates the plan
    page.goto(workshop_url)
    page.get_by_role("link", name="Prioritisation").click()
    _rate(page, "Return to practice", "5", "2")
    _rate(page, "Change champions", "4", "2")
    for title in ("Return to practice", "Change champions"):
        checkbox = page.get_by_role("checkbox", name=title)
        if not checkbox.is_checked():
            checkbox.check()
    page.get_by_role("button", name="Confirm shortlist").click()
    expect(page.get_by_role("alert")).to_contain_text("Shortlist confirmed")
    assert_accessible(page)
    page.get_by_role("button", name="Generate action plan").click()

    # Then the plan lists one action per shortlisted intervention
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan: Community nursing")
    expect(page.get_by_role("alert")).to_contain_text("Action plan created with 2 action(s)")
    table = page.get_by_role("table", name=re.compile("Actions"))
    expect(table).to_contain_text("Return to practice")
    expect(table).to_contain_text("Change champions")
    expect(table).to_contain_text("Not started")
    assert_accessible(page)
    plan_url = page.url

    # When the facilitator gives an action an owner and a status, and adds progress
    page.get_by_role("link", name="Return to practice").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit the action").click()
    assert_accessible(page)
    page.get_by_label("Owner's email address (optional)").fill("cal@example.nhs.uk")
    page.get_by_label("Due date").fill("2027-01-31")  # before the start date: refused
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_role("alert")).to_contain_text("The due date must be on or after the start date")
    assert_accessible(page)
    page.get_by_label("Due date").fill("2027-12-31")
    page.get_by_label("At risk").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_role("alert")).to_contain_text("Action saved")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Cal Contributor")
    page.get_by_label("What has happened").fill("Advert out; two applicants so far.")
    page.get_by_label("Change the status (optional)").select_option(label="On track")
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_role("alert")).to_contain_text("Progress update added")
    expect(page.locator("main")).to_contain_text("Advert out; two applicants so far.")
    assert_accessible(page)
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Milestone", exact=True).fill("First cohort starts")
    page.get_by_role("button", name="Save the milestone").click()
    page.get_by_role("link", name="Add a success measure").click()
    assert_accessible(page)
    page.get_by_label("What you will measure").fill("Nurses returning to practice")
    page.get_by_label("Target (optional)").fill("12")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.locator("#measures ~ table")).to_contain_text("Nurses returning to practice")
    page.get_by_role("link", name="Change history").click()
    expect(page.locator("main")).to_contain_text("Action edited")
    expect(page.locator("main")).to_contain_text("At risk")
    assert_accessible(page)

    # And sees the timeline and the portfolio
    page.goto(plan_url)
    page.get_by_role("link", name="Timeline of the plan").click()
    expect(page.get_by_role("table", name="Actions by start date")).to_contain_text("31 Dec 2027")
    assert_accessible(page)
    page.goto(f"{live_server.url}/plans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plans")
    page.get_by_label("Star point").select_option(label="Leadership")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("table", name=re.compile("Actions"))).to_contain_text("Change champions")
    expect(page.get_by_role("table", name=re.compile("Actions"))).not_to_contain_text("Return to practice")
    assert_accessible(page)

    # And downloads the workshop report, whose text contains the plan's actions
    page.goto(plan_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the workshop report (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(fh.read())).pages)
    for expected in ("Community nursing", "Return to practice", "Change champions", "few return after a career break"):
        assert expected in text, expected

    # And the owner finds the action in "My actions"; an ICS viewer sees the plan but cannot edit it
    opage = page_as(browser, live_server, "cal@example.nhs.uk", PASSWORD)
    opage.goto(f"{live_server.url}/plans/my-actions/")
    expect(opage.get_by_role("table")).to_contain_text("Return to practice")
    expect(opage.get_by_role("table")).not_to_contain_text("Change champions")
    assert_accessible(opage)
    opage.context.close()
    vpage = page_as(browser, live_server, "ira@example.nhs.uk", PASSWORD)
    vpage.goto(plan_url)
    expect(vpage.get_by_role("heading", level=1)).to_have_text("Action plan: Community nursing")
    expect(vpage.get_by_role("link", name="Add an action")).to_have_count(0)
    assert_accessible(vpage)
    vpage.context.close()
