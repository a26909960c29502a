"""Shared learning: case studies written to the standard template, reviewed and published.

* ``CaseStudy``: one organisation's account of a change (the challenge, what was changed, who
  led it, costs and resources, what others should know, contact), tagged with Star points,
  catalogue interventions, staff groups, care settings, organisations involved and a sector.
  Its journey: draft -> submitted -> reviewed -> published. A reviewer may instead comment back
  to the authors, which returns it to draft. Editing a published case study returns it to draft
  too (it is reviewed again before it is published again).
* ``visibility`` says who reads a published case study: its own organisation (and those beneath
  it), its ICS, its region, or everyone signed in. ``scope`` is the organisation that visibility
  reaches from (the owner, its ICS or its region; empty for everyone), set by the actions.
* ``CaseStudyResult``: a measure with a baseline value and date and a value after and its date.
* ``CaseStudyVersion``: a snapshot of the whole case study each time it is submitted or
  published: the versions and the change history.
* ``ReviewComment``: a reviewer's words back to the authors.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from lodestar.core.events import AuditEventType


class LearningEvent(AuditEventType):
    CASE_STUDY_CREATE = "learning.case_study.create", "Case study started"
    CASE_STUDY_UPDATE = "learning.case_study.update", "Case study changed"
    RESULT_ADD = "learning.result.add", "Case study result added"
    RESULT_REMOVE = "learning.result.remove", "Case study result removed"
    SUBMIT = "learning.case_study.submit", "Case study submitted for review"
    COMMENT = "learning.case_study.comment", "Case study returned to its authors with comments"
    REVIEWED = "learning.case_study.reviewed", "Case study marked as reviewed"
    PUBLISH = "learning.case_study.publish", "Case study published"
    ADOPTION_RECORD = "learning.adoption.record", "Adoption stage recorded"
    ADOPTION_MEASURES = "learning.adoption.measures", "Adoption measures updated"
    READINESS_SAVE = "learning.readiness.save", "Readiness assessment saved"
    READINESS_DELETE = "learning.readiness.delete", "Readiness assessment deleted"
    CASE_STUDY_FROM_PLAN = "learning.case_study.from_plan", "Case study drafted from an action plan"
    QUESTION_ASK = "learning.question.ask", "Question asked about a case study"
    ANSWER_ADD = "learning.answer.add", "Answer added to a question"
    POST_HIDE = "learning.post.hide", "Question or answer hidden by a moderator"
    POST_RESTORE = "learning.post.restore", "Question or answer shown again by a moderator"
    FOLLOW = "learning.follow", "Started following a case study or intervention"
    UNFOLLOW = "learning.unfollow", "Stopped following a case study or intervention"
    IMAGE_ADD = "learning.image.add", "Picture added to a case study"
    IMAGE_REMOVE = "learning.image.remove", "Picture removed from a case study"


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    SOCIAL_CARE = "social_care", "Social care"
    PRIMARY_CARE = "primary_care", "Primary care"
    VOLUNTARY = "voluntary", "Voluntary sector"
    INDEPENDENT = "independent", "Independent sector"


class Visibility(models.TextChoices):
    ORGANISATION = "organisation", "Our organisation and those beneath it"
    ICS = "ics", "Our integrated care system"
    REGION = "region", "Our region"
    EVERYONE = "everyone", "Everyone signed in to Lodestar"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    REVIEWED = "reviewed", "Reviewed: ready to publish"
    PUBLISHED = "published", "Published"


# The template's sections, in the order a reader meets them: (field, heading).
SECTIONS = [
    ("challenge", "The challenge"),
    ("what_changed", "What was changed"),
    ("who_led", "Who led it and who was involved"),
    ("costs", "Costs and resources"),
    ("lessons", "What others should know"),
    ("contact", "Contact"),
]


class CaseStudy(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="case_studies")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, blank=True)
    challenge = models.TextField(blank=True)
    what_changed = models.TextField(blank=True)
    who_led = models.TextField(blank=True)
    costs = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    contact = models.TextField(blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.NHS)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.ORGANISATION)
    scope = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # where visibility reaches from; empty = everyone
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    points = models.ManyToManyField("star.StarPoint", blank=True, related_name="case_studies")
    interventions = models.ManyToManyField("star.Intervention", blank=True, related_name="case_studies")
    staff_groups = models.JSONField(default=list, blank=True)  # keys of star.vocab.STAFF_GROUPS
    care_settings = models.JSONField(default=list, blank=True)  # keys of star.vocab.CARE_SETTINGS
    organisations_involved = models.ManyToManyField("orgs.Organisation", blank=True, related_name="+")
    version = models.PositiveIntegerField(default=0)  # number of the latest snapshot
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # PostgreSQL: the weighted words for search, kept by lodestar.learning.search_index (ADR 0034).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title


class CaseStudyResult(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="results")
    measure = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_date = models.DateField()
    after = models.DecimalField(max_digits=14, decimal_places=2)
    after_date = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.measure


class CaseStudyVersion(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices)  # what happened: submitted or published
    snapshot = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case_study", "number"], name="one_case_study_version_number")]

    def __str__(self) -> str:
        return f"{self.case_study} version {self.number}"


class ReviewComment(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    marked_reviewed = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Comment on {self.case_study}"


# ------------------------------------------------------------------ adoption (issue 12, item 3)


class Stage(models.TextChoices):
    """Where an organisation stands with an intervention or a case study's practice (spread.md)."""

    AWARE = "aware", "Aware"
    EXPLORING = "exploring", "Exploring"
    PILOTING = "piloting", "Piloting"
    ADOPTED = "adopted", "Adopted"
    EMBEDDED = "embedded", "Embedded"
    DISCONTINUED = "discontinued", "Discontinued"


