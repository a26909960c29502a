"""The one place a notification email leaves Lodestar: decide, claim its key, send after commit.

``send_once`` runs inside a task (never inside a page's transaction: the actions enqueue tasks
with ``transaction.on_commit``). In one short transaction it checks the person still wants this
kind of email and creates the ``SentNotification`` row whose unique key names the email; a
second run finds the row and sends nothing. The email goes once that transaction has committed,
so no database lock is held while the mail server answers. If the mail server refuses, the row
is removed again so the task's next run can send it (ADR 0021).
"""

from __future__ import annotations

import dataclasses
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from lodestar.core import tokens
from lodestar.notifications.models import NotificationKind, NotificationPreference, SentNotification

logger = logging.getLogger(__name__)

UNSUBSCRIBE_PURPOSE = "notifications.unsubscribe"


@dataclasses.dataclass(frozen=True)
class Email:
    subject: str
    lines: list[str]


def unsubscribe_token(user, kind: str) -> str:
    """The signed value of an unsubscribe link: this person, this kind of email, nothing else."""
    return tokens.sign(UNSUBSCRIBE_PURPOSE, f"{user.pk}-{NotificationKind(kind).value}")


def read_unsubscribe_token(token) -> tuple[int, str] | None:
    """``(user id, kind)`` from an unsubscribe link's token, or None if it is not one."""
    value = tokens.unsign(UNSUBSCRIBE_PURPOSE, token)
    user_id, _, kind = (value or "").partition("-")
    if not user_id.isdigit() or kind not in NotificationKind.values:
        return None
    return int(user_id), kind


def link(path: str) -> str:
    """An absolute link for an email (there is no request to build one from)."""
    return f"{settings.LODESTAR_SITE_URL}{path}"


def wants(user, kind: str) -> bool:
    """Whether ``user`` gets emails of ``kind``: an active account that has not turned it off."""
    if user is None or not user.is_active or not user.email:
        return False
    return kind not in NotificationPreference.kinds_off(user)


def unsubscribe_link(user, kind: str) -> str:
    return link(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)]))


def _body(user, kind: str, email: Email, unsubscribe: str) -> str:
    settings_page = link(reverse("notifications:settings"))
    greeting = f"Dear {user.display_name}," if getattr(user, "full_name", "") else "Hello,"
    footer = [
        "",
        "--",
        f"You get this email because: {NotificationKind(kind).label.lower()}.",
        f"Stop these emails: {unsubscribe}",
        f"Choose which emails you get: {settings_page}",
    ]
    return "\n".join([greeting, "", *email.lines, *footer]) + "\n"


def send_once(*, kind: str, recipient, subject, period: str = "", build) -> bool:
    """Send the email ``build()`` makes to ``recipient`` unless this key was sent before or the
    person turned ``kind`` off. ``subject`` is the object the email is about. True if sent."""
    key = {
        "kind": NotificationKind(kind).value,
        "recipient": recipient,
        "subject_type": subject._meta.label,
        "subject_id": str(subject.pk),
        "period": str(period),
    }
    try:
        with transaction.atomic():
            if not wants(recipient, kind) or SentNotification.objects.filter(**key).exists():
                return False
            claim = SentNotification.objects.create(**key)
    except IntegrityError:  # another worker claimed the same email at the same moment
        return False
    email = build()
    # Mail programs show their own "Unsubscribe" for List-Unsubscribe: it opens the same page.
    unsubscribe = unsubscribe_link(recipient, kind)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>"}
    message = EmailMessage(
        email.subject, _body(recipient, kind, email, unsubscribe), None, [recipient.email], headers=headers
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the %s email to user %s; it will be tried again", kind, recipient.pk)
        SentNotification.objects.filter(pk=claim.pk).delete()
        raise
    return True
