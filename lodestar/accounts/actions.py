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
from lodestar.plans import actions as plan_actions

USER_FIELDS = ["email", "full_name", "job_title", "is_active", "is_platform_staff"]
NAME_MAX = User._meta.get_field("full_name").max_length


class InvitationError(Exception):
    """An invitation that cannot be sent or accepted; the message is shown as it is."""


#: The purpose of an organisation invitation's token: it opens nothing else.
INVITATION_PURPOSE = "accounts.invitation"
#: The purpose of a plan invitation's token (ADR 0024): it never opens an organisation invitation.
PLAN_INVITATION_PURPOSE = "accounts.plan_invitation"


def _purpose(invitation: Invitation) -> str:
    return PLAN_INVITATION_PURPOSE if invitation.plan_id else INVITATION_PURPOSE


def find_invitation(token: str) -> Invitation | None:
    """The organisation invitation for a raw token from a link, or None (whatever its state)."""
    queryset = Invitation.objects.for_organisations().select_related("organisation", "role")
    return tokens.find(queryset, INVITATION_PURPOSE, token)


def find_plan_invitation(token: str) -> Invitation | None:
    """The plan invitation (ADR 0024) for a raw token from a link, or None (whatever its state)."""
    queryset = Invitation.objects.for_plans().select_related("organisation", "plan", "action")
    return tokens.find(queryset, PLAN_INVITATION_PURPOSE, token)


def _invitation_state(invitation: Invitation) -> dict:
    state = {"email": invitation.email, "organisation": invitation.organisation.name}
    if invitation.plan_id:
        state["plan"] = invitation.plan.title
        state["action"] = invitation.action.title if invitation.action_id else None
    else:
        state["role"] = invitation.role.name
    state.update(
        expires_at=invitation.expires_at, accepted_at=invitation.accepted_at, withdrawn_at=invitation.withdrawn_at
    )
    return state


def _record_invitation(actor, action, invitation: Invitation, *, before: dict | None) -> None:
    """Record ``action`` on ``invitation`` in its organisation's audit log, with its state now as after."""
    record(
        actor=actor,
        action=action,
        target=invitation,
        organisation=invitation.organisation,
        before=before,
        after=_invitation_state(invitation),
    )


def _expiry():
    return timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)


def _email_invitation(invitation: Invitation, *, inviter, link: str) -> None:
    """Email the link once the transaction commits (never inside it)."""
    context = {
        "invitation": invitation,
        "inviter": inviter.display_name if inviter else "Lodestar",
        "link": link,
        "days": settings.INVITATION_VALID_DAYS,
    }
    if invitation.plan_id:
        subject = f"You are invited to see the action plan {invitation.plan.title} on Lodestar"
        body = render_to_string("accounts/emails/plan_invitation.txt", context)
    else:
        subject = f"You are invited to join {invitation.organisation.name} on Lodestar"
        body = render_to_string("accounts/emails/invitation.txt", context)
    email = invitation.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


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
        email=email, organisation=organisation, role=role, token_hash=digest, invited_by=actor, expires_at=_expiry()
    )
    _record_invitation(actor, AccountEvent.INVITATION_SEND, invitation, before=None)
    _email_invitation(invitation, inviter=actor, link=accept_url(token))
    return invitation, token


