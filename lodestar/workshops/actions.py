"""Every write to workshops: keyword-only functions, one transaction each, with an audit event
(organisation = the workshop's lead organisation)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.workshops import filetypes
from lodestar.workshops.models import (
    Candidate,
    Contribution,
    ContributionKind,
    EvidenceItem,
    EvidenceKind,
    Participant,
    ParticipantRole,
    PointAssessment,
    Rating,
    Workshop,
    WorkshopEvent,
    WorkshopStatus,
)

WORKSHOP_FIELDS = [
    "title",
    "lead_organisation_id",
    "challenge",
    "service",
    "population",
    "staff_groups",
    "care_settings",
    "starts_on",
    "ends_on",
    "status",
    "facilitator_id",
]


class EvidenceRejected(ValueError):
    """The upload is not allowed; the message says why in plain words."""


def _workshop_snapshot(workshop: Workshop) -> dict:
    data = snapshot(workshop, WORKSHOP_FIELDS)
    if workshop.pk:
        data["partner_organisations"] = sorted(workshop.partner_organisations.values_list("pk", flat=True))
    return data


def _record(actor, action, target, workshop, before=None, after=None):
    record(
        actor=actor,
        action=action,
        target=target,
        organisation=workshop.lead_organisation,
        before=before,
        after=after,
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Set-up ---------------------------------------------------------------------------


@transaction.atomic
def create_workshop(
    *,
    actor,
    title: str,
    lead_organisation,
    challenge: str,
    partner_organisations=(),
    service: str = "",
    population: str = "",
    staff_groups=(),
    care_settings=(),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Workshop:
    workshop = Workshop.objects.create(
        title=title,
        lead_organisation=lead_organisation,
        challenge=challenge,
        service=service,
        population=population,
        staff_groups=list(staff_groups),
        care_settings=list(care_settings),
        starts_on=starts_on,
        ends_on=ends_on,
        facilitator=actor,
        created_by=actor,
        status=WorkshopStatus.DRAFT,
    )
    workshop.partner_organisations.set(partner_organisations)
    Participant.objects.create(
        workshop=workshop,
        user=actor,
        name=actor.display_name,
        email=actor.email,
        organisation=lead_organisation,
        role=ParticipantRole.FACILITATOR,
        accepted_at=timezone.now(),
    )
    _record(actor, WorkshopEvent.CREATE, workshop, workshop, after=_workshop_snapshot(workshop))
    return workshop


@transaction.atomic
def update_workshop(*, actor, workshop: Workshop, partner_organisations=None, **fields) -> Workshop:
    before = _workshop_snapshot(workshop)
    for name, value in fields.items():
        if name not in {f.removesuffix("_id") for f in WORKSHOP_FIELDS}:
            raise TypeError(f"update_workshop does not change {name}")
        setattr(workshop, name, list(value) if name in ("staff_groups", "care_settings") else value)
    workshop.save()
    if partner_organisations is not None:
        workshop.partner_organisations.set(partner_organisations)
    _record(actor, WorkshopEvent.UPDATE, workshop, workshop, before=before, after=_workshop_snapshot(workshop))
    return workshop


# --- Participants ---------------------------------------------------------------------


@transaction.atomic
def add_member_participant(*, actor, workshop: Workshop, user, role: str, organisation=None) -> Participant:
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
    _record(
        actor, WorkshopEvent.PARTICIPANT_ADD, participant, workshop, after=snapshot(participant, ["user_id", "role"])
    )
    return participant


@transaction.atomic
def invite_external_participant(
    *, actor, workshop: Workshop, name: str, email: str, role: str, accept_url: callable
) -> tuple[Participant, str]:
    """Create the participant and email a single-use link. ``accept_url(token)`` builds the
    absolute link. Only the token's SHA-256 hash is stored."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    participant = Participant.objects.create(
        workshop=workshop,
        name=name,
        email=email.lower(),
        role=role,
        is_external=True,
        token_hash=hash_token(token),
        invited_at=now,
        invitation_expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        invited_by=actor,
    )
    link = accept_url(token)
    send_mail(
        subject=f"You are invited to the workshop: {workshop.title}",
        message=(
            f"Hello {name},\n\n{actor.display_name} has invited you to contribute to the Star workshop "
            f'"{workshop.title}" led by {workshop.lead_organisation}.\n\n'
            f"Follow this link to take part (it works once, and until "
            f"{timezone.localtime(participant.invitation_expires_at):%d %B %Y}):\n{link}\n\n"
            "You will only see this workshop. If you were not expecting this email, you can ignore it.\n"
        ),
        from_email=None,
        recipient_list=[participant.email],
    )
    _record(
        actor,
        WorkshopEvent.PARTICIPANT_INVITE,
        participant,
        workshop,
        after=snapshot(participant, ["name", "email", "role", "is_external"]),
    )
    return participant, token


