"""What a shared computer, a proxy and a stranger can keep or see: no-store answers, sessions
that end with the working day or the browser, and the API's description behind sign-in in
production."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import member
from tests.factories.plans import ActionPlanFactory


@pytest.mark.django_db
def test_pages_downloads_and_api_answers_with_organisation_data_are_never_stored(client, orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"])
    client.force_login(member(orgs["trust_a"], "viewer"))
    for url in [
        reverse("plans:detail", kwargs={"plan_id": plan.pk}),
        reverse("plans:export-csv", kwargs={"plan_id": plan.pk}),
        reverse("plans:export-xlsx", kwargs={"plan_id": plan.pk}),
        "/api/v1/plans",
        reverse("core:home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_session_lasts_a_working_day_and_ends_when_the_browser_closes(settings):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.django_db
def test_the_session_cookie_has_no_expiry_so_the_browser_drops_it_on_closing(client, orgs):
    person = member(orgs["trust_a"], "viewer", email="nurse@example.nhs.uk")
    from tests.factories import PASSWORD

    client.post(reverse("accounts:sign-in"), {"email": person.email, "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie.value and not cookie["expires"] and not cookie["max-age"]


@pytest.mark.django_db
@override_settings(API_DOCS_PUBLIC=False)
def test_in_production_the_api_description_needs_sign_in_or_a_token(client, orgs):
    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/v1/docs").status_code == 401
    client.force_login(member(orgs["trust_a"], "viewer"))
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json()["info"]["title"] == "Lodestar API"
