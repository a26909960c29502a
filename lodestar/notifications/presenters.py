"""Words about each kind of email for the settings and unsubscribe pages."""

from __future__ import annotations

from django.conf import settings

from lodestar.notifications.models import NotificationKind


def when_sent(kind: str) -> str:
    """When Lodestar sends an email of ``kind``, in a sentence."""
    sentences = {
        NotificationKind.ADDED_TO_WORKSHOP: "when someone adds you to a workshop",
        NotificationKind.RATING_REQUESTED: "when a workshop's facilitator asks you to rate its candidate interventions",
        NotificationKind.OWNER_ASSIGNED: "when someone makes you the owner of an action",
        NotificationKind.DUE_SOON: f"once, when an action you own is due within {settings.LODESTAR_DUE_SOON_DAYS} days",
        NotificationKind.OVERDUE: "once, when an action you own passes its due date without being done",
        NotificationKind.NO_UPDATE: (
            f"when an action you own has had no progress update for {settings.LODESTAR_STALE_UPDATE_DAYS} days"
        ),
        NotificationKind.WEEKLY_DIGEST: (
            "once a week, if you facilitate a workshop or lead an action plan: what changed and what is overdue"
        ),
        # Shared learning (learning_emails.py)
        NotificationKind.CASE_STUDY_COMMENT: "when a reviewer returns a case study you wrote with comments",
        NotificationKind.CASE_STUDY_QUESTION: "when someone asks a question about a case study you wrote",
        NotificationKind.CASE_STUDY_ANSWER: "when someone answers a question you asked or answered",
        NotificationKind.LEARNING_DIGEST: (
            "once a week, if you follow a case study or an intervention and there is something new about it"
        ),
        NotificationKind.NETWORK_REPLY: "when someone replies to a network discussion you started or replied to",
        NotificationKind.NETWORK_DIGEST: (
            "once a week, if there is something new in a network you belong to (discussions, events, resources)"
        ),
        NotificationKind.NETWORK_EVENT_CHANGED: "when a network event you have a place at moves to another time or place",
    }
    return f"We email you {sentences[NotificationKind(kind)]}."


def settings_rows(preferences: dict[str, bool]) -> list[dict]:
    """Each kind of email, whether it is on and when it is sent."""
    return [
        {"key": {"text": NotificationKind(kind).label}, "state": "on" if on else "off", "when": when_sent(kind)}
        for kind, on in preferences.items()
    ]
