"""API tokens journey and the API documentation page in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible
from tests.factories import hierarchy, member

TOKEN_NAME = "Workforce dashboard"


@pytest.fixture
def person(transactional_db):
    orgs = hierarchy()
    return member(orgs["trust_a"], "viewer", email="token.user@example.nhs.uk")


class TestApiTokens(Journey):
    def test_create_copy_and_revoke_a_token(self, person):
        self.given_a_person_with_no_api_tokens(person)
        self.when_they_create_a_token_without_a_name()
        self.then_they_are_asked_for_a_name()
        self.when_they_name_it_and_choose_30_days()
        self.then_the_token_is_shown_once_to_copy()
        self.when_they_say_they_have_copied_it()
        self.then_the_list_shows_only_its_start_and_that_it_is_active()
        self.and_the_token_opens_the_api()
        self.when_they_revoke_it()
        self.then_the_list_shows_it_revoked()
        self.and_the_api_refuses_the_token()

    def given_a_person_with_no_api_tokens(self, person):
        self.sign_in_as(person.email)
        self.visit("/account/api-tokens/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("API tokens")
        expect(self.page.get_by_text("You have no API tokens.")).to_be_visible()
        assert_accessible(self.page)

    def when_they_create_a_token_without_a_name(self):
        self.page.get_by_role("button", name="Create an API token").click()
        self.page.get_by_role("button", name="Create token").click()

    def then_they_are_asked_for_a_name(self):
        expect(self.page.get_by_role("link", name="Enter a name for the token")).to_be_visible()
        assert_accessible(self.page)

    def when_they_name_it_and_choose_30_days(self):
        self.page.get_by_label("Token name").fill(TOKEN_NAME)
        self.page.get_by_label("In 30 days").check()
        self.page.get_by_role("button", name="Create token").click()

    def then_the_token_is_shown_once_to_copy(self):
        expect(self.page.get_by_text("Copy your token now")).to_be_visible()
        self.token = self.page.locator("#api-token").inner_text()
        assert re.fullmatch(r"lds_[A-Za-z0-9]{8}_[-_A-Za-z0-9]{43}", self.token)
        assert_accessible(self.page)

    def when_they_say_they_have_copied_it(self):
        self.page.get_by_role("button", name="I have copied my token").click()

    @property
    def row(self):
        return self.page.get_by_role("row", name=re.compile(TOKEN_NAME))

    def then_the_list_shows_only_its_start_and_that_it_is_active(self):
        expect(self.row).to_contain_text(self.token[:13])
        expect(self.row).not_to_contain_text(self.token[13:])
        expect(self.row).to_contain_text("Active")

    def call_the_api(self):
        return self.page.request.get(
            self.url("/api/v1/organisations"), headers={"Authorization": f"Bearer {self.token}"}
        )

    def and_the_token_opens_the_api(self):
        response = self.call_the_api()
        assert response.status == 200 and response.json()["items"][0]["name"] == "Trust A"

    def when_they_revoke_it(self):
        self.row.get_by_role("link", name=re.compile("Revoke")).click()
        assert_accessible(self.page)
        self.page.get_by_role("button", name="Revoke token").click()

    def then_the_list_shows_it_revoked(self):
        expect(self.page.get_by_text("has been revoked")).to_be_visible()
        expect(self.row).to_contain_text("Revoked")
        assert_accessible(self.page)

    def and_the_api_refuses_the_token(self):
        assert self.call_the_api().status == 401


@pytest.mark.usefixtures("transactional_db")
class TestApiDocumentation(Journey):
    def test_api_documentation_renders_offline_under_the_csp(self):
        self.given_the_browser_records_csp_violations_and_outside_requests()
        self.when_they_open_the_api_documentation()
        self.then_it_lists_the_endpoints()
        self.and_nothing_broke_the_csp_or_left_the_machine()

    def given_the_browser_records_csp_violations_and_outside_requests(self):
        self.violations, self.outside = [], []
        self.page.on(
            "console", lambda m: self.violations.append(m.text) if "Content Security Policy" in m.text else None
        )
        self.page.on(
            "request", lambda r: self.outside.append(r.url) if not r.url.startswith(self.live_server.url) else None
        )

    def when_they_open_the_api_documentation(self):
        self.visit("/api/v1/docs")

    def then_it_lists_the_endpoints(self):
        expect(self.page.get_by_role("heading", name=re.compile("Lodestar API"))).to_be_visible()
        expect(self.page.get_by_text("/api/v1/organisations/{id}")).to_be_visible()

    def and_nothing_broke_the_csp_or_left_the_machine(self):
        assert self.violations == []
        assert [u for u in self.outside if not u.startswith("data:")] == []
