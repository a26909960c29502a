"""Emails Lodestar sends by itself: what each kind is, who turned which off, and what was sent.

* ``NotificationKind``: every kind of email, with the words the "Email settings" page uses;
* ``NotificationPreference``: a person's choice for one kind. No row means the email is on;
* ``SentNotification``: one row per email sent. Its key (kind, recipient, subject, period) is
  unique, so a task that runs twice (a retry, two workers, the scheduler started twice) sends
  each email once (ADR 0021). The period is what makes a repeat a new email: the due date for
  a reminder, the ISO week for the digest, the action's version for an owner change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType


class NotificationKind(models.TextChoices):
    ADDED_TO_WORKSHOP = "added_to_workshop", "You are added to a workshop"
    RATING_REQUESTED = "rating_requested", "A facilitator asks you to rate the candidate interventions"
    OWNER_ASSIGNED = "owner_assigned", "You are made the owner of an action"
    DUE_SOON = "due_soon", "An action you own is due soon"
    OVERDUE = "overdue", "An action you own is overdue"
    NO_UPDATE = "no_update", "An action you own has had no progress update for a while"
    WEEKLY_DIGEST = "weekly_digest", "Weekly summary of the workshops you facilitate and the plans you lead"
    # Shared learning (lodestar/notifications/learning_emails.py)
    CASE_STUDY_COMMENT = "case_study_comment", "A reviewer returns your case study to you with comments"
    CASE_STUDY_QUESTION = "case_study_question", "Someone asks a question about a case study you wrote"
    CASE_STUDY_ANSWER = "case_study_answer", "Someone answers a question you asked or answered"
    LEARNING_DIGEST = "learning_digest", "Weekly summary of the case studies and interventions you follow"
    # Networks (lodestar/notifications/network_emails.py)
    NETWORK_REPLY = "network_reply", "Someone replies to a network discussion you took part in"
    NETWORK_DIGEST = "network_digest", "Weekly summary of what is new in the networks you belong to"
    NETWORK_EVENT_CHANGED = "network_event_changed", "A network event you have a place at changes its time or place"


class NotificationPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'on' if self.enabled else 'off'}"

    @classmethod
    def kinds_off(cls, user) -> set[str]:
        """The kinds of email ``user`` has turned off (every other kind is on)."""
        return set(cls.objects.filter(user=user, enabled=False).values_list("kind", flat=True))


class SentNotification(models.Model):
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField(max_length=100, help_text="The model the email is about, e.g. plans.Action")
    subject_id = models.CharField(max_length=64)
    period = models.CharField(max_length=40, blank=True, help_text="Due date, ISO week or version")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "subject_type", "subject_id", "period"], name="send_each_email_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} about {self.subject_type} {self.subject_id} ({self.period})"


class NotificationEvent(AuditEventType):
    """What the audit log records about email settings."""

    PREFERENCES_SAVE = "notifications.preferences.save", "Email settings changed"
    UNSUBSCRIBE = "notifications.unsubscribe", "Email turned off from its unsubscribe link"
    RATING_REQUEST = "notifications.rating.request", "Participants asked to rate the candidates"