def find_invitation(token: str) -> Participant | None:
    """The pending, unexpired invitation for ``token``, or None."""
    if not token:
        return None
    participant = (
        Participant.objects.select_related("workshop", "workshop__lead_organisation")
        .filter(token_hash=hash_token(token), is_external=True, accepted_at__isnull=True)
        .first()
    )
    if participant is None or participant.invitation_expires_at is None:
        return None
    if participant.invitation_expires_at < timezone.now():
        return None
    return participant


@transaction.atomic
def accept_invitation(*, participant: Participant, user=None, full_name: str = "", password: str = ""):
    """Use the invitation once: link it to ``user`` (already signed in with the invited email)
    or create a minimal account (name and password, no organisation membership)."""
    from lodestar.accounts.models import User

    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.accepted_at is not None:
        raise ValueError("This invitation has already been used.")
    if user is None:
        user = User.objects.create_user(participant.email, password, full_name=full_name)
    participant.user = user
    participant.name = user.display_name
    participant.accepted_at = timezone.now()
    participant.token_hash = ""
    participant.save()
    _record(user, WorkshopEvent.PARTICIPANT_ACCEPT, participant, participant.workshop, after={"user_id": user.pk})
    return user


@transaction.atomic
def change_participant_role(*, actor, participant: Participant, role: str) -> Participant:
    before = snapshot(participant, ["role"])
    participant.role = role
    participant.save(update_fields=["role"])
    _record(
        actor,
        WorkshopEvent.PARTICIPANT_ROLE,
        participant,
        participant.workshop,
        before,
        snapshot(participant, ["role"]),
    )
    return participant


@transaction.atomic
def remove_participant(*, actor, participant: Participant) -> None:
    workshop = participant.workshop
    before = snapshot(participant, ["user_id", "name", "email", "role"])
    _record(actor, WorkshopEvent.PARTICIPANT_REMOVE, participant, workshop, before=before)
    participant.delete()


# --- Evidence pack --------------------------------------------------------------------


@transaction.atomic
def add_evidence_note(*, actor, workshop: Workshop, title: str, text: str) -> EvidenceItem:
    item = EvidenceItem.objects.create(
        workshop=workshop, kind=EvidenceKind.NOTE, title=title, text=text, added_by=actor
    )
    _record(actor, WorkshopEvent.EVIDENCE_ADD, item, workshop, after=snapshot(item, ["kind", "title"]))
    return item


def too_large_message() -> str:
    return f"The file must be smaller than {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB"


def check_evidence_file(data: bytes) -> filetypes.FileType:
    if len(data) > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(too_large_message())
    if not data:
        raise EvidenceRejected("The file is empty")
    kind = filetypes.detect(data)
    if kind is None:
        raise EvidenceRejected(filetypes.NOT_ALLOWED)
    return kind


