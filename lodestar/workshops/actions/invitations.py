"""Inviting someone from outside the taking-part organisations by email, and their single-use
link (``lodestar.core.tokens``, purpose ``INVITATION_PURPOSE``: only its digest is stored, and
a link made for anything else, such as an organisation invitation, never opens one).

The email is sent once the invitation is committed (``transaction.on_commit``): an invitation
that rolls back sends nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from lodestar.core import tokens
from lodestar.core.audit import snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.workshops.actions._common import record_change, record_event, required_text
from lodestar.workshops.actions.participants import ALREADY_TAKING_PART, check_role
from lodestar.workshops.models import Participant, ParticipantRole, Workshop, WorkshopEvent

INVITATION_PURPOSE = "workshops.invitation"
NAME_MAX = 200
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
INVITED_ROLES = [ParticipantRole.CONTRIBUTOR, ParticipantRole.OBSERVER]


def check_invitation(*, workshop: Workshop, name: str, email: str, role: str) -> None:
    problems = Problems()
    required_text(problems, name, "name", "Enter their full name", "Their full name", NAME_MAX)
    if problems.require(email, "email", "Enter their email address"):
        try:
            validate_email(email.strip())
        except ValidationError:
            problems.add("email", EMAIL_FORMAT)
        else:
            if workshop.participants.filter(email=email.strip().lower()).exists():
                problems.add("email", ALREADY_TAKING_PART)
    check_role(problems, role, INVITED_ROLES)
    problems.raise_any()


def _invitation_email(actor, workshop: Workshop, participant: Participant, link: str) -> dict:
    return {
        "subject": f"You are invited to the workshop: {workshop.title}",
        "message": (
            f"Hello {participant.name},\n\n{actor.display_name} has invited you to contribute to the Star workshop "
            f'"{workshop.title}" led by {workshop.lead_organisation}.\n\n'
            f"Follow this link to take part (it works once, and until "
            f"{timezone.localtime(participant.invitation_expires_at):%d %B %Y}):\n{link}\n\n"
            "You will only see this workshop. If you were not expecting this email, you can ignore it.\n"
        ),
        "from_email": None,
        "recipient_list": [participant.email],
    }


@transaction.atomic
def invite_external_participant(
    *, actor, workshop: Workshop, name: str, email: str, role: str, accept_url: callable
) -> tuple[Participant, str]:
    """Create the participant and, once committed, email them a single-use link.
    ``accept_url(token)`` builds the absolute link. Returns the participant and the raw token
    (for the caller's tests only: never store or log it)."""
    check_invitation(workshop=workshop, name=name, email=email, role=role)
    token, digest = tokens.issue(INVITATION_PURPOSE)
    now = timezone.now()
    participant = Participant.objects.create(
        workshop=workshop,
        name=name.strip(),
        email=email.strip().lower(),
        role=role,
        is_external=True,
        token_hash=digest,
        invited_at=now,
        invitation_expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        invited_by=actor,
    )
    fields = ["name", "email", "role", "is_external"]
    record_change(actor, WorkshopEvent.PARTICIPANT_INVITE, participant, workshop, fields)
    email_message = _invitation_email(actor, workshop, participant, accept_url(token))
    transaction.on_commit(lambda: send_mail(**email_message))
    return participant, token


def find_invitation(token: str) -> Participant | None:
    """The pending, unexpired workshop invitation for the raw ``token`` from a link, or None."""
    pending = Participant.objects.select_related("workshop", "workshop__lead_organisation").filter(
        is_external=True, accepted_at__isnull=True, invitation_expires_at__gt=timezone.now()
    )
    return tokens.find(pending, INVITATION_PURPOSE, token)


@transaction.atomic
def accept_invitation(*, participant: Participant, user=None, full_name: str = "", password: str = ""):
    """Use the invitation once: link it to ``user`` (already signed in with the invited email)
    or create a minimal account (name and password, no organisation membership)."""
    from lodestar.accounts.models import User

    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.accepted_at is not None:
        raise ValidationProblem("", "This invitation has already been used")
    if user is None:
        problems = Problems()
        problems.require(full_name, "full_name", "Enter your full name")
        problems.require(password, "password", "Create a password")
        problems.raise_any()
        user = User.objects.create_user(participant.email, password, full_name=full_name)
    before = snapshot(participant, ["user_id", "accepted_at"])
    participant.user = user
    participant.name = user.display_name
    participant.accepted_at = timezone.now()
    participant.token_hash = ""
    participant.save()
    record_event(
        user, WorkshopEvent.PARTICIPANT_ACCEPT, participant, participant.workshop, before, {"user_id": user.pk}
    )
    return user
