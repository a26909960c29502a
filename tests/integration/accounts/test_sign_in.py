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


# ------------------------------------------------- lock-out behind a TLS proxy

PROXY = "10.0.0.2"  # every connection comes from the proxy
ATTACKER = "203.0.113.9"
VICTIM = "198.51.100.7"


def _fail_five_times(client, email, **headers):
    return [
        client.post(SIGN_IN, {"email": email, "password": f"wrong-{i}"}, REMOTE_ADDR=PROXY, **headers).status_code
        for i in range(5)
    ]


def test_behind_the_proxy_an_attacker_does_not_lock_the_person_out_elsewhere(client, settings):
    settings.LODESTAR_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.LODESTAR_TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="nurse@example.nhs.uk")
    statuses = _fail_five_times(client, "nurse@example.nhs.uk", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert statuses[-1] == 429
    # The attacker's address stays locked, even with the right password ...
    assert (
        client.post(
            SIGN_IN,
            {"email": "nurse@example.nhs.uk", "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ATTACKER,
        ).status_code
        == 429
    )
    # ... and writing another address in front of the proxy's own entry changes nothing.
    spoofed = client.post(
        SIGN_IN,
        {"email": "nurse@example.nhs.uk", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}",
    )
    assert spoofed.status_code == 429
    # The person, at their own address, still signs in.
    victim = client.post(
        SIGN_IN,
        {"email": "nurse@example.nhs.uk", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=VICTIM,
    )
    assert victim.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_with_two_proxies_the_second_address_from_the_right_is_the_client(client, settings):
    settings.LODESTAR_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.LODESTAR_TRUSTED_PROXY_COUNT = 2
    UserFactory(email="nurse@example.nhs.uk")
    _fail_five_times(client, "nurse@example.nhs.uk", HTTP_X_FORWARDED_FOR=f"{ATTACKER}, 10.0.0.1")
    locked = client.post(
        SIGN_IN,
        {"email": "nurse@example.nhs.uk", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}, 10.0.0.1",
    )
    assert locked.status_code == 429
    other = client.post(
        SIGN_IN,
        {"email": "nurse@example.nhs.uk", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{VICTIM}, 10.0.0.1",
    )
    assert other.status_code == 302


def test_without_a_configured_proxy_the_header_is_ignored(client, settings):
    settings.LODESTAR_TRUSTED_PROXY_HEADER = ""
    UserFactory(email="nurse@example.nhs.uk")
    assert _fail_five_times(client, "nurse@example.nhs.uk", HTTP_X_FORWARDED_FOR=ATTACKER)[-1] == 429
    # Sending a different X-Forwarded-For does not escape the lock: the header is not read.
    for header in (VICTIM, f"{VICTIM}, {ATTACKER}", "not-an-address"):
        response = client.post(
            SIGN_IN,
            {"email": "nurse@example.nhs.uk", "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=header,
        )
        assert response.status_code == 429, header
    assert "_auth_user_id" not in client.session


def test_the_header_is_read_only_from_the_listed_proxies(client, settings):
    settings.LODESTAR_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.LODESTAR_TRUSTED_PROXY_ADDRESSES = [PROXY]
    UserFactory(email="nurse@example.nhs.uk")
    # Straight to the server, not through the proxy: the header is the client's own claim.
    for i in range(5):
        client.post(
            SIGN_IN,
            {"email": "nurse@example.nhs.uk", "password": f"wrong-{i}"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    direct = client.post(
        SIGN_IN,
        {"email": "nurse@example.nhs.uk", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR=VICTIM,
    )
    assert direct.status_code == 429
    through_proxy = client.post(
        SIGN_IN,
        {"email": "nurse@example.nhs.uk", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=VICTIM,
    )
    assert through_proxy.status_code == 302


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_a_missing_or_broken_header_counts_against_the_proxy_address(client, settings, header):
    settings.LODESTAR_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    UserFactory(email="nurse@example.nhs.uk")
    _fail_five_times(client, "nurse@example.nhs.uk", HTTP_X_FORWARDED_FOR=header)
    again = client.post(
        SIGN_IN, {"email": "nurse@example.nhs.uk", "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header
    )
    assert again.status_code == 429
