"""Who takes part in a workshop: members of the taking-part organisations and their roles.
(People invited from outside by email: ``invitations``.)"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import snapshot
from lodestar.core.validation import Problems
from lodestar.notifications import actions as notifications
from lodestar.workshops.actions._common import check_choice, record_change, record_event
from lodestar.workshops.models import Participant, ParticipantRole, Workshop, WorkshopEvent

ROLE_MESSAGE = "Choose a role"
ALREADY_TAKING_PART = "This person is already a participant in this workshop"


def check_role(problems: Problems, role: str, allowed=ParticipantRole.values) -> None:
    check_choice(problems, role, "role", allowed, ROLE_MESSAGE)


def check_member_participant(*, workshop: Workshop, user, role: str) -> None:
    problems = Problems()
    if user is None:
        problems.add("user", "Choose a person to add")
    elif (
        workshop.participants.filter(user=user).exists()
        or workshop.participants.filter(email=user.email.lower()).exists()
    ):
        problems.add("user", ALREADY_TAKING_PART)
    check_role(problems, role)
    problems.raise_any()


@transaction.atomic
def add_member_participant(*, actor, workshop: Workshop, user, role: str, organisation=None) -> Participant:
    check_member_participant(workshop=workshop, user=user, role=role)
    participant = Participant.objects.create(
        workshop=workshop,
        user=user,
        name=user.display_name,
        email=user.email.lower(),
        organisation=organisation,
        role=role,
        accepted_at=timezone.now(),
        invited_by=actor,
    )
    record_change(actor, WorkshopEvent.PARTICIPANT_ADD, participant, workshop, ["user_id", "role"])
    notifications.notify_participant_added(participant=participant, actor=actor)  # emailed after commit
    return participant


@transaction.atomic
def change_participant_role(*, actor, participant: Participant, role: str) -> Participant:
    problems = Problems()
    check_role(problems, role)
    problems.raise_any()
    before = snapshot(participant, ["role"])
    participant.role = role
    participant.save(update_fields=["role"])
    record_change(actor, WorkshopEvent.PARTICIPANT_ROLE, participant, participant.workshop, ["role"], before)
    return participant


@transaction.atomic
def remove_participant(*, actor, participant: Participant) -> None:
    before = snapshot(participant, ["user_id", "name", "email", "role"])
    record_event(actor, WorkshopEvent.PARTICIPANT_REMOVE, participant, participant.workshop, before=before)
    participant.delete()