@transaction.atomic
def create_plan_invitation(*, actor, email: str, action, accept_url) -> tuple[Invitation, str]:
    """Invite someone who does not use Lodestar to see ``action``'s plan as the action's owner
    (ADR 0024): accepting creates their account and makes them the owner, which is what gives
    them the plan (``ActionPlan.objects.visible_to``). Returns the invitation and the raw token."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationError(f"{email} already uses Lodestar: give their email address as the owner instead.")
    plan = action.plan
    token, digest = tokens.issue(PLAN_INVITATION_PURPOSE)
    invitation = Invitation.objects.create(
        email=email,
        organisation=plan.organisation,
        plan=plan,
        action=action,
        token_hash=digest,
        invited_by=actor,
        expires_at=_expiry(),
    )
    _record_invitation(actor, AccountEvent.PLAN_INVITATION_SEND, invitation, before=None)
    _email_invitation(invitation, inviter=actor, link=accept_url(token))
    return invitation, token


def _locked(invitation: Invitation) -> Invitation:
    related = ("organisation", "role", "plan", "action")
    return Invitation.objects.select_for_update(of=("self",)).select_related(*related).get(pk=invitation.pk)


def _check_open(invitation: Invitation) -> None:
    if invitation.is_used:
        raise InvitationError(f"The invitation for {invitation.email} has already been accepted.")
    if invitation.is_withdrawn:
        raise InvitationError(f"The invitation for {invitation.email} has already been withdrawn.")


@transaction.atomic
def resend_invitation(*, actor, invitation: Invitation, accept_url) -> tuple[Invitation, str]:
    """Email a new link with a new expiry; the old link stops working (its digest is replaced).
    Returns the invitation and the new raw token."""
    invitation = _locked(invitation)
    _check_open(invitation)
    before = _invitation_state(invitation)
    token, invitation.token_hash = tokens.issue(_purpose(invitation))
    invitation.expires_at = _expiry()
    invitation.save(update_fields=["token_hash", "expires_at"])
    _record_invitation(actor, AccountEvent.INVITATION_RESEND, invitation, before=before)
    _email_invitation(invitation, inviter=actor, link=accept_url(token))
    return invitation, token


@transaction.atomic
def withdraw_invitation(*, actor, invitation: Invitation) -> Invitation:
    """The link stops working at once; the invitation stays in the audit log."""
    invitation = _locked(invitation)
    _check_open(invitation)
    before = _invitation_state(invitation)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    _record_invitation(actor, AccountEvent.INVITATION_WITHDRAW, invitation, before=before)
    return invitation


def check_usable(invitation: Invitation | None) -> None:
    if invitation is None:
        raise InvitationError("This invitation link is not valid.")
    if invitation.is_used:
        raise InvitationError("This invitation has already been used.")
    if invitation.is_withdrawn:
        raise InvitationError("This invitation has been withdrawn. Ask the person who invited you for a new one.")
    if invitation.is_expired:
        raise InvitationError("This invitation has expired.")


def _accept(invitation: Invitation, user: User):
    before = _invitation_state(invitation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _record_invitation(
        user,
        AccountEvent.PLAN_INVITATION_ACCEPT if invitation.plan_id else AccountEvent.INVITATION_ACCEPT,
        invitation,
        before=before,
    )
    if invitation.plan_id:
        return _take_ownership(invitation, user)
    return org_actions.add_membership(actor=user, user=user, organisation=invitation.organisation, role=invitation.role)


def _take_ownership(invitation: Invitation, user: User):
    """The invited person becomes the owner of the action they were invited for, unless it has
    since gone or been given to someone else who uses Lodestar. Returns the action or None."""
    action = invitation.action
    if action is None or (action.owner_user_id and action.owner_user_id != user.pk):
        return None
    if action.owner_user_id == user.pk:
        return action
    return plan_actions.update_action(
        actor=user, action=action, expected_version=action.version, changes={"owner_user": user, "owner_name": ""}
    )


@transaction.atomic
def accept_invitation_new_person(*, invitation: Invitation, full_name: str, password: str, job_title: str = "") -> User:
    """Create the invited person's account and their membership (or, for a plan invitation,
    make them the owner of the action they were invited for)."""
    invitation = _locked(invitation)
    check_usable(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("There is already an account for this email address. Sign in to accept.")
    user = create_user(actor=None, email=invitation.email, full_name=full_name, job_title=job_title, password=password)
    _accept(invitation, user)
    return user


@transaction.atomic
def accept_invitation_existing_person(*, invitation: Invitation, user: User):
    """Add the membership (or, for a plan invitation, the action's ownership) for a signed-in
    person whose email the invitation was sent to."""
    invitation = _locked(invitation)
    check_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError("This invitation was sent to a different email address.")
    return _accept(invitation, user)


@transaction.atomic
def update_profile(*, actor, user: User, full_name: str, job_title: str = "") -> User:
    """A person changes their own name and job title (``check_person``'s rules; nothing changes
    on a refusal). Records nothing when nothing changed."""
    full_name, job_title = (full_name or "").strip(), (job_title or "").strip()
    check_person(full_name=full_name, job_title=job_title)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, ["full_name", "job_title"])
    user.full_name, user.job_title = full_name, job_title
    after = snapshot(user, ["full_name", "job_title"])
    if after != before:
        user.save(update_fields=["full_name", "job_title"])
        record(actor=actor, action=AccountEvent.PROFILE_UPDATE, target=user, before=before, after=after)
    return user
