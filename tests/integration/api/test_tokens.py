"""API tokens: created on the token pages, shown once, stored hashed, revocable; used as Bearer tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from lodestar.api.models import ApiToken
from lodestar.core.models import AuditEvent
from tests.factories import UserFactory, member
from tests.factories.api import api_token, auth_header

pytestmark = pytest.mark.django_db

ORGS_URL = "/api/v1/organisations"


@pytest.fixture
def user(orgs):
    return member(orgs["trust_a"], "viewer")


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/account/api-tokens/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_created_token_is_shown_once_and_only_its_hash_is_stored(client, user):
    client.force_login(user)
    response = client.post("/account/api-tokens/new/", {"name": "Workforce dashboard", "expires": "90"})

    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=user)
    plain = page.split('<code id="api-token">')[1].split("</code>")[0]
    assert plain.startswith(f"lds_{token.prefix}_")
    assert "Copy your token now" in page
    assert "no-store" in response["Cache-Control"]

    # The database never holds the plain token or its secret part: not the token row,
    # not the audit log, not the session.
    secret = plain.split("_", 2)[2]
    assert token.token_hash != secret and len(token.token_hash) == 64
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(secret in str(v) for v in row.values())
    for event in AuditEvent.objects.all():
        assert secret not in f"{event.before} {event.after} {event.target_label}"
    for session in Session.objects.all():
        assert secret not in session.session_data and secret not in str(session.get_decoded())

    # The list shows the name and the prefix, never the token again.
    listing = client.get("/account/api-tokens/").content.decode()
    assert "Workforce dashboard" in listing
    assert f"lds_{token.prefix}_" in listing
    assert secret not in listing
    assert token.expires_at is not None and token.expires_at > timezone.now() + timedelta(days=89)


def test_creating_a_token_is_audited(client, user):
    client.force_login(user)
    client.post("/account/api-tokens/new/", {"name": "Script", "expires": "never"})
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == user
    assert event.after["name"] == "Script"
    assert "token_hash" not in event.after


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "expires": "30"}, "Enter a name for the token"),
        ({"name": "   ", "expires": "30"}, "Enter a name for the token"),
        ({"name": "x" * 101, "expires": "30"}, "Token name must be 100 characters or fewer"),
        ({"name": "Script", "expires": "forever"}, "Select when the token should stop working"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(client, user, data, message):
    client.force_login(user)
    response = client.post("/account/api-tokens/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_authenticates_api_calls_and_records_last_use(client, user, orgs):
    token, plain = api_token(user)
    assert token.last_used_at is None

    response = client.get(ORGS_URL, **auth_header(plain))

    assert response.status_code == 200
    assert [o["name"] for o in response.json()["items"]] == ["Trust A"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > timezone.now() - timedelta(minutes=1)


def test_revoking_on_the_page_stops_the_token_at_once(client, user):
    token, plain = api_token(user)
    assert client.get(ORGS_URL, **auth_header(plain)).status_code == 200

    client.force_login(user)
    confirm = client.get(f"/account/api-tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "Are you sure you want to revoke" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not doing

    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=user).count() == 1
    assert "Revoked" in client.get("/account/api-tokens/").content.decode()

    client.logout()
    response = client.get(ORGS_URL, **auth_header(plain))
    assert response.status_code == 401
    assert response.json() == {"detail": "The API token is not valid, or has been revoked or has expired."}


def test_someone_elses_token_cannot_be_revoked(client, user, orgs):
    token, plain = api_token(user)
    intruder = member(orgs["trust_a"], "org_admin")
    client.force_login(intruder)

    assert client.get(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token.name not in client.get("/account/api-tokens/").content.decode()


def test_expired_token_is_refused(client, user):
    token, plain = api_token(user, expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(ORGS_URL, **auth_header(plain)).status_code == 401


def test_token_of_a_deactivated_person_is_refused(client, user):
    _, plain = api_token(user)
    user.is_active = False
    user.save()
    assert client.get(ORGS_URL, **auth_header(plain)).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer lds_nottoken",
        "Bearer lds_ABCDEFGH_wrong-secret",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "lds_ABCDEFGH_x",
    ],
)
def test_malformed_or_wrong_tokens_get_401_json(client, user, header):
    api_token(user)
    response = client.get(ORGS_URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_right_prefix_wrong_secret_is_refused(client, user):
    token, plain = api_token(user)
    forged = plain[:-4] + ("AAAA" if not plain.endswith("AAAA") else "BBBB")
    assert client.get(ORGS_URL, **auth_header(forged)).status_code == 401
    token.refresh_from_db()
    assert token.last_used_at is None


def test_no_credentials_get_401_with_a_hint(client, db):
    response = client.get(ORGS_URL)
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_signed_in_session_can_call_the_api(client, user):
    client.force_login(user)
    response = client.get(ORGS_URL)
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_platform_staff_token_sees_everything(client, orgs):
    staff = UserFactory(is_platform_staff=True)
    _, plain = api_token(staff)
    assert client.get(ORGS_URL, **auth_header(plain)).json()["count"] == len(orgs)


def test_session_calls_that_change_data_need_the_csrf_token(rf, user):
    """Unsafe methods on session auth go through Django's CSRF check; tokens need none."""
    from django.middleware.csrf import get_token
    from ninja.errors import HttpError

    from lodestar.api.api import SessionAuth, TokenAuth

    request = rf.post("/api/v1/anything")
    request.user = user
    request.COOKIES["sessionid"] = "x"
    with pytest.raises(HttpError) as refused:
        SessionAuth()(request)
    assert refused.value.status_code == 403

    good = rf.get("/")
    good.user = user
    csrf = get_token(good)
    request = rf.post("/api/v1/anything", HTTP_X_CSRFTOKEN=csrf)
    request.COOKIES.update({"sessionid": "x", "csrftoken": good.META["CSRF_COOKIE"]})
    request.user = user
    assert SessionAuth()(request) == user

    _, plain = api_token(user)
    token_request = rf.post("/api/v1/anything", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert TokenAuth()(token_request) == user
