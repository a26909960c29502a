"""Every write to training pathways: the pathway, its stages, competencies and placements, its learner
cohorts and their counts. Keyword-only, one transaction each, one audit event each.

Who: people with ``FACILITATE`` at the pathway's organisation (``queries.may_change``); anyone else
is refused with ``PermissionDenied`` (the pages and the API have already answered 404 when the
pathway is out of reach). Numbers may come as text from a form: the rules here say what is a
number, so the form, the API and the demo get the same answer.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems
from lodestar.orgs.models import Organisation
from lodestar.pathways import queries
from lodestar.pathways.models import (
    Cohort,
    CohortCount,
    Competency,
    Pathway,
    PathwayEvent,
    Placement,
    Risk,
    Setting,
    Stage,
    Supervision,
)

NAME_MAX = 200
TEXT_MAX = 5_000
GROUP_MAX = 100
CAPACITY_MAX = 10_000
MONTHS_MAX = 120
LEARNERS_MAX = 100_000
PATHWAY_FIELDS = [
    "name",
    "summary",
    "professions",
    "capacity",
    "intakes_per_year",
    "staff_group",
    "source_group",
]
COUNT_FIELDS = ("enrolled", "progressing", "completed", "withdrawn")
COUNT_WORDS = {
    "enrolled": "learners enrolled",
    "progressing": "learners progressing",
    "completed": "learners completed",
    "withdrawn": "learners withdrawn",
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Only facilitators at the pathway's organisation can change it.")


def whole(value, field: str, label: str, problems: Problems, *, low: int = 0, high: int, required: bool = True):
    """A whole number from ``low`` to ``high`` (text from a form or a number); None when missing."""
    if value is None or str(value).strip() == "":
        if required:
            problems.add(field, f"Enter the {label}")
        return None
    text = str(value).replace(",", "").strip()
    if isinstance(value, bool) or not text.isdigit():
        problems.add(field, f"The {label} must be a whole number, like 12")
        return None
    number = int(text)
    if not low <= number <= high:
        problems.add(field, f"The {label} must be from {low:,} to {high:,}")
        return None
    return number


def _text(value, field: str, label: str, problems: Problems, limit: int, required: str = "") -> str:
    value = value.strip() if isinstance(value, str) else value
    if required and not problems.require(value, field, required):
        return ""
    problems.text(value, field, label, limit)
    return value if isinstance(value, str) else ""


def _professions(value, problems: Problems) -> list[str]:
    """The professions as a list: one per line or separated by commas."""
    if isinstance(value, str):
        value = value.replace("\n", ",").split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        problems.add("professions", "List the professions as text, one per line")
        return []
    names = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if not names:
        problems.add("professions", "Enter at least one profession that may join the pathway")
    for name in names:
        if not problems.text(name, "professions", "Each profession", NAME_MAX):
            break
    return names


def check_pathway(data: dict, problems: Problems) -> dict:
    """The pathway's fields, checked; each problem is added to ``problems``."""
    values = {
        "name": _text(data.get("name"), "name", "The name", problems, NAME_MAX, "Enter the pathway's name"),
        "summary": _text(data.get("summary") or "", "summary", "The summary", problems, TEXT_MAX),
        "professions": _professions(data.get("professions"), problems),
        "capacity": whole(
            data.get("capacity"), "capacity", "number of learners one intake takes", problems, low=1, high=CAPACITY_MAX
        ),
        "intakes_per_year": whole(
            data.get("intakes_per_year") or 1, "intakes_per_year", "number of intakes a year", problems, low=1, high=12
        ),
        "staff_group": _text(data.get("staff_group") or "", "staff_group", "The staff group", problems, GROUP_MAX),
        "source_group": _text(data.get("source_group") or "", "source_group", "The staff group", problems, GROUP_MAX),
    }
    if values["source_group"] and values["source_group"] == values["staff_group"]:
        problems.add("source_group", "The staff group learners come from must differ from the one they train into")
    return values


