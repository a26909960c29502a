"""Pilot and test-of-concept projects with stage gates and PDSA cycles (issue 13, item 2).

A pilot belongs to an organisation (a provider, ICS or region), tests a hypothesis at some sites
with measures that have a baseline, and moves through the stages in ``lodestar.pilots.lifecycle``:
proposed, approved, running (PDSA cycles logged), evaluating (before and after values per
measure) and decided (scale up, adapt and retest, or stop). Every move is a ``StageChange`` row
(the history on the pilot page) and an audit event (``PilotEvent``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType


class PilotEvent(AuditEventType):
    PROPOSE = "pilots.pilot.propose", "Pilot proposed"
    UPDATE = "pilots.pilot.update", "Pilot proposal changed"
    MEASURE_ADD = "pilots.measure.add", "Pilot measure added"
    APPROVE = "pilots.pilot.approve", "Pilot approved"
    START = "pilots.pilot.start", "Pilot started running"
    CYCLE_ADD = "pilots.cycle.add", "PDSA cycle logged"
    EVALUATE = "pilots.pilot.evaluate", "Pilot evaluated: before and after values recorded"
    DECIDE = "pilots.pilot.decide", "Decision recorded on a pilot"
    SCALE_UP = "pilots.pilot.scale_up", "Pilot scaled up: draft case study and local intervention made"


class Stage(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    RUNNING = "running", "Running"
    EVALUATING = "evaluating", "Evaluating"
    DECIDED = "decided", "Decided"


class Decision(models.TextChoices):
    SCALE_UP = "scale_up", "Scale up"
    ADAPT = "adapt", "Adapt and test again"
    STOP = "stop", "Stop"


class Pilot(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="pilots")
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="pilots"
    )
    title = models.CharField(max_length=200)
    hypothesis = models.TextField(blank=True)
    aims = models.TextField(blank=True)
    sites = models.ManyToManyField("orgs.Organisation", related_name="pilot_sites", blank=True)
    cohort_size = models.PositiveIntegerField(null=True, blank=True)
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PROPOSED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    learned = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    case_study = models.ForeignKey(
        "learning.CaseStudy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intervention = models.ForeignKey(
        "star.Intervention", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "stage"])]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """What the pilot measures: its baseline when proposed, and before and after when evaluated."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    before = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    after = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Cycle(models.Model):
    """One plan-do-study-act cycle of a running pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveIntegerField()
    plan = models.TextField()
    do = models.TextField(blank=True)
    study = models.TextField(blank=True)
    act = models.TextField(blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["pilot", "number"], name="pilots_cycle_number_unique")]

    def __str__(self) -> str:
        return f"PDSA cycle {self.number}"


class StageChange(models.Model):
    """One move between stages, kept as the pilot's history."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    note = models.TextField(blank=True)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} to {self.to_stage}"
