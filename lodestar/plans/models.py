"""Action plans: the prioritised actions that come out of a Star workshop, and how they are tracked.

An ``ActionPlan`` belongs to an organisation (a workshop's lead organisation, or any
organisation for a plan imported or started by hand). Each ``Action`` carries an owner,
dates, a status shown as red/amber/green, milestones, success measures and dated
progress updates. ``Action.version`` guards against lost updates (see ADR 0010).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lodestar.core.events import AuditEventType
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.workshops.models import Workshop


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


# Status -> NHS.UK tag colour modifier. The tag always shows the status in words too.
STATUS_TAG = {
    Status.NOT_STARTED: "nhsuk-tag--white",
    Status.ON_TRACK: "nhsuk-tag--green",
    Status.AT_RISK: "nhsuk-tag--yellow",
    Status.OFF_TRACK: "nhsuk-tag--red",
    Status.DONE: "nhsuk-tag--blue",
    Status.STOPPED: "nhsuk-tag--grey",
}
CLOSED_STATUSES = (Status.DONE, Status.STOPPED)


def today() -> datetime.date:
    return timezone.localdate()


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActionPlanQuerySet:
        """Plans the user reaches (ADR 0017): through a role at the plan's organisation or the
        workshop's lead organisation (or above them), by taking part in the plan's workshop
        (a participant, or its facilitator), or by owning one of its actions. Being a member of
        a workshop's partner organisation gives nothing: the facilitator names partners freely."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_platform_staff:
            return self.all()
        reach = Organisation.objects.in_reach(user, Permission.VIEW)
        workshops = Workshop.objects.filter(
            Q(lead_organisation__in=reach) | Q(facilitator=user) | Q(participants__user=user)
        )
        condition = Q(organisation__in=reach)
        condition |= Q(workshop__in=workshops.values("pk"))
        condition |= Q(pk__in=Action.objects.filter(owner_user=user).values("plan_id"))
        return self.filter(condition)


