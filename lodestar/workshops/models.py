"""Star workshops: set-up, participants, evidence, assessment, candidates and ratings.

Who may see what (see docs/guide/workshops-facilitators.md):

* a workshop is visible to members of its lead organisation (and to anyone whose role
  reaches it from above), and to its participants. Naming a partner organisation gives its
  members nothing: the facilitator invites the partner's people as participants (ADR 0017);
* external participants have an account with no organisation membership: they reach
  only the workshops they were invited to, through their ``Participant`` row;
* facilitating (set-up, curation, shortlist) needs FACILITATE at the lead organisation,
  being the workshop's facilitator, or a facilitator participant role;
* contributing (contributions, ratings) needs a facilitator or contributor participant role.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from lodestar.core.events import AuditEventType
from lodestar.orgs.permissions import Permission
from lodestar.workshops import scoring

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class WorkshopStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class WorkshopQuerySet(models.QuerySet):
    def visible_to(self, user) -> WorkshopQuerySet:
        from lodestar.orgs.models import Organisation

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_platform_staff:
            return self.all()
        # Not partner organisations: any organisation can be named a partner (ADR 0017).
        reach = Organisation.objects.in_reach(user, Permission.VIEW)
        ids = Workshop.objects.filter(Q(lead_organisation__in=reach) | Q(participants__user=user)).values("pk")
        return self.filter(pk__in=ids)

    def facilitated_by(self, user) -> WorkshopQuerySet:
        from lodestar.orgs.models import Organisation

        visible = self.visible_to(user)
        if user is None or not user.is_authenticated:
            return visible
        if user.is_platform_staff:
            return visible
        reach = Organisation.objects.in_reach(user, Permission.FACILITATE)
        return visible.filter(
            Q(lead_organisation__in=reach)
            | Q(facilitator=user)
            | Q(pk__in=Participant.objects.filter(user=user, role=ParticipantRole.FACILITATOR).values("workshop_id"))
        )


class Workshop(models.Model):
    title = models.CharField(max_length=200)
    lead_organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="led_workshops")
    partner_organisations = models.ManyToManyField("orgs.Organisation", related_name="partner_workshops", blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="facilitated_workshops"
    )
    challenge = models.TextField(help_text="The workforce challenge in plain words.")
    service = models.CharField("Service or care pathway", max_length=200, blank=True)
    population = models.CharField(max_length=200, blank=True)
    staff_groups = models.JSONField(default=list, blank=True, help_text="Keys of lodestar.star.vocab.STAFF_GROUPS")
    care_settings = models.JSONField(default=list, blank=True, help_text="Keys of lodestar.star.vocab.CARE_SETTINGS")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=WorkshopStatus.choices, default=WorkshopStatus.DRAFT)
    shortlist_confirmed_at = models.DateTimeField(null=True, blank=True)
    ratings_revealed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the facilitator showed everyone the group's ratings (ADR 0022); until then a rater "
        "sees them only once they have rated every candidate",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def _participant(self, user) -> Participant | None:
        if user is None or not user.is_authenticated:
            return None
        return self.participants.filter(user=user).first()

    def is_participant(self, user) -> bool:
        return self._participant(user) is not None

    def can_see_evidence(self, user) -> bool:
        """The evidence pack is for the people taking part: its participants and facilitators."""
        return self.is_participant(user) or self.can_facilitate(user)

    def can_facilitate(self, user) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return Workshop.objects.facilitated_by(user).filter(pk=self.pk).exists()

    def can_contribute(self, user) -> bool:
        if self.can_facilitate(user):
            return True
        participant = self._participant(user)
        return participant is not None and participant.role in (
            ParticipantRole.FACILITATOR,
            ParticipantRole.CONTRIBUTOR,
        )

    @property
    def shortlist_confirmed(self) -> bool:
        return self.shortlist_confirmed_at is not None

    @property
    def ratings_open_to_all(self) -> bool:
        """The group's ratings are shown to everyone: the facilitator revealed them, or the
        shortlist (chosen from them) is confirmed (ADR 0022)."""
        return self.ratings_revealed_at is not None or self.shortlist_confirmed


class ParticipantRole(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    CONTRIBUTOR = "contributor", "Contributor"
    OBSERVER = "observer", "Observer"


class Participant(models.Model):
    """A person taking part in one workshop: a member of an organisation, or an external
    participant invited by email with a single-use link (``is_external``)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workshop_participations",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.CONTRIBUTOR)
    is_external = models.BooleanField(default=False)
    token_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Digest of the invitation token (lodestar.core.tokens); never the token itself",
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "email"], name="one_participant_per_email"),
            models.UniqueConstraint(
                fields=["workshop", "user"], condition=Q(user__isnull=False), name="one_participant_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def invitation_pending(self) -> bool:
        return self.is_external and self.accepted_at is None


class EvidenceKind(models.TextChoices):
    NOTE = "note", "Note"
    FILE = "file", "File"


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.workshop_id}/{uuid.uuid4().hex}"