@transaction.atomic
def create_pathway(*, actor, organisation: Organisation | None, **data) -> Pathway:
    """A pathway owned by ``organisation``: ``name``, ``summary``, ``professions`` (a list, or text one
    per line), ``capacity`` (learners per intake), ``intakes_per_year``, ``staff_group`` (what it trains
    into) and ``source_group`` (a conversion route only)."""
    problems = Problems()
    if organisation is None:
        problems.add("organisation", "Choose the organisation that runs the pathway")
    elif not queries.organisations_to_change(actor).filter(pk=organisation.pk).exists():
        problems.add("organisation", "Choose an organisation where you may add pathways")
    values = check_pathway(data, problems)
    problems.raise_any()
    pathway = Pathway.objects.create(organisation=organisation, created_by=actor, **values)
    record(
        actor=actor,
        action=PathwayEvent.PATHWAY_CREATE,
        target=pathway,
        organisation=organisation,
        after=snapshot(pathway, PATHWAY_FIELDS),
    )
    return pathway


@transaction.atomic
def update_pathway(*, actor, pathway: Pathway, **data) -> Pathway:
    """The pathway's details (the same fields and rules as ``create_pathway``)."""
    _require(queries.may_change(actor, pathway.organisation))
    problems = Problems()
    values = check_pathway(data, problems)
    problems.raise_any()
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    before = snapshot(pathway, PATHWAY_FIELDS)
    for name, value in values.items():
        setattr(pathway, name, value)
    pathway.save()
    record(
        actor=actor,
        action=PathwayEvent.PATHWAY_UPDATE,
        target=pathway,
        organisation=pathway.organisation,
        before=before,
        after=snapshot(pathway, PATHWAY_FIELDS),
    )
    return pathway


# ------------------------------------------------------------------------------ stages


def _choice(value, choices, field: str, message: str, problems: Problems) -> str:
    if value not in choices.values:
        problems.add(field, message)
        return ""
    return value


@transaction.atomic
def add_stage(*, actor, pathway: Pathway, name, months, setting) -> Stage:
    """The next stage of ``pathway``: its ``name``, how many ``months`` it lasts and its ``setting``."""
    _require(queries.may_change(actor, pathway.organisation))
    problems = Problems()
    name = _text(name, "name", "The stage's name", problems, NAME_MAX, "Enter the stage's name")
    months = whole(months, "months", "number of months the stage lasts", problems, low=1, high=MONTHS_MAX)
    setting = _choice(setting, Setting, "setting", "Choose where the stage takes place", problems)
    problems.raise_any()
    Pathway.objects.select_for_update().filter(pk=pathway.pk).first()
    order = (Stage.objects.filter(pathway=pathway).aggregate(m=Max("order"))["m"] or 0) + 1
    stage = Stage.objects.create(pathway=pathway, order=order, name=name, months=months, setting=setting)
    record(
        actor=actor,
        action=PathwayEvent.STAGE_ADD,
        target=stage,
        organisation=pathway.organisation,
        after=snapshot(stage, ["pathway_id", "order", "name", "months", "setting"]),
    )
    return stage


@transaction.atomic
def add_competency(*, actor, stage: Stage, task, who, risk, supervision) -> Competency:
    """A task learners do at ``stage``, who may do it (a role or band), its risk and its supervision."""
    _require(queries.may_change(actor, stage.pathway.organisation))
    problems = Problems()
    task = _text(task, "task", "The task", problems, 300, "Enter the task")
    who = _text(who, "who", "Who may do it", problems, NAME_MAX, "Enter the role or band who may do the task")
    risk = _choice(risk, Risk, "risk", "Choose the task's risk: low, medium or high", problems)
    supervision = _choice(supervision, Supervision, "supervision", "Choose the supervision the task needs", problems)
    problems.raise_any()
    competency = Competency.objects.create(stage=stage, task=task, who=who, risk=risk, supervision=supervision)
    record(
        actor=actor,
        action=PathwayEvent.COMPETENCY_ADD,
        target=competency,
        organisation=stage.pathway.organisation,
        after=snapshot(competency, ["stage_id", "task", "who", "risk", "supervision"]),
    )
    return competency


@transaction.atomic
def add_placement(*, actor, stage: Stage, organisation: Organisation | None, setting, weeks, places) -> Placement:
    """Where learners go during ``stage``: an ``organisation`` in the reader's reach, its ``setting``,
    how many ``weeks`` and how many ``places``."""
    _require(queries.may_change(actor, stage.pathway.organisation))
    problems = Problems()
    if organisation is None or not queries.organisations_in_reach(actor).filter(pk=organisation.pk).exists():
        problems.add("organisation", "Choose the organisation that hosts the placement")
    setting = _choice(setting, Setting, "setting", "Choose the placement's setting", problems)
    weeks = whole(weeks, "weeks", "number of weeks", problems, low=1, high=520)
    places = whole(places, "places", "number of places", problems, low=1, high=CAPACITY_MAX)
    problems.raise_any()
    placement = Placement.objects.create(
        stage=stage, organisation=organisation, setting=setting, weeks=weeks, places=places
    )
    record(
        actor=actor,
        action=PathwayEvent.PLACEMENT_ADD,
        target=placement,
        organisation=stage.pathway.organisation,
        after=snapshot(placement, ["stage_id", "organisation_id", "setting", "weeks", "places"]),
    )
    return placement


