"""Invitations: admins invite by email; the link works once, until it expires, for the invited address."""

import re

import pytest
from django.core import mail

from lodestar.accounts.models import Invitation, User
from lodestar.core.models import AuditEvent
from lodestar.orgs.models import Membership
from tests.factories import PASSWORD, UserFactory, member, role
from tests.factories.accounts import expired, invitation

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "meadow-harbour-violet-81"


def _invite(client, org, email, role_slug="contributor"):
    return client.post(f"/organisations/{org.pk}/members/invite/", {"email": email, "role": str(role(role_slug).pk)})


def _link_path(message) -> str:
    return re.search(r"http://testserver(/account/invitations/\S+/)", message.body).group(1)


def test_admin_invites_and_a_new_person_accepts(client, django_capture_on_commit_callbacks, orgs):
    admin = member(orgs["trust_a"], "org_admin", full_name="Ada Admin")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, orgs["trust_a"], "New.Person@example.nhs.uk")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.nhs.uk"]
    assert "Ada Admin has invited you to join Trust A" in message.body
    link = _link_path(message)
    token = link.rstrip("/").rsplit("/", 1)[1]

    # Only a hash is stored; the audit log never has the token.
    inv = Invitation.objects.get()
    assert token not in inv.token_hash
    assert all(token not in str(e.after) + str(e.before) for e in AuditEvent.objects.all())
    assert "new.person@example.nhs.uk" in client.get(f"/organisations/{orgs['trust_a'].pk}/members/").content.decode()

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Create your Lodestar account" in page.content.decode()
    bad = client.post(link, {"full_name": "", "password1": "short", "password2": "other"})
    assert "Enter your full name" in bad.content.decode()
    assert not User.objects.filter(email="new.person@example.nhs.uk").exists()

    done = client.post(
        link, {"full_name": "Nia New", "job_title": "Nurse", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == f"/organisations/{orgs['trust_a'].pk}/"
    person = User.objects.get(email="new.person@example.nhs.uk")
    assert person.full_name == "Nia New" and person.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=person).role.slug == "contributor"
    assert client.session["_auth_user_id"] == str(person.pk)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "invitation.send",
        "invitation.accept",
        "membership.add",
        "person.create",
    }

    # Single use.
    client.logout()
    again = client.get(link)
    assert again.status_code == 404
    assert "already been used" in again.content.decode()


def test_existing_person_signs_in_then_accepts(client, orgs):
    existing = member(orgs["trust_b"], "viewer", email="known@example.nhs.uk")
    inv, token = invitation(orgs["trust_a"], email="known@example.nhs.uk", role_slug="facilitator")
    link = f"/account/invitations/{token}/"

    page = client.get(link)
    assert "Sign in to accept" in page.content.decode()
    signed_in = client.post(f"/account/sign-in/?next={link}", {"email": existing.email, "password": PASSWORD})
    assert signed_in["Location"] == link
    assert "Accept invitation" in client.get(link).content.decode()
    assert not Membership.objects.filter(user=existing, organisation=orgs["trust_a"]).exists()  # GET changes nothing
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=existing, organisation=orgs["trust_a"]).role.slug == "facilitator"
    assert Membership.objects.filter(user=existing, organisation=orgs["trust_b"]).exists()
    inv.refresh_from_db()
    assert inv.accepted_by == existing
    assert client.post(link).status_code == 404


def test_expired_invitation_is_refused(client, orgs):
    inv, token = invitation(orgs["trust_a"], **expired())
    response = client.get(f"/account/invitations/{token}/")
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    posted = client.post(
        f"/account/invitations/{token}/",
        {"full_name": "Late", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert posted.status_code == 404
    assert not User.objects.filter(email=inv.email).exists()


def test_unknown_token_gives_a_clear_404(client):
    response = client.get("/account/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_invitation_for_someone_else_is_not_accepted(client, orgs):
    other = UserFactory(email="other@example.nhs.uk")
    inv, token = invitation(orgs["trust_a"], email="invited@example.nhs.uk")
    client.force_login(other)
    response = client.post(f"/account/invitations/{token}/")
    assert "This invitation is for someone else" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()
    inv.refresh_from_db()
    assert inv.accepted_at is None


def test_admin_of_another_organisation_cannot_invite(client, orgs):
    outsider = member(orgs["trust_b"], "org_admin")
    client.force_login(outsider)
    assert client.get(f"/organisations/{orgs['trust_a'].pk}/members/invite/").status_code == 404
    assert _invite(client, orgs["trust_a"], "someone@example.nhs.uk").status_code == 404
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 0


def test_facilitator_without_manage_members_cannot_invite(client, orgs):
    facilitator = member(orgs["trust_a"], "facilitator")
    client.force_login(facilitator)
    assert _invite(client, orgs["trust_a"], "someone@example.nhs.uk").status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_or_a_bad_address_explains_and_writes_nothing(client, orgs):
    admin = member(orgs["trust_a"], "org_admin")
    already = member(orgs["trust_a"], "viewer")
    client.force_login(admin)
    response = _invite(client, orgs["trust_a"], already.email)
    assert "already a member of Trust A" in response.content.decode()
    response = client.post(f"/organisations/{orgs['trust_a'].pk}/members/invite/", {"email": "not-an-email"})
    html = response.content.decode()
    assert "Enter an email address like name@nhs.net" in html and "Choose a role" in html
    assert not Invitation.objects.exists()
