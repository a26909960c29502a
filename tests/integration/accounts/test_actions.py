"""Account actions: the audit rows each one writes, what each refuses (writing nothing), and the
invitation link (only its purpose-scoped digest stored, single use, emailed after commit)."""

from __future__ import annotations

import pytest
from django.core import mail

from lodestar.accounts import actions
from lodestar.accounts.models import AccountEvent, Invitation, User
from lodestar.core import tokens
from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.orgs.models import Membership, OrgEvent
from tests.factories import PASSWORD, UserFactory, member, role
from tests.factories.accounts import expired, invitation

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "meadow-harbour-violet-81"


def _events():
    return list(AuditEvent.objects.order_by("id"))


def _invite(actor, org, email="new.person@example.nhs.uk", role_slug="contributor"):
    return actions.create_invitation(
        actor=actor,
        email=email,
        organisation=org,
        role=role(role_slug),
        accept_url=lambda t: f"http://testserver/account/invitations/{t}/",
    )


def test_create_user_records_the_account_without_the_password():
    admin = UserFactory(is_platform_staff=True)
    person = actions.create_user(actor=admin, email="Nia@Example.nhs.uk", full_name="Nia New", password=NEW_PASSWORD)
    [event] = _events()
    assert event.action == AccountEvent.PERSON_CREATE == "person.create"
    assert event.actor == admin and event.target_id == str(person.pk) and event.before is None
    assert event.after == {
        "email": person.email,
        "full_name": "Nia New",
        "job_title": "",
        "is_active": True,
        "is_platform_staff": False,
    }
    assert NEW_PASSWORD not in str(event.after) and person.password not in str(event.after)


@pytest.mark.parametrize(
    ("reason", "event_type"), [("change", AccountEvent.PASSWORD_CHANGE), ("reset", AccountEvent.PASSWORD_RESET)]
)
def test_set_password_records_only_that_it_changed(reason, event_type):
    person = UserFactory()
    actions.set_password(actor=person, user=person, password=NEW_PASSWORD, reason=reason)
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    [event] = _events()
    assert event.action == event_type and event.actor == person and event.target_id == str(person.pk)
    assert event.before is None and event.after is None