class AdoptionRecord(models.Model):
    """One organisation's current stage with one intervention or one case study, with the RE-AIM
    measures of whether spread is real. Every change of stage is kept in ``AdoptionChange``; whether
    it was maintained six months or more after adoption is derived from that history."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="adoption_records")
    intervention = models.ForeignKey(
        "star.Intervention", null=True, blank=True, on_delete=models.PROTECT, related_name="adoption_records"
    )
    case_study = models.ForeignKey(
        CaseStudy, null=True, blank=True, on_delete=models.PROTECT, related_name="adoption_records"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    since = models.DateField()  # the day the current stage began
    reason = models.TextField(blank=True)  # why it was discontinued
    note = models.TextField(blank=True)
    # RE-AIM: reach (people covered, of how many eligible), effectiveness (a measure against its
    # baseline), implementation (adaptations made); maintenance is derived from the history.
    reach = models.PositiveIntegerField(null=True, blank=True)
    reach_eligible = models.PositiveIntegerField(null=True, blank=True)
    effect_measure = models.CharField(max_length=200, blank=True)
    effect_baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    effect_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    adaptations = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intervention__isnull=False, case_study__isnull=True)
                | models.Q(intervention__isnull=True, case_study__isnull=False),
                name="adoption_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["organisation", "intervention"],
                condition=models.Q(intervention__isnull=False),
                name="one_adoption_record_per_intervention",
            ),
            models.UniqueConstraint(
                fields=["organisation", "case_study"],
                condition=models.Q(case_study__isnull=False),
                name="one_adoption_record_per_case_study",
            ),
        ]
        indexes = [models.Index(fields=["stage", "since"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_stage_display()}"


class AdoptionChange(models.Model):
    """One step in an adoption record's history: the stage it moved to, from which day, and why."""

    record = models.ForeignKey(AdoptionRecord, on_delete=models.CASCADE, related_name="changes")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField()
    # The day of the record's next change: the stage was held from ``on`` up to it (none while it
    # is the record's stage). Set by ``actions_adoption.record_stage``, which appends every change
    # in order, so the spread curve counts spans without a window over each record's history.
    until = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        # (record, stage, on): a record's first day at a stage, for the spread dashboard's time
        # from piloting to adopted; without it SQLite reached each record's changes through
        # (stage, on) and read every adopted change once per piloted record.
        indexes = [models.Index(fields=["stage", "on"]), models.Index(fields=["record", "stage", "on"])]

    def __str__(self) -> str:
        return f"{self.record}: {self.get_stage_display()} from {self.on}"

    @classmethod
    def for_history(cls, record: AdoptionRecord, history) -> list[AdoptionChange]:
        """Unsaved changes for a whole history of (stage, day), oldest first, each with its
        ``until``: how demo data, tests and benchmarks write many at once with ``bulk_create``."""
        days = [on for _, on in history]
        return [
            cls(record=record, stage=stage, on=on, until=days[i + 1] if i + 1 < len(days) else None)
            for i, (stage, on) in enumerate(history)
        ]


