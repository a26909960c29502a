"""Error pages (400, 403, CSRF failure, 404, 500) are Lodestar pages in the NHS.UK layout,
not Django's plain defaults; under /api/ they are JSON like the API's own errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import include, path

from tests.factories import UserFactory


def _boom(request):
    raise RuntimeError("something broke")


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("bad/", _bad),
    path("", include("lodestar.config.urls")),
]
handler400 = "lodestar.core.views.bad_request"
handler403 = "lodestar.core.views.permission_denied"
handler404 = "lodestar.core.views.page_not_found"
handler500 = "lodestar.core.views.server_error"


def nhs_page(response) -> str:
    html = response.content.decode()
    assert "nhsuk-header" in html, "not the NHS.UK layout"
    assert "nhsuk-footer" in html
    return html


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    return client


def test_unknown_page_is_an_nhs_styled_page_not_found(signed_in):
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    html = nhs_page(response)
    assert "<title>Page not found - Lodestar</title>" in html
    assert "check it was correct" in html


def test_out_of_reach_organisation_gets_the_same_styled_page(signed_in):
    response = signed_in.get("/organisations/999999/")
    assert response.status_code == 404
    assert "Page not found" in nhs_page(response)


def test_signed_out_visitor_to_unknown_address_gets_the_styled_page_with_sign_in_link(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Sign in to Lodestar" in nhs_page(response)


def test_unknown_api_address_answers_json(signed_in):
    response = signed_in.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}  # as for objects out of reach


def test_form_posted_without_csrf_token_explains_in_plain_english(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post("/account/sign-out/")
    assert response.status_code == 403
    html = nhs_page(response)
    assert "Sorry, we could not save your form" in html
    assert "CSRF" not in html


@pytest.mark.urls(__name__)
def test_server_error_is_an_nhs_styled_page(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/boom/")
    assert response.status_code == 500
    html = nhs_page(response)
    assert "Sorry, there is a problem with the service" in html
    assert "something broke" not in html


@pytest.mark.urls(__name__)
def test_permission_denied_and_bad_request_are_styled(signed_in):
    forbidden = signed_in.get("/forbidden/")
    assert forbidden.status_code == 403
    assert "You cannot do this" in nhs_page(forbidden)
    bad = signed_in.get("/bad/")
    assert bad.status_code == 400
    assert "There is a problem with your request" in nhs_page(bad)


@pytest.mark.urls(__name__)
def test_server_error_still_answers_when_the_layout_cannot_render(db, monkeypatch):
    from lodestar.core import views

    def broken(*args, **kwargs):
        raise RuntimeError("layout broken")

    monkeypatch.setattr(views, "render", broken)
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