def test_create_invitation_records_it_stores_only_the_digest_and_emails_after_commit(
    orgs, django_capture_on_commit_callbacks
):
    admin = member(orgs["trust_a"], "org_admin", full_name="Ada Admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inv, token = _invite(admin, orgs["trust_a"], email=" New.Person@Example.NHS.uk ")
        assert mail.outbox == []  # nothing is sent inside the transaction
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    [message] = mail.outbox
    assert message.to == ["new.person@example.nhs.uk"]
    assert f"http://testserver/account/invitations/{token}/" in message.body

    assert inv.token_hash == tokens.digest(actions.INVITATION_PURPOSE, token)
    assert len(inv.token_hash) == 64 and token not in inv.token_hash
    [event] = _events()
    assert event.action == AccountEvent.INVITATION_SEND and event.actor == admin
    assert event.organisation == orgs["trust_a"] and event.target_id == str(inv.pk) and event.before is None
    assert event.after["email"] == "new.person@example.nhs.uk"
    assert event.after["organisation"] == "Trust A" and event.after["role"] == "Contributor"
    assert event.after["accepted_at"] is None
    assert token not in str(event.after) and inv.token_hash not in str(event.after)


def test_inviting_an_existing_member_explains_and_writes_nothing(orgs, django_capture_on_commit_callbacks):
    admin = member(orgs["trust_a"], "org_admin")
    member(orgs["trust_a"], "viewer", email="already@example.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(actions.InvitationError) as error:
        _invite(admin, orgs["trust_a"], email="Already@example.nhs.uk")
    assert str(error.value) == (
        "already@example.nhs.uk is already a member of Trust A. Change their role on the members page instead."
    )
    assert not Invitation.objects.exists() and _events() == [] and mail.outbox == []


def test_find_invitation_opens_only_with_its_own_token_and_purpose(orgs):
    inv, token = invitation(orgs["trust_a"])
    assert actions.find_invitation(token) == inv
    assert actions.find_invitation(inv.token_hash) is None
    assert actions.find_invitation("") is None
    assert actions.find_invitation(token + "x") is None
    # A workshop invitation's lookup never finds an organisation invitation's token.
    assert tokens.find(Invitation.objects.all(), "workshops.invitation", token) is None


def test_a_new_person_accepts_once_and_the_audit_log_shows_each_step(orgs):
    inv, token = invitation(orgs["trust_a"], email="nia@example.nhs.uk")
    AuditEvent.objects.all().delete()
    person = actions.accept_invitation_new_person(
        invitation=actions.find_invitation(token), full_name="Nia New", password=NEW_PASSWORD
    )
    assert person.check_password(NEW_PASSWORD) and person.email == "nia@example.nhs.uk"
    membership = Membership.objects.get(user=person)
    assert membership.organisation == orgs["trust_a"] and membership.role.slug == "contributor"

    created, accepted, added = _events()
    assert created.action == AccountEvent.PERSON_CREATE and created.actor is None and created.actor_label == "system"
    assert accepted.action == AccountEvent.INVITATION_ACCEPT and accepted.actor == person
    assert accepted.organisation == orgs["trust_a"] and accepted.target_id == str(inv.pk)
    assert accepted.before["accepted_at"] is None and accepted.after["accepted_at"] is not None
    assert added.action == OrgEvent.MEMBERSHIP_ADD and added.actor == person
    assert added.organisation == orgs["trust_a"] and added.target_id == str(membership.pk)
    assert all(token not in str(e.before) + str(e.after) for e in _events())

    # Single use: the same link a second time is refused and writes nothing.
    with pytest.raises(actions.InvitationError, match="This invitation has already been used."):
        actions.accept_invitation_new_person(
            invitation=actions.find_invitation(token), full_name="Someone Else", password=NEW_PASSWORD
        )
    with pytest.raises(actions.InvitationError, match="This invitation has already been used."):
        actions.accept_invitation_existing_person(invitation=actions.find_invitation(token), user=person)
    assert len(_events()) == 3 and Membership.objects.filter(user=person).count() == 1


def test_an_existing_person_accepts_and_gets_the_membership(orgs):
    person = member(orgs["trust_b"], "viewer", email="sam@example.nhs.uk")
    inv, token = invitation(orgs["trust_a"], email="Sam@example.nhs.uk", role_slug="facilitator")
    AuditEvent.objects.all().delete()
    membership = actions.accept_invitation_existing_person(invitation=actions.find_invitation(token), user=person)
    assert membership.organisation == orgs["trust_a"] and membership.role.slug == "facilitator"
    accepted, added = _events()
    assert accepted.action == AccountEvent.INVITATION_ACCEPT and accepted.actor == person
    assert accepted.after["accepted_at"] is not None
    assert added.action == OrgEvent.MEMBERSHIP_ADD and added.after["role"] == "Facilitator"
    inv.refresh_from_db()
    assert inv.accepted_by == person


def _accept_as(who: str, inv: Invitation):
    """Accept ``inv`` (sent to nia@example.nhs.uk) as a new person, or signed in as someone else."""
    if who == "someone else":
        return lambda: actions.accept_invitation_existing_person(invitation=inv, user=UserFactory())
    if who == "existing account":
        UserFactory(email="Nia@example.nhs.uk")
    return lambda: actions.accept_invitation_new_person(invitation=inv, full_name="Nia New", password=PASSWORD)


@pytest.mark.parametrize(
    ("fields", "who", "message"),
    [
        (expired(), "new person", "This invitation has expired."),
        ({}, "someone else", "This invitation was sent to a different email address."),
        ({}, "existing account", "There is already an account for this email address. Sign in to accept."),
    ],
)
def test_an_invitation_that_cannot_be_accepted_explains_and_writes_nothing(orgs, fields, who, message):
    inv, _ = invitation(orgs["trust_a"], email="nia@example.nhs.uk", **fields)
    AuditEvent.objects.all().delete()
    accept = _accept_as(who, inv)
    with pytest.raises(actions.InvitationError) as error:
        accept()
    assert str(error.value) == message
    inv.refresh_from_db()
    assert inv.accepted_at is None and _events() == []
    assert not Membership.objects.filter(organisation=orgs["trust_a"]).exists()
    assert User.objects.filter(email__iexact="nia@example.nhs.uk").count() == (who == "existing account")


def test_an_unknown_link_is_not_valid():
    with pytest.raises(actions.InvitationError, match="This invitation link is not valid."):
        actions.check_usable(actions.find_invitation("no-such-token"))


# ------------------------------------------------------------------ resend, withdraw, profile


def test_resend_replaces_the_digest_and_records_the_new_expiry(orgs, django_capture_on_commit_callbacks):
    admin = member(orgs["trust_a"], "org_admin")
    inv, old = invitation(orgs["trust_a"], invited_by=admin)
    old_hash, old_expiry = inv.token_hash, inv.expires_at
    with django_capture_on_commit_callbacks(execute=True):
        inv, new = actions.resend_invitation(actor=admin, invitation=inv, accept_url=lambda t: f"http://x/{t}/")
    assert inv.token_hash == tokens.digest(actions.INVITATION_PURPOSE, new) != old_hash
    assert actions.find_invitation(old) is None and actions.find_invitation(new) == inv
    [event] = AuditEvent.objects.filter(action=AccountEvent.INVITATION_RESEND.value)
    assert (event.actor, event.organisation) == (admin, orgs["trust_a"])
    assert (
        event.before["expires_at"] == old_expiry.isoformat() and event.after["expires_at"] == inv.expires_at.isoformat()
    )
    assert len(mail.outbox) == 1 and new in mail.outbox[0].body


def test_withdraw_records_the_moment_and_refuses_a_second_time(orgs):
    admin = member(orgs["trust_a"], "org_admin")
    inv, token = invitation(orgs["trust_a"])
    actions.withdraw_invitation(actor=admin, invitation=inv)
    [event] = AuditEvent.objects.filter(action=AccountEvent.INVITATION_WITHDRAW.value)
    assert event.before["withdrawn_at"] is None and event.after["withdrawn_at"] is not None
    with pytest.raises(actions.InvitationError, match="already been withdrawn"):
        actions.withdraw_invitation(actor=admin, invitation=inv)
    with pytest.raises(actions.InvitationError, match="already been withdrawn"):
        actions.resend_invitation(actor=admin, invitation=inv, accept_url=str)
    with pytest.raises(actions.InvitationError, match="withdrawn"):
        actions.check_usable(actions.find_invitation(token))
    assert AuditEvent.objects.filter(action__in=["invitation.withdraw", "invitation.resend"]).count() == 1


def test_an_accepted_invitation_cannot_be_resent_or_withdrawn(orgs):
    admin = member(orgs["trust_a"], "org_admin")
    inv, _token = invitation(orgs["trust_a"])
    actions.accept_invitation_new_person(invitation=inv, full_name="Nia New", password=NEW_PASSWORD)
    before = AuditEvent.objects.count()
    for write in (
        lambda: actions.resend_invitation(actor=admin, invitation=inv, accept_url=str),
        lambda: actions.withdraw_invitation(actor=admin, invitation=inv),
    ):
        with pytest.raises(actions.InvitationError, match="already been accepted"):
            write()
    assert AuditEvent.objects.count() == before


def test_update_profile_refuses_bad_input_and_writes_nothing(orgs):
    person = UserFactory(full_name="Nia Nurse", job_title="Nurse")
    with pytest.raises(ValidationProblem) as refused:
        actions.update_profile(actor=person, user=person, full_name=" ", job_title="x" * 201)
    assert [field for field, _message in refused.value.problems] == ["full_name", "job_title"]
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == ("Nia Nurse", "Nurse") and not AuditEvent.objects.exists()
