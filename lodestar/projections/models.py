"""Projections on the web: scenarios, their versions, runs of the engine and their results,
plans tied to the model, and WISN calculations (issue 11; docs/guide/projections.md).

* A ``Scenario`` belongs to an organisation (scoped like action plans). Its assumptions live in
  ``ScenarioVersion.spec``: the exact mapping a scenario YAML file holds (``lodestar.engine``'s
  schema, docs/engine/method.md). Every change makes a new version; versions are never edited.
* A ``Run`` records the exact inputs it projected (``spec``, the scenario plus any plan actions),
  its number of runs and seed, so any result can be replayed; its tables are stored in
  ``Run.result`` (column-oriented JSON, ``lodestar.projections.results``).
* ``PlanModel`` ties an action plan to a scenario (its baseline) and ``ActionModel`` says how
  one action is modelled (a lever, a staff group, a scale and a start year) or why it is not.
  Whether the plan's modelled view is out of date is derived: the plan's spec now against the
  latest plan run's ``spec_hash``; nothing stores a flag.
* ``WorkshopScenario`` links a workshop to a scenario, for modelled effects in prioritisation.
* ``WisnCalculation`` keeps a WISN calculation as the mapping the CLI's YAML holds.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType


class OrderedJSONField(models.TextField):
    """JSON kept as text, so a mapping comes back with its keys in the order they were written.

    PostgreSQL's ``jsonb`` reorders keys (shorter first), and the engine's random draws follow the
    order it meets the parameters in (docs/adr/0007-monte-carlo-seeding.md): a scenario stored in
    ``jsonb`` would give other numbers on PostgreSQL than the same file gives the CLI, and its YAML
    would come back reordered. Text keeps the order on both databases (ADR 0029).
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class ProjectionEvent(AuditEventType):
    SCENARIO_CREATE = "projections.scenario.create", "Scenario created"
    SCENARIO_CHANGE = "projections.scenario.change", "Scenario assumptions changed"
    SCENARIO_DELETE = "projections.scenario.delete", "Scenario deleted"
    RUN_REQUEST = "projections.run.request", "Projection run requested"
    RUN_FINISH = "projections.run.finish", "Projection run finished"
    RUN_FAIL = "projections.run.fail", "Projection run failed"
    PLAN_MODEL_SET = "projections.plan_model.set", "Action plan linked to a scenario"
    ACTION_MODEL_SET = "projections.action_model.set", "Action modelling set"
    WORKSHOP_SCENARIO_SET = "projections.workshop_scenario.set", "Workshop linked to a scenario"
    WISN_SAVE = "projections.wisn.save", "WISN calculation saved"
    WISN_DELETE = "projections.wisn.delete", "WISN calculation deleted"


class Origin(models.TextChoices):
    DATA = "data", "Built from imported workforce data"
    UPLOAD = "upload", "Uploaded scenario file"
    COPY = "copy", "Copy of another scenario"


class Scenario(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="scenarios")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def latest(self) -> ScenarioVersion | None:
        """The current version (the highest number)."""
        return self.versions.order_by("-number").first()


