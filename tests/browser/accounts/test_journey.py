"""Journeys in the browser: the demo facilitator signs in, sees organisations, signs out;
a new person accepts an invitation. axe-core checks every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lodestar.orgs import actions as org_actions
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import hierarchy
from tests.factories.accounts import invitation

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_facilitator_signs_in_sees_organisations_and_signs_out(page, live_server):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(f"{live_server.url}/account/sign-in/")
    assert_accessible(page)

    # Given a wrong password, a plain message.
    page.get_by_label("Email address").fill("facilitator@demo.lodestar.test")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The email address or password is not right").first).to_be_visible()
    assert_accessible(page)

    sign_in(page, live_server, "facilitator@demo.lodestar.test", "lodestar-demo-2026")
    expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()
    expect(page.get_by_role("link", name="Riverside ICS").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("link", name="Organisations", exact=True).first.click()
    expect(page.get_by_role("heading", name="Organisations", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Bridge Street Surgery")).to_be_visible()
    assert page.get_by_text("Moorland ICS").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Riverside Hospitals NHS Foundation Trust").click()
    expect(page.get_by_role("heading", level=1, name="Riverside Hospitals NHS Foundation Trust")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/account/profile/")
    expect(page.get_by_text("Fatima Khan").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/account/sign-out/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    expect(page.get_by_text("You have signed out")).to_be_visible()
    assert_accessible(page)


def test_new_person_accepts_an_invitation(page, live_server):
    org_actions.ensure_default_roles()
    orgs = hierarchy()
    _, token = invitation(orgs["trust_a"], email="new.starter@example.nhs.uk", role_slug="contributor")

    page.goto(f"{live_server.url}/account/invitations/{token}/")
    expect(page.get_by_role("heading", name="Create your Lodestar account")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Full name").fill("Nadia Starter")
    page.get_by_label("Create a password").fill("meadow-harbour-violet-81")
    page.get_by_label("Confirm password").fill("meadow-harbour-violet-81")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_role("heading", level=1, name="Trust A")).to_be_visible()
    expect(page.get_by_text("You have joined Trust A")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/account/invitations/{token}/")
    expect(page.get_by_text("This invitation has already been used")).to_be_visible()
    assert_accessible(page)
