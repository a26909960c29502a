"""The weekly shared-learning digest: what is new about the case studies and interventions a person
follows (ADR 0035). It goes out with the other weekly emails (``tasks.send_reminders`` on
``LODESTAR_DIGEST_WEEKDAY``, so ``run_scheduler`` and cron send it), once a week at most.

Each follow covers what happened after ``Follow.digest_sent_until`` (or, before its first digest,
after the person started following), up to the moment the digest is made:

* an intervention: case studies tagged with it newly published, and organisations moving to a new
  adoption stage with it;
* a case study: new questions and answers (not hidden, not the person's own), and organisations
  moving to a new adoption stage with its practice.

Only what the person may read: case studies through ``learning.queries.published``, adoption
changes at organisations in their reach (``queries_adoption.organisations_in_reach``); follows of
something they can no longer read are skipped. Once the email is sent the covered follows'
``digest_sent_until`` moves on, so nothing is told twice.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lodestar.accounts.models import User
from lodestar.config.jinja2 import format_date
from lodestar.core.words import plural
from lodestar.learning import queries as learning_queries
from lodestar.learning import queries_adoption, queries_discussion
from lodestar.learning.models import AdoptionChange, Answer, Follow, Question
from lodestar.notifications import learning_emails
from lodestar.notifications.delivery import send_once
from lodestar.notifications.models import NotificationKind

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class DigestSection:
    title: str
    path: str
    changes: list[str]


def recipients():
    """Active people who follow something."""
    return User.objects.filter(is_active=True, learning_follows__isnull=False).distinct().order_by("pk")


def _adoption_lines(user, condition: Q, since, now) -> list[str]:
    changes = (
        AdoptionChange.objects.filter(condition, at__gt=since, at__lte=now)
        .filter(record__organisation__in=queries_adoption.organisations_in_reach(user))
        .select_related("record__organisation")
        .order_by("on", "pk")
    )
    return [
        f"{c.record.organisation.name} is now at the stage {c.get_stage_display().lower()} (from {format_date(c.on)})"
        for c in changes
    ]


def intervention_changes(user, intervention, since, now) -> list[str]:
    published = (
        learning_queries.published(user)
        .filter(interventions=intervention, published_at__gt=since, published_at__lte=now)
        .order_by("published_at", "pk")
    )
    lines = [f"New case study: {cs.title} ({cs.organisation.name})" for cs in published]
    return lines + _adoption_lines(user, Q(record__intervention=intervention), since, now)


def case_study_changes(user, case_study, since, now) -> list[str]:
    window = {"created_at__gt": since, "created_at__lte": now}
    questions = Question.objects.filter(case_study=case_study, hidden_at__isnull=True, **window)
    answers = Answer.objects.filter(
        question__case_study=case_study, hidden_at__isnull=True, question__hidden_at__isnull=True, **window
    )
    counts = [
        (questions.exclude(author=user).count(), "new question", "new questions"),
        (answers.exclude(author=user).count(), "new answer", "new answers"),
    ]
    lines = [plural(n, one, many) for n, one, many in counts if n]
    return lines + _adoption_lines(user, Q(record__case_study=case_study), since, now)


def digest_for(user, now: datetime.datetime) -> tuple[list[DigestSection], list[int]]:
    """The digest's sections for ``user`` (empty: no digest) and the follows it covers."""
    sections, covered = [], []
    for follow in queries_discussion.follows(user).order_by("created_at", "pk"):
        since = follow.digest_sent_until or follow.created_at
        covered.append(follow.pk)
        if follow.case_study_id:
            cs = follow.case_study
            changes = case_study_changes(user, cs, since, now)
            title, path = f"Case study: {cs.title}", reverse("learning:detail", args=[cs.pk])
        else:
            i = follow.intervention
            changes = intervention_changes(user, i, since, now)
            title, path = f"Intervention: {i.title}", reverse("star:detail", args=[i.code])
        if changes:
            sections.append(DigestSection(title, path, changes))
    return sections, covered


def send_digests(on: datetime.date) -> tuple[int, int]:
    """Send the week's digest to each follower with something new; (sent, failed)."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    now = min(timezone.now(), end_of_day)
    year, week_number, _ = on.isocalendar()
    week = f"{year}-W{week_number:02d}"
    sent = failed = 0
    for person in recipients():
        sections, covered = digest_for(person, now)
        if not sections:
            continue
        try:
            done = send_once(
                kind=NotificationKind.LEARNING_DIGEST,
                recipient=person,
                subject=person,
                period=week,
                build=lambda sections=sections: learning_emails.learning_digest(sections, week),
            )
        except Exception:  # logged by send_once; the next run sends it (its key was released)
            failed += 1
            continue
        if done:
            sent += 1
            Follow.objects.filter(pk__in=covered).update(digest_sent_until=now)
    return sent, failed
