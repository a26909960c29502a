"""Workforce leaders: talent conversations and succession plans (issue 13, item 5; ADR 0040).

The privacy rule, written once here and used by pages, downloads and the API alike: a talent
conversation is visible only to the person it is about, their line manager (named on the
record) and the talent leads of the person's organisation (``Permission.MANAGE_TALENT`` held at
that organisation itself: a talent lead at an ICS or region does not reach the providers
beneath). A succession plan names people (the incumbent and successors), so it is visible only
to the talent leads of the post's organisation. Nobody else sees either, platform staff and
organisation admins included: they get "Page not found". Everyone else sees aggregates only
(``lodestar.talent.aggregates``), with headcounts of 1 to 4 suppressed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lodestar.core.events import AuditEventType
from lodestar.orgs.models import Membership, Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.star.vocab import STAFF_GROUPS as STAR_STAFF_GROUPS

STAFF_GROUPS = [(key, words) for key, words in STAR_STAFF_GROUPS if key != "all"]


class Impact(models.TextChoices):
    """Where the person is now on impact (performance), in the words of the nine-box grid."""

    DEVELOPING = "developing", "Still developing in the role"
    EFFECTIVE = "effective", "Fully effective in the role"
    OUTSTANDING = "outstanding", "Outstanding impact in the role"


class Growth(models.TextChoices):
    """How far and how soon the person wants and is able to grow (Scope for Growth)."""

    SETTLED = "settled", "Settled: growing within the current role"
    EMERGING = "emerging", "Emerging: ready for a bigger role in time"
    HIGH = "high", "High: ready to step up now"


class Readiness(models.TextChoices):
    READY_NOW = "ready_now", "Ready now"
    READY_SOON = "ready_1_2_years", "Ready in 1 to 2 years"
    READY_LATER = "ready_later", "Ready later"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


PREFER_NOT = "prefer_not_to_say"
# Self-reported equality questions: "" is "not asked or not answered"; only what a person reports is kept.
SEX = [("female", "Female"), ("male", "Male"), ("other", "In another way"), (PREFER_NOT, "Prefer not to say")]
ETHNIC_GROUP = [
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Another ethnic group"),
    (PREFER_NOT, "Prefer not to say"),
]
DISABILITY = [("yes", "Yes"), ("no", "No"), (PREFER_NOT, "Prefer not to say")]
EQUALITY_FIELDS = {
    "sex": ("Sex", SEX),
    "ethnic_group": ("Ethnic group", ETHNIC_GROUP),
    "disability": ("Disability", DISABILITY),
}


def talent_lead_organisation_ids(user) -> list[int]:
    """The organisations where ``user`` is a talent lead: ``MANAGE_TALENT`` held at the
    organisation itself. Deliberately not ``in_reach`` (which reaches beneath) and not
    ``holds_everything`` (platform staff are not talent leads)."""
    if not is_signed_in(user):
        return []
    return list(Membership.objects.granting(user, Permission.MANAGE_TALENT).values_list("organisation_id", flat=True))


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConversationQuerySet:
        """The one privacy rule: the person, their line manager, their organisation's talent leads."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(
            Q(person=user) | Q(line_manager=user) | Q(organisation_id__in=talent_lead_organisation_ids(user))
        )


class TalentConversation(models.Model):
    """One talent conversation with a person (a Lodestar user: the person can read their own
    record), at their organisation. A person's newest conversation there is ``latest``: the
    pipeline figures count only those."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="talent_conversations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_records")
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="talent_records_managed"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    staff_group = models.CharField(max_length=40, choices=STAFF_GROUPS)
    current_role = models.CharField(max_length=200)
    impact = models.CharField(max_length=20, choices=Impact.choices)
    growth = models.CharField(max_length=20, choices=Growth.choices)
    aspirations = models.TextField()
    strengths = models.TextField(blank=True)
    readiness = models.CharField(max_length=20, choices=Readiness.choices)
    next_role = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=20, choices=SEX, blank=True)
    ethnic_group = models.CharField(max_length=20, choices=ETHNIC_GROUP, blank=True)
    disability = models.CharField(max_length=20, choices=DISABILITY, blank=True)
    latest = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["latest", "organisation", "readiness"], name="talent_pipeline_idx")]

    def __str__(self) -> str:
        return f"Talent conversation on {self.held_on:%d %B %Y}"


class DevelopmentAction(models.Model):
    """One step of the development plan agreed in a conversation."""

    conversation = models.ForeignKey(TalentConversation, on_delete=models.CASCADE, related_name="development_actions")
    text = models.CharField(max_length=300)
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class SuccessionPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> SuccessionPlanQuerySet:
        """Only the talent leads of the post's organisation: a plan names its incumbent and successors."""
        return self.filter(organisation_id__in=talent_lead_organisation_ids(user))


class SuccessionPlan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="succession_plans")
    post = models.CharField(max_length=200)
    staff_group = models.CharField(max_length=40, choices=STAFF_GROUPS)
    incumbent = models.CharField(max_length=200, blank=True, help_text="Name of the person in the post now")
    risk = models.CharField(max_length=10, choices=Risk.choices)
    risk_reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SuccessionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "post", "pk"]

    def __str__(self) -> str:
        return self.post


class Successor(models.Model):
    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="successors")
    name = models.CharField(max_length=200)
    readiness = models.CharField(max_length=20, choices=Readiness.choices)

    class Meta:
        ordering = ["readiness", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class TalentEvent(AuditEventType):
    CONVERSATION_RECORD = "talent.conversation.record", "Talent conversation recorded"
    SUCCESSION_PLAN_CREATE = "talent.succession_plan.create", "Succession plan added"
    SUCCESSOR_ADD = "talent.successor.add", "Successor added to a succession plan"