# ------------------------------------------------------------------------------ cohorts


@transaction.atomic
def add_cohort(*, actor, pathway: Pathway, intake_date: datetime.date | None) -> Cohort:
    """A new intake of learners on ``intake_date`` (one cohort per date)."""
    _require(queries.may_change(actor, pathway.organisation))
    problems = Problems()
    if intake_date is None:
        problems.add("intake_date", "Enter the intake date")
    else:
        problems.date_in_range(intake_date, "intake_date", "The intake date")
        if not problems and Cohort.objects.filter(pathway=pathway, intake_date=intake_date).exists():
            problems.add("intake_date", f"The pathway already has a cohort starting on {intake_date:%-d %B %Y}")
    problems.raise_any()
    cohort = Cohort.objects.create(pathway=pathway, intake_date=intake_date)
    record(
        actor=actor,
        action=PathwayEvent.COHORT_ADD,
        target=cohort,
        organisation=pathway.organisation,
        after={"pathway_id": pathway.pk, "intake_date": intake_date.isoformat()},
    )
    return cohort


def _check_stage_counts(stage: Stage, given: dict, problems: Problems) -> dict | None:
    values = {}
    for name in COUNT_FIELDS:
        field = f"{name}_{stage.pk}"
        label = f"number of {COUNT_WORDS[name]} at {stage.name}"
        values[name] = whole(given.get(name), field, label, problems, high=LEARNERS_MAX, required=False)
    if all(v is None for v in values.values()):
        return None
    values = {k: v or 0 for k, v in values.items()}
    if values["progressing"] + values["completed"] + values["withdrawn"] > values["enrolled"]:
        problems.add(
            f"enrolled_{stage.pk}",
            f"At {stage.name}, the learners progressing, completed and withdrawn add up to more than those "
            "enrolled: check the numbers",
        )
    return values


def check_counts(cohort: Cohort, on, counts: dict) -> dict[Stage, dict]:
    problems = Problems()
    if on is None:
        problems.add("on", "Enter the date the counts are for")
    else:
        problems.date_in_range(on, "on", "The date of the counts")
        if not problems.has("on") and on > timezone.localdate():
            problems.add("on", "The date of the counts must be today or in the past")
        if not problems.has("on") and on < cohort.intake_date:
            problems.add(
                "on", f"The date of the counts must be on or after the intake date, {cohort.intake_date:%-d %B %Y}"
            )
    counts = counts if isinstance(counts, dict) else {}
    found: dict[Stage, dict] = {}
    for stage in Stage.objects.filter(pathway_id=cohort.pathway_id).order_by("order", "pk"):
        given = counts.get(stage.pk) or counts.get(str(stage.pk)) or {}
        values = _check_stage_counts(stage, given if isinstance(given, dict) else {}, problems)
        if values is not None:
            found[stage] = values
    if not found and not problems:
        problems.add("counts", "Enter the learners at one stage at least")
    problems.raise_any()
    return found


@transaction.atomic
def record_counts(*, actor, cohort: Cohort, on: datetime.date | None, counts: dict) -> list[CohortCount]:
    """The cohort's counts on ``on``: ``counts`` maps a stage id to its ``enrolled``, ``progressing``,
    ``completed`` and ``withdrawn`` (a stage left empty keeps its earlier counts). Earlier counts are
    kept as the history."""
    pathway = cohort.pathway
    _require(queries.may_change(actor, pathway.organisation))
    found = check_counts(cohort, on, counts)
    made = [
        CohortCount.objects.create(cohort=cohort, stage=stage, on=on, recorded_by=actor, **values)
        for stage, values in found.items()
    ]
    record(
        actor=actor,
        action=PathwayEvent.COUNTS_RECORD,
        target=cohort,
        organisation=pathway.organisation,
        after={"on": on.isoformat(), "counts": {str(stage.pk): values for stage, values in found.items()}},
    )
    return made