class ScenarioVersion(models.Model):
    """One immutable set of assumptions: ``spec`` is the scenario mapping (valid for the engine)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    spec = OrderedJSONField()
    change = models.CharField(max_length=300, blank=True)  # what changed from the version before, in words
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scenario", "-number"]
        constraints = [models.UniqueConstraint(fields=["scenario", "number"], name="scenario_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.scenario.name}, version {self.number}"


class RunKind(models.TextChoices):
    SCENARIO = "scenario", "Scenario"
    PLAN = "plan", "Action plan"
    CANDIDATES = "candidates", "Workshop candidates"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class Run(models.Model):
    """One projection: exactly ``spec`` projected ``runs`` times with ``seed``."""

    scenario_version = models.ForeignKey(ScenarioVersion, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=16, choices=RunKind.choices, default=RunKind.SCENARIO)
    plan = models.ForeignKey(
        "plans.ActionPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="projection_runs"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop", null=True, blank=True, on_delete=models.CASCADE, related_name="projection_runs"
    )
    # The exact mapping projected when it is not the version's own (a plan's, a workshop's candidates);
    # None: exactly ``scenario_version.spec`` (versions never change), so a run of a national
    # scenario does not keep a second copy of its megabytes. Read it as ``spec``.
    own_spec = OrderedJSONField(null=True, blank=True)
    spec_hash = models.CharField(max_length=64)  # SHA-256 of the canonical JSON of spec
    runs = models.PositiveIntegerField()
    seed = models.PositiveBigIntegerField()
    size = models.PositiveBigIntegerField(default=0)  # cohorts x years x runs (x steps), for limits
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    where = models.CharField(max_length=200, blank=True)  # "here (2 threads)" or the Dask scheduler
    error = models.TextField(blank=True)  # why it failed, for people
    result = OrderedJSONField(null=True, blank=True)  # tables, column-oriented (lodestar.projections.results)
    seconds = models.FloatField(null=True, blank=True)  # engine time
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["plan", "status"]), models.Index(fields=["workshop", "status"])]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.scenario_version}"

    @property
    def scenario(self) -> Scenario:
        return self.scenario_version.scenario

    @property
    def spec(self) -> dict:
        """The exact scenario mapping this run projected."""
        return self.own_spec if self.own_spec is not None else self.scenario_version.spec

    @spec.setter
    def spec(self, value: dict) -> None:
        self.own_spec = value

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class PlanModel(models.Model):
    """An action plan tied to the model: its baseline scenario and the year its gap is judged by."""

    plan = models.OneToOneField("plans.ActionPlan", on_delete=models.CASCADE, related_name="model")
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="plan_models")
    target_year = models.PositiveIntegerField()  # "by" year for the waterfall and probability
    runs = models.PositiveIntegerField(default=1000)
    seed = models.PositiveBigIntegerField(default=0)
    rerun_automatically = models.BooleanField(default=False)  # re-run in the worker when out of date
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Model of {self.plan}"


def no_cost() -> float:
    return 0


class ActionModel(models.Model):
    """How one action is modelled: a lever applied to a staff group, or "not modelled" with a reason.

    ``effect``, ``amount`` and ``cost_per_year`` hold what a scenario file's intervention holds: a
    number or a distribution mapping (``{"dist": "triangular", "low", "mode", "high"}``). ``lever_settings``
    holds the lever's own keys (course_years, source_group, new_role ...). ``start_year`` None:
    the year of the action's start date (else its due date, else the scenario's first year + 1).
    """

    action = models.OneToOneField("plans.Action", on_delete=models.CASCADE, related_name="model")
    modelled = models.BooleanField(default=True)
    reason = models.TextField(blank=True)  # why it is not modelled
    lever = models.CharField(max_length=40, blank=True)  # a key of lodestar.engine.levers.LEVER_TYPES
    staff_group = models.CharField(max_length=100, blank=True)
    effect = models.JSONField(null=True, blank=True)
    amount = models.JSONField(null=True, blank=True)
    start_year = models.PositiveIntegerField(null=True, blank=True)
    ramp_up_years = models.PositiveSmallIntegerField(default=1)
    cost_per_year = models.JSONField(default=no_cost, blank=True)
    lever_settings = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Model of {self.action}"


class WorkshopScenario(models.Model):
    """The scenario a workshop's candidates are modelled against, and the staff group they act on."""

    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="scenario_link")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="workshop_links")
    staff_group = models.CharField(max_length=100)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.workshop} modelled against {self.scenario}"


class WisnCalculation(models.Model):
    """A saved WISN calculation: ``spec`` is the mapping the CLI's WISN YAML holds (docs/engine/wisn.md)."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="wisn_calculations")
    name = models.CharField(max_length=200)
    spec = OrderedJSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