class ActionPlan(models.Model):
    workshop = models.OneToOneField(
        "workshops.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="action_plan"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def can_edit(self, user) -> bool:
        """Add actions, import, edit any action: contributors at the plan's organisation."""
        return has_permission(user, Permission.CONTRIBUTE, org=self.organisation)

    def can_manage(self, user) -> bool:
        """Delete actions: facilitators at the plan's organisation (or above it), and the
        facilitator of the plan's workshop."""
        if user is None or not user.is_authenticated:
            return False
        if self.workshop_id and self.workshop.facilitator_id == user.pk:
            return True
        return has_permission(user, Permission.FACILITATE, org=self.organisation)


def overdue_condition(on: datetime.date | None = None) -> Q:
    """An overdue action, as a filter: past its due date (before ``on``, today) and not done or stopped."""
    return Q(due_date__lt=on or today()) & ~Q(status__in=CLOSED_STATUSES)


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActionQuerySet:
        return self.filter(plan__in=ActionPlan.objects.visible_to(user).values("pk"))

    def organisations(self):
        """The organisations these actions belong to (as scoped as the actions themselves)."""
        return Organisation.objects.filter(pk__in=self.order_by().values("organisation_id")).order_by("name")

    def overdue(self, on: datetime.date | None = None) -> ActionQuerySet:
        return self.filter(overdue_condition(on))

    def not_overdue(self, on: datetime.date | None = None) -> ActionQuerySet:
        return self.exclude(pk__in=self.overdue(on).values("pk"))

    def with_overdue_flag(self, on: datetime.date | None = None) -> ActionQuerySet:
        return self.annotate(
            is_overdue_flag=models.Case(
                models.When(overdue_condition(on), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    intervention = models.ForeignKey(
        "star.Intervention", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )
    point = models.ForeignKey("star.StarPoint", on_delete=models.PROTECT, related_name="plan_actions")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_actions"
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="A named person who does not use Lodestar, when there is no owner user."
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plan_actions")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    priority_rank = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    # Fields the edit form changes and the change history shows.
    EDITABLE_FIELDS = [
        "title",
        "description",
        "intervention_id",
        "point_id",
        "owner_user_id",
        "owner_name",
        "organisation_id",
        "start_date",
        "due_date",
        "status",
        "priority_rank",
    ]

    class Meta:
        ordering = [models.F("priority_rank").asc(nulls_last=True), "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_on_or_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """The action's stable reference in exports and re-imports: "A00042" for id 42."""
        return f"A{self.pk:05d}" if self.pk else ""

    @staticmethod
    def pk_from_reference(text: str) -> int | None:
        """The id a reference names ("A00042", "a42"), or None for anything else."""
        text = (text or "").strip().upper()
        digits = text[1:]
        return int(digits) if text[:1] == "A" and digits.isdigit() and int(digits) > 0 else None

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return self.owner_user.display_name
        return self.owner_name or "No owner yet"

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.due_date < today() and self.status not in CLOSED_STATUSES)

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG[Status(self.status)]

    def can_edit(self, user) -> bool:
        """Contributors at the plan's or the action's organisation, and the action's owner."""
        if user is None or not user.is_authenticated:
            return False
        if self.owner_user_id and self.owner_user_id == user.pk:
            return True
        return has_permission(user, Permission.CONTRIBUTE, org=self.plan.organisation) or has_permission(
            user, Permission.CONTRIBUTE, org=self.organisation
        )


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.title


def shown_number(value) -> str:
    """A value as people write it: 9 not 9.00, 12.5 not 12.50; "" when not set."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


class Direction(models.TextChoices):
    """Which way a success measure should move. "" (not said) only on measures made before it was asked."""

    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class SuccessMeasure(models.Model):
    """What an action should change, with its values over time (``values``, a dated series, ADR 0019)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    metric = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: %, FTE, days, posts")
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.metric

    def shown(self, field: str) -> str:
        """A value as people write it: 9 not 9.00, 12.5 not 12.50; "" when not set."""
        return shown_number(getattr(self, field))

    @property
    def series(self) -> list[MeasureValue]:
        """The dated values, oldest first (prefetch ``values`` to read them without a query each)."""
        return list(self.values.all())

    @property
    def latest(self) -> MeasureValue | None:
        series = self.series
        return series[-1] if series else None

    # The newest value of the series, read-only (these were stored fields before ADR 0019).
    @property
    def latest_value(self):
        latest = self.latest
        return latest.value if latest else None

    @property
    def latest_on(self) -> datetime.date | None:
        latest = self.latest
        return latest.date if latest else None


class MeasureValue(models.Model):
    """One dated value of a success measure. A second value for the same date replaces the first
    (the audit log keeps both)."""

    measure = models.ForeignKey(SuccessMeasure, on_delete=models.CASCADE, related_name="values")
    date = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["measure", "date"], name="one_measure_value_a_day")]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"

    @property
    def shown(self) -> str:
        return shown_number(self.value)


class ProgressUpdate(models.Model):
    """A dated note on an action. Appended, never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField()
    text = models.TextField()
    status_before = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=Status.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:40]}"


class PlanEvent(AuditEventType):
    """What the audit log and an action's change history record about action plans."""

    PLAN_CREATE = "plans.plan.create", "Action plan created"
    PLAN_GENERATE = "plans.plan.generate", "Action plan generated from a workshop"
    PLAN_IMPORT = "plans.plan.import", "Action plan imported from a file"
    ACTION_CREATE = "plans.action.create", "Action added"
    ACTION_UPDATE = "plans.action.update", "Action changed"
    ACTION_DELETE = "plans.action.delete", "Action deleted"
    PROGRESS_ADD = "plans.progress.add", "Progress update added"
    MILESTONE_ADD = "plans.milestone.add", "Milestone added"
    MILESTONE_SAVE = "plans.milestone.save", "Milestone changed"
    MEASURE_ADD = "plans.measure.add", "Success measure added"
    MEASURE_SAVE = "plans.measure.save", "Success measure changed"
    MEASURE_VALUE_ADD = "plans.measure.value", "Success measure value recorded"
