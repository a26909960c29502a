"""What the reminders and the digest are about: reads shared by the tasks and the pages.

Every reminder is about an open action (not done, not stopped) with an owner who uses Lodestar:

* due soon: due on ``on`` or at most ``LODESTAR_DUE_SOON_DAYS`` (14) days after it;
* overdue: due before ``on``;
* no update: started (or with no start date), and its latest progress update (or, with none,
  the day it was added) is ``LODESTAR_STALE_UPDATE_DAYS`` (60) days or more before ``on``.

The weekly digest goes to each person who facilitates a workshop that is not completed (its
facilitator, or a participant with the facilitator role) or leads a plan (created it, or
facilitates its workshop), and lists what changed in the last seven days and what is overdue.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from lodestar.accounts.models import User
from lodestar.core.words import plural
from lodestar.notifications.delivery import read_unsubscribe_token
from lodestar.notifications.models import NotificationKind, NotificationPreference
from lodestar.plans import queries as plan_queries
from lodestar.plans.models import CLOSED_STATUSES, Action, ActionPlan
from lodestar.workshops.models import ParticipantRole, Workshop, WorkshopStatus

WEEK = datetime.timedelta(days=7)


def preferences_for(user) -> dict[str, bool]:
    """``{kind: on?}`` for every kind of email (on unless turned off)."""
    off = NotificationPreference.kinds_off(user)
    return {kind: kind not in off for kind in NotificationKind.values}


def unsubscribe_target(token) -> tuple[User, str] | None:
    """The person and the kind of email an unsubscribe link's ``token`` names, or None."""
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    user = User.objects.filter(pk=found[0]).first()
    return (user, found[1]) if user is not None else None


def raters_to_ask(workshop, asker):
    """The participants ``ask_for_ratings`` emails: facilitators and contributors with an account, not ``asker``."""
    return (
        workshop.participants.filter(
            user__isnull=False,
            user__is_active=True,
            role__in=[ParticipantRole.FACILITATOR, ParticipantRole.CONTRIBUTOR],
        )
        .exclude(user_id=getattr(asker, "pk", None))
        .select_related("user")
    )


def _owned_open_actions():
    return (
        Action.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(owner_user__isnull=False, owner_user__is_active=True)
        .select_related("owner_user", "plan")
    )


def due_soon(on: datetime.date, days: int | None = None):
    days = settings.LODESTAR_DUE_SOON_DAYS if days is None else days
    return _owned_open_actions().filter(due_date__gte=on, due_date__lte=on + datetime.timedelta(days=days))


def overdue(on: datetime.date):
    return _owned_open_actions().overdue(on)


def without_updates(on: datetime.date, days: int | None = None):
    """Open owned actions whose latest update (or, with none, the day they were added) is ``days`` or
    more before ``on``: the rule of ``plans.queries.without_updates``, which the home page uses too.
    Each carries ``last_update`` (a date, or None when there has been none)."""
    return plan_queries.without_updates(_owned_open_actions(), on=on, days=days).annotate(
        last_update=Max("progress_updates__date")
    )


def iso_week(on: datetime.date) -> str:
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


# ------------------------------------------------------------------------------ the digest


def facilitated_workshops(user):
    return (
        Workshop.objects.exclude(status=WorkshopStatus.COMPLETED)
        .filter(Q(facilitator=user) | Q(participants__user=user, participants__role=ParticipantRole.FACILITATOR))
        .distinct()
        .order_by("title", "pk")
    )


def led_plans(user):
    """The plans ``user`` leads: ``plans.queries.led_by``, the rule the home page uses too."""
    return plan_queries.led_by(ActionPlan.objects.all(), user).order_by("title", "pk")


def digest_recipients():
    """Active people who facilitate an open workshop or lead a plan (``led_plans``)."""
    open_statuses = [WorkshopStatus.DRAFT, WorkshopStatus.IN_PROGRESS]
    facilitating = Q(facilitated_workshops__status__in=open_statuses) | Q(
        workshop_participations__role=ParticipantRole.FACILITATOR,
        workshop_participations__workshop__status__in=open_statuses,
    )
    plans = ActionPlan.objects.all()
    leading = (
        Q(pk__in=plans.values("created_by"))
        | Q(pk__in=plans.values("workshop__facilitator"))
        | Q(
            pk__in=plans.filter(workshop__participants__role=ParticipantRole.FACILITATOR).values(
                "workshop__participants__user"
            )
        )
    )
    return User.objects.filter(is_active=True).filter(facilitating | leading).distinct().order_by("pk")


@dataclasses.dataclass
class DigestSection:
    title: str
    path: str
    changes: list[str]
    overdue: list[Action] = dataclasses.field(default_factory=list)


def _counted(pairs) -> list[str]:
    return [plural(n, word, many) for n, word, many in pairs if n]


def workshop_changes(workshop: Workshop, since: datetime.datetime) -> list[str]:
    counts = Workshop.objects.filter(pk=workshop.pk).aggregate(
        new_participants=Count("participants", filter=Q(participants__created_at__gte=since), distinct=True),
        new_contributions=Count("contributions", filter=Q(contributions__created_at__gte=since), distinct=True),
        new_candidates=Count("candidates", filter=Q(candidates__created_at__gte=since), distinct=True),
        new_ratings=Count("candidates__ratings", filter=Q(candidates__ratings__created_at__gte=since), distinct=True),
    )
    return _counted(
        [
            (counts["new_participants"], "new participant", "new participants"),
            (counts["new_contributions"], "new contribution", "new contributions"),
            (counts["new_candidates"], "new candidate intervention", "new candidate interventions"),
            (counts["new_ratings"], "new rating", "new ratings"),
        ]
    )


def plan_changes(plan: ActionPlan, since: datetime.datetime) -> list[str]:
    counts = ActionPlan.objects.filter(pk=plan.pk).aggregate(
        new_added=Count("actions", filter=Q(actions__created_at__gte=since), distinct=True),
        new_changed=Count(
            "actions", filter=Q(actions__updated_at__gte=since, actions__created_at__lt=since), distinct=True
        ),
        new_updates=Count(
            "actions__progress_updates", filter=Q(actions__progress_updates__created_at__gte=since), distinct=True
        ),
    )
    return _counted(
        [
            (counts["new_added"], "action added", "actions added"),
            (counts["new_changed"], "action changed", "actions changed"),
            (counts["new_updates"], "progress update", "progress updates"),
        ]
    )


def digest_for(user, now: datetime.datetime) -> list[DigestSection]:
    """The digest's sections for ``user``: one per workshop they facilitate and plan they lead that
    changed in the week before ``now`` or has overdue actions. Empty means no digest this week."""
    since, on = now - WEEK, timezone.localdate(now)
    sections = []
    for workshop in facilitated_workshops(user):
        if changes := workshop_changes(workshop, since):
            sections.append(
                DigestSection(
                    f"Workshop: {workshop.title}", reverse("workshops:detail", kwargs={"pk": workshop.pk}), changes
                )
            )
    for plan in led_plans(user):
        late = list(plan.actions.overdue(on).select_related("owner_user").order_by("due_date", "pk"))
        changes = plan_changes(plan, since)
        if changes or late:
            sections.append(
                DigestSection(
                    f"Action plan: {plan.title}", reverse("plans:detail", kwargs={"plan_id": plan.pk}), changes, late
                )
            )
    return sections