@transaction.atomic
def add_evidence_file(*, actor, workshop: Workshop, title: str, upload, text: str = "") -> EvidenceItem:
    """Store an uploaded file after checking its size and its type by content.
    Raises EvidenceRejected (and stores nothing) when it is not allowed."""
    if upload.size is not None and upload.size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(too_large_message())
    data = upload.read()
    kind = check_evidence_file(data)
    item = EvidenceItem(
        workshop=workshop,
        kind=EvidenceKind.FILE,
        title=title or upload.name,
        text=text,
        original_name=(upload.name or "file")[-255:],
        content_type=kind.content_type,
        size=len(data),
        added_by=actor,
    )
    item.file.save(uuid.uuid4().hex, ContentFile(data), save=False)
    try:
        item.save()
        _record(
            actor,
            WorkshopEvent.EVIDENCE_ADD,
            item,
            workshop,
            after=snapshot(item, ["kind", "title", "original_name", "size"]),
        )
    except Exception:
        item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def delete_evidence(*, actor, item: EvidenceItem) -> None:
    workshop = item.workshop
    _record(
        actor, WorkshopEvent.EVIDENCE_DELETE, item, workshop, before=snapshot(item, ["kind", "title", "original_name"])
    )
    stored = item.file.name if item.file else None
    storage = item.file.storage if item.file else None
    item.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# --- Star assessment ------------------------------------------------------------------

ASSESSMENT_FIELDS = ["current_score", "target_score", "evidence"]


@transaction.atomic
def save_assessment(
    *, actor, workshop: Workshop, point, current_score: int | None, target_score: int | None, evidence: str = ""
) -> PointAssessment:
    for label, value in (("Current", current_score), ("Target", target_score)):
        if value is not None and not 1 <= int(value) <= 5:
            raise ValueError(f"{label} score must be between 1 and 5")
    assessment, _ = PointAssessment.objects.get_or_create(workshop=workshop, point=point)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.current_score = current_score
    assessment.target_score = target_score
    assessment.evidence = evidence
    assessment.updated_by = actor
    assessment.save()
    if workshop.status == WorkshopStatus.DRAFT:
        Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.IN_PROGRESS)
        workshop.status = WorkshopStatus.IN_PROGRESS
    _record(actor, WorkshopEvent.ASSESSMENT_SAVE, assessment, workshop, before, snapshot(assessment, ASSESSMENT_FIELDS))
    return assessment


@transaction.atomic
def add_contribution(*, actor, workshop: Workshop, point, kind: str, text: str) -> Contribution:
    if kind not in ContributionKind.values:
        raise ValueError("Choose evidence, a challenge or an idea")
    if not text.strip():
        raise ValueError("Enter your contribution")
    contribution = Contribution.objects.create(
        workshop=workshop, point=point, kind=kind, text=text.strip(), author=actor
    )
    _record(
        actor,
        WorkshopEvent.CONTRIBUTION_ADD,
        contribution,
        workshop,
        after=snapshot(contribution, ["point_id", "kind", "text"]),
    )
    return contribution


@transaction.atomic
def edit_contribution(*, actor, contribution: Contribution, text: str, kind: str | None = None) -> Contribution:
    if not text.strip():
        raise ValueError("Enter the contribution's text")
    before = snapshot(contribution, ["text", "kind"])
    contribution.text = text.strip()
    if kind:
        contribution.kind = kind
    contribution.save()
    _record(
        actor,
        WorkshopEvent.CONTRIBUTION_EDIT,
        contribution,
        contribution.workshop,
        before,
        snapshot(contribution, ["text", "kind"]),
    )
    return contribution


@transaction.atomic
def set_contribution_hidden(*, actor, contribution: Contribution, hidden: bool) -> Contribution:
    before = snapshot(contribution, ["hidden"])
    contribution.hidden = hidden
    contribution.save(update_fields=["hidden", "updated_at"])
    _record(
        actor,
        WorkshopEvent.CONTRIBUTION_HIDE if hidden else WorkshopEvent.CONTRIBUTION_UNHIDE,
        contribution,
        contribution.workshop,
        before,
        snapshot(contribution, ["hidden"]),
    )
    return contribution


@transaction.atomic
def merge_contribution(*, actor, source: Contribution, into: Contribution) -> Contribution:
    """Append ``source``'s text to ``into``; hide ``source`` with a pointer to ``into``."""
    if source.pk == into.pk:
        raise ValueError("Choose a different contribution to merge into")
    if source.workshop_id != into.workshop_id:
        raise ValueError("Contributions can only be merged within one workshop")
    before = {"source": snapshot(source, ["hidden", "merged_into_id"]), "into": snapshot(into, ["text"])}
    into.text = f"{into.text}\n\n{source.text}"
    into.save()
    source.hidden = True
    source.merged_into = into
    source.save()
    Candidate.objects.filter(challenge=source).update(challenge=into)
    _record(
        actor,
        WorkshopEvent.CONTRIBUTION_MERGE,
        source,
        source.workshop,
        before,
        {"source": snapshot(source, ["hidden", "merged_into_id"]), "into": snapshot(into, ["text"])},
    )
    return into


