"""Signing in and out, the profile page, lock-out after repeated failures (django-axes)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"


def test_sign_in_page_has_labelled_fields(client):
    html = client.get(SIGN_IN).content.decode()
    assert "Email address" in html and "Password" in html and ">Sign in<" in html
    assert 'autocomplete="current-password"' in html


def test_pages_need_sign_in(client):
    response = client.get("/organisations/")
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def test_sign_in_with_email_and_password_then_reach_next_page(client):
    user = UserFactory(email="nurse@example.nhs.uk")
    response = client.post(SIGN_IN + "?next=/organisations/", {"email": "Nurse@Example.nhs.uk", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/organisations/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_ignores_next_to_another_site(client):
    UserFactory(email="nurse@example.nhs.uk")
    response = client.post(
        SIGN_IN, {"email": "nurse@example.nhs.uk", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_password_gives_a_plain_message_and_no_session(client):
    UserFactory(email="nurse@example.nhs.uk")
    response = client.post(SIGN_IN, {"email": "nurse@example.nhs.uk", "password": "not-it"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The email address or password is not right" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_message(client):
    response = client.post(SIGN_IN, {"email": "nobody@example.nhs.uk", "password": "whatever"})
    assert "The email address or password is not right" in response.content.decode()


def test_empty_form_names_each_field(client):
    html = client.post(SIGN_IN, {"email": "", "password": ""}).content.decode()
    assert "Enter your email address" in html and "Enter your password" in html


def test_locked_out_after_five_failures_even_with_the_right_password(client):
    UserFactory(email="nurse@example.nhs.uk")
    statuses = [
        client.post(SIGN_IN, {"email": "nurse@example.nhs.uk", "password": f"wrong-{i}"}).status_code for i in range(5)
    ]
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4] == 429
    response = client.post(SIGN_IN, {"email": "nurse@example.nhs.uk", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "Wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_email_address(client):
    UserFactory(email="nurse@example.nhs.uk")
    other = UserFactory(email="doctor@example.nhs.uk")
    for i in range(5):
        client.post(SIGN_IN, {"email": "nurse@example.nhs.uk", "password": f"wrong-{i}"})
    response = client.post(SIGN_IN, {"email": other.email, "password": PASSWORD})
    assert response.status_code == 302


def test_sign_out_asks_then_signs_out_on_post(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/account/sign-out/")
    assert page.status_code == 200 and "Sign out" in page.content.decode()
    assert "_auth_user_id" in client.session  # GET does not sign out
    response = client.post("/account/sign-out/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign-in")
    assert "_auth_user_id" not in client.session
    assert "You have signed out" in client.get(response["Location"]).content.decode()


def test_profile_shows_name_email_memberships_and_password_link(client, orgs):
    user = member(orgs["trust_a"], "contributor", full_name="Chris Taylor", email="chris@example.nhs.uk")
    client.force_login(user)
    html = client.get("/account/profile/").content.decode()
    assert "Chris Taylor" in html and "chris@example.nhs.uk" in html
    assert "Trust A" in html and "Contributor" in html
    assert reverse("accounts:password-change") in html
    assert reverse("api_tokens:list") in html


def test_change_password_needs_the_current_one_and_is_audited(client):
    from lodestar.core.models import AuditEvent

    user = UserFactory()
    client.force_login(user)
    bad = client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert "Your current password is not right" in bad.content.decode()
    ok = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert user.password.startswith("argon2")
    assert "_auth_user_id" in client.session  # still signed in
    event = AuditEvent.objects.get(action="person.password_change")
    assert event.before is None and event.after is None  # no hashes in the audit log


def test_admin_login_is_no_way_round_the_lockout(client):
    UserFactory(email="boss@example.nhs.uk", is_staff=True, is_superuser=True, is_platform_staff=True)
    for i in range(5):
        client.post("/django-admin/login/", {"username": "Boss@Example.nhs.uk", "password": f"wrong-{i}"})
    # The right password no longer works on either form, so guessing cannot continue there.
    admin = client.post(
        "/django-admin/login/?next=/django-admin/", {"username": "boss@example.nhs.uk", "password": PASSWORD}
    )
    assert admin.status_code == 429
    assert client.post(SIGN_IN, {"email": "boss@example.nhs.uk", "password": PASSWORD}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_both_forms_count_together(client):
    UserFactory(email="nurse@example.nhs.uk")
    for i in range(3):
        client.post(SIGN_IN, {"email": "nurse@example.nhs.uk", "password": f"wrong-{i}"})
    for i in range(2):
        client.post("/django-admin/login/", {"username": "NURSE@example.nhs.uk", "password": f"again-{i}"})
    assert client.post(SIGN_IN, {"email": "nurse@example.nhs.uk", "password": PASSWORD}).status_code == 429
