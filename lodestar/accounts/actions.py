"""Every write to people and invitations, each with its audit event in the same transaction.

Raw invitation tokens exist only in the email that carries the link: the database keeps
their digest (``lodestar.core.tokens``, purpose ``INVITATION_PURPOSE``), and audit events
never include either.
"""

from __future__ import annotations

import datetime

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lodestar.accounts.models import AccountEvent, Invitation, User
from lodestar.core import tokens
from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems
from lodestar.orgs import actions as org_actions
from lodestar.orgs.models import Membership

USER_FIELDS = ["email", "full_name", "job_title", "is_active", "is_platform_staff"]
NAME_MAX = User._meta.get_field("full_name").max_length


class InvitationError(Exception):
    """An invitation that cannot be sent or accepted; the message is shown as it is."""


#: The purpose of an organisation invitation's token: it opens nothing else.
INVITATION_PURPOSE = "accounts.invitation"


def find_invitation(token: str) -> Invitation | None:
    """The invitation for a raw token from a link, or None (whatever its state)."""
    return tokens.find(Invitation.objects.select_related("organisation", "role"), INVITATION_PURPOSE, token)


def _invitation_state(invitation: Invitation) -> dict:
    return {
        "email": invitation.email,
        "organisation": invitation.organisation.name,
        "role": invitation.role.name,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
    }


def check_person(*, full_name: str, job_title: str = "") -> None:
    """A person's name and job title: the name given, both at most 200 characters without
    control characters (``Problems.text``). ``ValidationProblem`` naming each field otherwise."""
    problems = Problems()
    if problems.require(full_name, "full_name", "Enter your full name"):
        problems.text(full_name, "full_name", "Full name", NAME_MAX)
    problems.text(job_title, "job_title", "Job title", NAME_MAX)
    problems.raise_any()


@transaction.atomic
def create_user(
    *, actor, email: str, full_name: str, password: str, job_title: str = "", is_platform_staff: bool = False
) -> User:
    check_person(full_name=full_name, job_title=job_title)
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title, is_platform_staff=is_platform_staff
    )
    record(actor=actor, action=AccountEvent.PERSON_CREATE, target=user, before=None, after=snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def set_password(*, actor, user: User, password: str, reason: str = "change") -> User:
    """Set a new password (``reason`` is "change" or "reset"). The audit event says only that it changed."""
    user.set_password(password)
    user.save(update_fields=["password"])
    event = AccountEvent.PASSWORD_RESET if reason == "reset" else AccountEvent.PASSWORD_CHANGE
    record(actor=actor, action=event, target=user, before=None, after=None)
    if reason == "reset":
        # Proving control of the email address ends any sign-in lockout, as the lockout page says.
        axes_reset(username=user.email.strip().lower())
    return user


@transaction.atomic
def create_invitation(*, actor, email: str, organisation, role, accept_url) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organisation`` with ``role`` and email them a single-use link.

    ``accept_url`` turns the raw token into the absolute link for the email.
    Returns the invitation and the raw token (for the caller's tests only: never store or log it).
    """
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(user__email__iexact=email, organisation=organisation).exists():
        raise InvitationError(
            f"{email} is already a member of {organisation.name}. Change their role on the members page instead."
        )
    token, digest = tokens.issue(INVITATION_PURPOSE)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        token_hash=digest,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record(
        actor=actor,
        action=AccountEvent.INVITATION_SEND,
        target=invitation,
        organisation=organisation,
        before=None,
        after=_invitation_state(invitation),
    )
    context = {
        "invitation": invitation,
        "inviter": actor.display_name if actor else "Lodestar",
        "link": accept_url(token),
        "days": settings.INVITATION_VALID_DAYS,
    }
    subject = f"You are invited to join {organisation.name} on Lodestar"
    body = render_to_string("accounts/emails/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation, token


def check_usable(invitation: Invitation | None) -> None:
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if invitation.is_used:
        raise InvitationError("This invitation has already been used.")
    if invitation.is_expired:
        raise InvitationError("This invitation has expired.")


def _accept(invitation: Invitation, user: User) -> Membership:
    before = _invitation_state(invitation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action=AccountEvent.INVITATION_ACCEPT,
        target=invitation,
        organisation=invitation.organisation,
        before=before,
        after=_invitation_state(invitation),
    )
    return org_actions.add_membership(actor=user, user=user, organisation=invitation.organisation, role=invitation.role)


@transaction.atomic
def accept_invitation_new_person(*, invitation: Invitation, full_name: str, password: str, job_title: str = "") -> User:
    """Create the invited person's account and their membership."""
    invitation = Invitation.objects.select_for_update().select_related("organisation", "role").get(pk=invitation.pk)
    check_usable(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("There is already an account for this email address. Sign in to accept.")
    user = create_user(actor=None, email=invitation.email, full_name=full_name, job_title=job_title, password=password)
    _accept(invitation, user)
    return user


@transaction.atomic
def accept_invitation_existing_person(*, invitation: Invitation, user: User) -> Membership:
    """Add the membership for a signed-in person whose email the invitation was sent to."""
    invitation = Invitation.objects.select_for_update().select_related("organisation", "role").get(pk=invitation.pk)
    check_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError("This invitation was sent to a different email address.")
    return _accept(invitation, user)
