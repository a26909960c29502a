"""Multi-disciplinary training pathways and learner cohorts (issue 13, item 3).

* ``Pathway``: a route through training across community, primary and secondary care, owned by
  an organisation (an ICS or region usually): the professions eligible, how many learners one
  intake takes and how many intakes a year, the staff group it trains into (the projection's name
  for it) and, for a conversion route, the staff group learners come from.
* ``Stage``: one step of the pathway in order: its name, how many months it lasts, its setting.
* ``Competency``: a task learners do at a stage, in the Calderdale manner: who may do it (role or
  band), its risk and the supervision it needs.
* ``Placement``: where learners go during a stage: an organisation, a setting, weeks and places.
* ``Cohort``: one intake of learners (its intake date).
* ``CohortCount``: a cohort's counts at one stage on one date (enrolled, progressing, completed,
  withdrawn). Counts are never overwritten: the newest per cohort and stage is the current one and
  the older ones are its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType


class PathwayEvent(AuditEventType):
    PATHWAY_CREATE = "pathways.pathway.create", "Training pathway added"
    PATHWAY_UPDATE = "pathways.pathway.update", "Training pathway changed"
    STAGE_ADD = "pathways.stage.add", "Pathway stage added"
    COMPETENCY_ADD = "pathways.competency.add", "Competency added to a pathway stage"
    PLACEMENT_ADD = "pathways.placement.add", "Placement added to a pathway stage"
    COHORT_ADD = "pathways.cohort.add", "Learner cohort added"
    COUNTS_RECORD = "pathways.cohort.counts", "Learner counts recorded"
    USE_IN_PROJECTION = "pathways.pathway.projection", "Training pathway used in a projection"


class Setting(models.TextChoices):
    """Where care (and training) happens."""

    COMMUNITY = "community", "Community care"
    PRIMARY = "primary", "Primary care"
    SECONDARY = "secondary", "Secondary (hospital) care"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SOCIAL_CARE = "social_care", "Social care"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Supervision(models.TextChoices):
    DIRECT = "direct", "Direct (a supervisor present)"
    INDIRECT = "indirect", "Indirect (a supervisor available)"
    NONE = "none", "None needed"


class Pathway(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="training_pathways")
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    professions = models.JSONField(default=list)  # the professions eligible, as people write them
    capacity = models.PositiveIntegerField()  # learners per intake
    intakes_per_year = models.PositiveSmallIntegerField(default=1)
    staff_group = models.CharField(max_length=100, blank=True)  # the staff group it trains into
    source_group = models.CharField(max_length=100, blank=True)  # a conversion route: learners come from
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def places_per_year(self) -> int:
        return self.capacity * self.intakes_per_year


class Stage(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    months = models.PositiveSmallIntegerField()
    setting = models.CharField(max_length=20, choices=Setting.choices)

    class Meta:
        ordering = ["pathway", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="competencies")
    task = models.CharField(max_length=300)
    who = models.CharField(max_length=200)  # the role or band who may do it
    risk = models.CharField(max_length=10, choices=Risk.choices)
    supervision = models.CharField(max_length=10, choices=Supervision.choices)

    class Meta:
        ordering = ["stage", "pk"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.task


class Placement(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="placements")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    setting = models.CharField(max_length=20, choices=Setting.choices)
    weeks = models.PositiveSmallIntegerField()
    places = models.PositiveIntegerField()

    class Meta:
        ordering = ["stage", "pk"]

    def __str__(self) -> str:
        return f"{self.places} places for {self.weeks} weeks"


class Cohort(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="cohorts")
    intake_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pathway", "intake_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["pathway", "intake_date"], name="one_cohort_per_intake_date")]

    def __str__(self) -> str:
        return f"Intake of {self.intake_date:%B %Y}"


class CohortCount(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="counts")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="counts")
    on = models.DateField()  # the date the counts describe
    enrolled = models.PositiveIntegerField()
    progressing = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()
    withdrawn = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "stage__order", "-on", "-pk"]
        indexes = [models.Index(fields=["cohort", "stage", "-on"], name="cohort_count_latest")]

    def __str__(self) -> str:
        return f"Counts on {self.on:%-d %B %Y}"