# --- Candidates and prioritisation ----------------------------------------------------


@transaction.atomic
def add_candidate(
    *, actor, workshop: Workshop, intervention, challenge: Contribution | None = None, note: str = ""
) -> Candidate:
    if challenge is not None and challenge.workshop_id != workshop.pk:
        raise ValueError("The challenge belongs to another workshop")
    candidate, created = Candidate.objects.get_or_create(
        workshop=workshop, intervention=intervention, defaults={"challenge": challenge, "note": note, "added_by": actor}
    )
    if not created:
        before = snapshot(candidate, ["challenge_id", "note"])
        if challenge is not None:
            candidate.challenge = challenge
        if note:
            candidate.note = note
        candidate.save()
        _record(
            actor,
            WorkshopEvent.CANDIDATE_UPDATE,
            candidate,
            workshop,
            before,
            snapshot(candidate, ["challenge_id", "note"]),
        )
        return candidate
    _record(
        actor,
        WorkshopEvent.CANDIDATE_ADD,
        candidate,
        workshop,
        after=snapshot(candidate, ["intervention_id", "challenge_id"]),
    )
    return candidate


@transaction.atomic
def remove_candidate(*, actor, candidate: Candidate) -> None:
    workshop = candidate.workshop
    _record(
        actor,
        WorkshopEvent.CANDIDATE_REMOVE,
        candidate,
        workshop,
        before=snapshot(candidate, ["intervention_id", "challenge_id"]),
    )
    candidate.delete()


@transaction.atomic
def rate_candidate(*, actor, candidate: Candidate, impact: int, effort: int) -> Rating:
    for label, value in (("Impact", impact), ("Effort", effort)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"{label} must be a whole number from 1 to 5")
    rating = Rating.objects.filter(candidate=candidate, user=actor).first()
    before = snapshot(rating, ["impact", "effort"]) if rating else None
    if rating is None:
        rating = Rating(candidate=candidate, user=actor)
    rating.impact = impact
    rating.effort = effort
    rating.save()
    _record(
        actor,
        WorkshopEvent.RATING_SAVE,
        rating,
        candidate.workshop,
        before,
        snapshot(rating, ["candidate_id", "impact", "effort"]),
    )
    return rating


@transaction.atomic
def confirm_shortlist(*, actor, workshop: Workshop, ordered_candidate_ids: list[int]) -> list[Candidate]:
    """Shortlist exactly these candidates, in this order (first = priority 1)."""
    if not ordered_candidate_ids:
        raise ValueError("Choose at least one candidate for the shortlist")
    if len(set(ordered_candidate_ids)) != len(ordered_candidate_ids):
        raise ValueError("Each candidate can be on the shortlist only once")
    candidates = {c.pk: c for c in workshop.candidates.select_for_update()}
    unknown = [pk for pk in ordered_candidate_ids if pk not in candidates]
    if unknown:
        raise ValueError("A chosen candidate does not belong to this workshop")
    before = {str(c.pk): [c.shortlisted, c.priority_rank] for c in candidates.values()}
    for c in candidates.values():
        c.shortlisted = False
        c.priority_rank = None
    for rank, pk in enumerate(ordered_candidate_ids, start=1):
        candidates[pk].shortlisted = True
        candidates[pk].priority_rank = rank
    Candidate.objects.bulk_update(candidates.values(), ["shortlisted", "priority_rank"])
    workshop.shortlist_confirmed_at = timezone.now()
    workshop.save(update_fields=["shortlist_confirmed_at", "updated_at"])
    after = {str(c.pk): [c.shortlisted, c.priority_rank] for c in candidates.values()}
    after["shortlist_confirmed_at"] = workshop.shortlist_confirmed_at
    _record(actor, WorkshopEvent.SHORTLIST_CONFIRM, workshop, workshop, before, after)
    return [candidates[pk] for pk in ordered_candidate_ids]