class EvidenceItem(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to=evidence_path, blank=True, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PointAssessment(models.Model):
    """The group's agreed current and target maturity for one Star point (1 to 5)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="assessments")
    point = models.ForeignKey("star.StarPoint", on_delete=models.PROTECT, related_name="+")
    current_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_VALIDATORS)
    target_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_VALIDATORS)
    evidence = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["point__order"]
        constraints = [models.UniqueConstraint(fields=["workshop", "point"], name="one_assessment_per_point")]

    def __str__(self) -> str:
        return f"{self.workshop}: {self.point}"


class ContributionKind(models.TextChoices):
    EVIDENCE = "evidence", "Evidence"
    CHALLENGE = "challenge", "Challenge"
    IDEA = "idea", "Idea"


class Contribution(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="contributions")
    point = models.ForeignKey("star.StarPoint", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ContributionKind.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["point__order", "kind", "created_at", "id"]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"{self.get_kind_display()}: {text}"


class Candidate(models.Model):
    """An intervention from the catalogue considered by a workshop, optionally for one challenge."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="candidates")
    intervention = models.ForeignKey("star.Intervention", on_delete=models.PROTECT, related_name="workshop_candidates")
    challenge = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    idea = models.ForeignKey(
        Contribution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="idea_candidates",
        help_text="The group's idea this candidate was made from, if any",
    )
    shortlisted = models.BooleanField(default=False)
    priority_rank = models.PositiveIntegerField(null=True, blank=True, help_text="1 is the highest priority")
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority_rank", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "intervention"], name="one_candidate_per_intervention")
        ]

    def __str__(self) -> str:
        return str(self.intervention)

    def _values(self, field: str) -> list[int]:
        return [getattr(r, field) for r in self.ratings.all()]

    @property
    def impact_median(self) -> float | None:
        return scoring.median(self._values("impact"))

    @property
    def effort_median(self) -> float | None:
        return scoring.median(self._values("effort"))

    @property
    def quadrant(self) -> str | None:
        return scoring.quadrant(self.impact_median, self.effort_median)


class Rating(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_ratings")
    impact = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    effort = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "user"]
        constraints = [models.UniqueConstraint(fields=["candidate", "user"], name="one_rating_per_rater")]

    def __str__(self) -> str:
        return f"{self.user}: impact {self.impact}, effort {self.effort}"


class WorkshopEvent(AuditEventType):
    """What the audit log records about Star workshops."""

    CREATE = "workshop.create", "Workshop set up"
    UPDATE = "workshop.update", "Workshop details changed"
    PARTICIPANT_ADD = "workshop.participant.add", "Workshop participant added"
    PARTICIPANT_INVITE = "workshop.participant.invite", "Workshop participant invited"
    PARTICIPANT_ACCEPT = "workshop.participant.accept", "Workshop invitation accepted"
    PARTICIPANT_ROLE = "workshop.participant.role", "Workshop participant's role changed"
    PARTICIPANT_REMOVE = "workshop.participant.remove", "Workshop participant removed"
    EVIDENCE_ADD = "workshop.evidence.add", "Workshop evidence added"
    EVIDENCE_DELETE = "workshop.evidence.delete", "Workshop evidence removed"
    ASSESSMENT_SAVE = "workshop.assessment.save", "Workshop assessment saved"
    CONTRIBUTION_ADD = "workshop.contribution.add", "Workshop contribution added"
    CONTRIBUTION_EDIT = "workshop.contribution.edit", "Workshop contribution edited"
    CONTRIBUTION_HIDE = "workshop.contribution.hide", "Workshop contribution hidden"
    CONTRIBUTION_UNHIDE = "workshop.contribution.unhide", "Workshop contribution shown again"
    CONTRIBUTION_MERGE = "workshop.contribution.merge", "Workshop contributions merged"
    CANDIDATE_ADD = "workshop.candidate.add", "Workshop candidate intervention added"
    CANDIDATE_UPDATE = "workshop.candidate.update", "Workshop candidate intervention changed"
    CANDIDATE_REMOVE = "workshop.candidate.remove", "Workshop candidate intervention removed"
    RATING_SAVE = "workshop.rating.save", "Workshop rating saved"
    RATINGS_REVEAL = "workshop.ratings.reveal", "Workshop group's ratings shown to everyone"
    IDEA_CANDIDATE = "workshop.idea.candidate", "Workshop idea made a candidate"
    SHORTLIST_CONFIRM = "workshop.shortlist.confirm", "Workshop shortlist confirmed"