# ------------------------------------------------------------------ readiness (issue 12, item 4)


class ReadinessAssessment(models.Model):
    """An organisation's self-assessment of its readiness to adopt something: each NASSS domain and
    each attribute that predicts adoption rated, with a note (the factors: ``lodestar.learning.readiness``).
    Assessments are kept, so the same subject can be compared over time; anyone in reach of the
    organisation can open one by its link."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="readiness_assessments"
    )
    title = models.CharField(max_length=200)
    intervention = models.ForeignKey(
        "star.Intervention", null=True, blank=True, on_delete=models.SET_NULL, related_name="readiness_assessments"
    )
    case_study = models.ForeignKey(
        CaseStudy, null=True, blank=True, on_delete=models.SET_NULL, related_name="readiness_assessments"
    )
    bookmarked_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="readiness_bookmarks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReadinessRating(models.Model):
    """One factor of an assessment: ``factor`` is a key of ``lodestar.learning.readiness.FACTORS``
    and ``rating`` one of that factor's scale (simple / complicated / complex for a NASSS domain)."""

    assessment = models.ForeignKey(ReadinessAssessment, on_delete=models.CASCADE, related_name="ratings")
    factor = models.CharField(max_length=40)
    rating = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="one_rating_per_factor")]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.factor} {self.rating}"


# Learning from each other (issue 12, item 7): questions and answers on a case study, moderated,
# and people following a case study or an intervention for a digest email.


class Question(models.Model):
    """A question a reader asks about a published case study. Moderators (reviewers of the case
    study's organisation) may hide it with a reason; hidden questions are shown only to moderators."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Answer(models.Model):
    """A reply in a question's thread, by an author of the case study, an adopter or any reader."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Follow(models.Model):
    """A person following a case study or a catalogue intervention (exactly one of the two).
    ``digest_sent_until`` is when their last digest covered changes up to (empty: never sent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_follows")
    case_study = models.ForeignKey(CaseStudy, null=True, blank=True, on_delete=models.CASCADE, related_name="followers")
    intervention = models.ForeignKey(
        "star.Intervention", null=True, blank=True, on_delete=models.CASCADE, related_name="learning_followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    digest_sent_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(case_study__isnull=False, intervention__isnull=True)
                    | models.Q(case_study__isnull=True, intervention__isnull=False)
                ),
                name="learning_follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "case_study"], name="learning_follow_case_study_once"),
            models.UniqueConstraint(fields=["user", "intervention"], name="learning_follow_intervention_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.case_study or self.intervention}"


def case_study_image_path(instance, filename: str) -> str:
    return f"case-studies/{instance.case_study_id}/{uuid.uuid4().hex}"


class CaseStudyImage(models.Model):
    """A picture in a case study (PNG, JPEG or GIF, checked by its content, size limited), with the
    words that describe it for people who cannot see it."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=case_study_image_path, max_length=255)
    alt_text = models.CharField(max_length=300)
    caption = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt_text
