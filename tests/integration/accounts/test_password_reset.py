"""Password reset by email: same message whether or not the address has an account; the link works once."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "river-lantern-orchard-42"


def _link(message) -> str:
    return re.search(r"http://testserver(/account/password-reset/\S+/)", message.body).group(1)


def test_reset_email_link_lets_the_person_choose_a_new_password(client):
    user = UserFactory(email="nurse@example.nhs.uk", full_name="Nina Nurse")
    response = client.post("/account/password-reset/", {"email": "nurse@example.nhs.uk"})
    assert response.status_code == 302
    assert "If there is a Lodestar account" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nurse@example.nhs.uk"]
    assert "Nina Nurse" in mail.outbox[0].body and "&" not in mail.outbox[0].body
    link = _link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)

    again = client.get(link, follow=True)
    assert "This reset link cannot be used" in again.content.decode()
    assert client.post("/account/sign-in/", {"email": "nurse@example.nhs.uk", "password": NEW}).status_code == 302


def test_unknown_address_gets_the_same_page_and_no_email(client):
    UserFactory(email="nurse@example.nhs.uk")
    known = client.post("/account/password-reset/", {"email": "nurse@example.nhs.uk"}, follow=True)
    unknown = client.post("/account/password-reset/", {"email": "nobody@example.nhs.uk"}, follow=True)
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain

    def strip(response):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return re.sub(r'nonce="[^"]+"', "", html)

    assert strip(known) == strip(unknown)


def test_weak_new_password_is_refused_with_a_message(client):
    user = UserFactory(email="nurse@example.nhs.uk")
    client.post("/account/password-reset/", {"email": user.email})
    page = client.get(_link(mail.outbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()


def test_resetting_the_password_ends_a_lockout_as_the_lockout_page_promises(client):
    UserFactory(email="nurse@example.nhs.uk")
    for i in range(5):
        client.post("/account/sign-in/", {"email": "nurse@example.nhs.uk", "password": f"wrong-{i}"})
    locked = client.post("/account/sign-in/", {"email": "nurse@example.nhs.uk", "password": NEW})
    assert locked.status_code == 429
    assert "reset your password" in locked.content.decode().lower()

    client.post("/account/password-reset/", {"email": "nurse@example.nhs.uk"})
    form_page = client.get(_link(mail.outbox[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    signed_in = client.post("/account/sign-in/", {"email": "nurse@example.nhs.uk", "password": NEW})
    assert signed_in.status_code == 302
