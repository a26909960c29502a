"""API tokens journey and the API documentation page in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, hierarchy, member


@pytest.fixture
def person(transactional_db):
    orgs = hierarchy()
    return member(orgs["trust_a"], "viewer", email="token.user@example.nhs.uk")


def test_create_copy_and_revoke_a_token(page, live_server, person):
    sign_in(page, live_server, person.email, PASSWORD)
    page.goto(f"{live_server.url}/account/api-tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create an API token").click()
    page.get_by_role("button", name="Create token").click()  # no name: an error, nothing made
    expect(page.get_by_role("link", name="Enter a name for the token")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Token name").fill("Workforce dashboard")
    page.get_by_label("In 30 days").check()
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text("Copy your token now")).to_be_visible()
    token = page.locator("#api-token").inner_text()
    assert re.fullmatch(r"lds_[A-Za-z0-9]{8}_[-_A-Za-z0-9]{43}", token)
    assert_accessible(page)

    page.get_by_role("button", name="I have copied my token").click()
    row = page.get_by_role("row", name=re.compile("Workforce dashboard"))
    expect(row).to_contain_text(token[:13])
    expect(row).not_to_contain_text(token[13:])
    expect(row).to_contain_text("Active")

    response = page.request.get(f"{live_server.url}/api/v1/organisations", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200 and response.json()["items"][0]["name"] == "Trust A"

    row.get_by_role("link", name=re.compile("Revoke")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("has been revoked")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Workforce dashboard"))).to_contain_text("Revoked")
    assert_accessible(page)

    response = page.request.get(f"{live_server.url}/api/v1/organisations", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 401


def test_api_documentation_renders_offline_under_the_csp(page, live_server, transactional_db):
    violations, outside = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_role("heading", name=re.compile("Lodestar API"))).to_be_visible()
    expect(page.get_by_text("/api/v1/organisations/{id}")).to_be_visible()
    assert violations == []
    assert [u for u in outside if not u.startswith("data:")] == []
