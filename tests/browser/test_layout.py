"""The NHS.UK page layout: skip link, header, phase banner, footer, no JavaScript needed."""

from tests.browser.conftest import assert_accessible


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
