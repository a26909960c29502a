"""The NHS.UK page layout: skip link, header, phase banner, footer, no JavaScript needed."""

from tests.browser.conftest import assert_accessible, fits_the_screen


def test_public_page_has_nhs_layout_and_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/accessibility/")
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    assert page.get_by_role("banner").get_by_text("Lodestar").count() >= 1
    assert page.get_by_text("This is a new service").is_visible()
    assert page.get_by_role("contentinfo").is_visible()
    assert page.locator("h1").inner_text() == "Accessibility statement for Lodestar"
    assert_accessible(page)


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    # Signed-out visitors are sent to sign in, and the page still renders.
    assert "/account/sign-in/" in page.url
    context.close()


def test_members_page_fits_a_phone_screen(page, live_server, orgs):
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, member

    admin = member(orgs["trust_a"], "org_admin", email="a.very.long.address.for.testing@example.nhs.uk")
    member(orgs["trust_a"], "facilitator", email="another.quite.long.email.address@example.nhs.uk")
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/organisations/{orgs['trust_a'].pk}/members/")
    assert page.get_by_text("another.quite.long.email.address@example.nhs.uk").is_visible()
    assert fits_the_screen(page), "the members table is wider than a 390px screen"
    assert_accessible(page)


def test_page_not_found_is_in_the_nhs_layout(page, live_server, db):
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    assert page.get_by_role("contentinfo").is_visible()
    assert_accessible(page)
