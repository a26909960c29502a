"""Every write to action plans. Keyword-only, one transaction each, one audit event each.

Each action checks its own input and raises ``ValidationProblem`` naming the argument that is
wrong; the web forms, the API and the importer only show its answer. An action's values are
checked by ``check_action_values``, which the importer also runs on each row before anything
is written.

Audit events for an action's milestones, measures and progress updates target the action
itself, so its change history (``history_for``) is one query.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.models import AuditEvent
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.notifications import actions as notifications
from lodestar.plans.models import (
    Action,
    ActionPlan,
    Milestone,
    PlanEvent,
    ProgressUpdate,
    Status,
    today,
)
from lodestar.projections.actions import modelling as projection_modelling

ACTION_FIELDS = Action.EDITABLE_FIELDS
AUDIT_FIELDS = [*ACTION_FIELDS, "version"]

# How long a generated action runs, from the intervention's time to impact.
DURATION_DAYS = {
    "under-6-months": 120,
    "6-12-months": 270,
    "1-2-years": 540,
    "2-5-years": 900,
    "over-5-years": 1095,
}
DEFAULT_DURATION_DAYS = 180

# Limits on what people type. The messages use the form's words.
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
OWNER_NAME_MAX = 200
PRIORITY_MAX = 100_000
PROGRESS_TEXT_MAX = 5000
FUTURE_PROGRESS = "The date of the update cannot be in the future"


@dataclasses.dataclass(frozen=True)
class Conflict:
    field: str
    yours: object
    theirs: object
    who: str
    when: datetime.datetime | None


class StaleEdit(Exception):
    """Someone else saved the action after the editor loaded it. Nothing was written."""

    def __init__(self, *, current: Action, conflicts: list[Conflict]):
        super().__init__("Someone else changed this action while you were editing it.")
        self.current = current
        self.conflicts = conflicts


def history_for(action: Action):
    return AuditEvent.objects.filter(target_type=Action._meta.label, target_id=str(action.pk)).select_related("actor")


# ---------------------------------------------------------------------------- rules


def _text(values: Mapping, name: str) -> str:
    """A text value with the spaces around it removed ("" for missing)."""
    return (values.get(name) or "").strip()


def check_action_values(values: Mapping) -> Problems:
    """Every rule about an action's values, written once.

    ``values`` holds model field names (``point``) or attnames (``point_id``). Pure: no database.
    ``create_action``, ``update_action`` (on the merged values) and the importer's row check
    (``lodestar.plans.tabular.parse_rows``) all use it.
    """
    problems = Problems()
    if problems.require(values.get("title"), "title", "Enter a title for the action"):
        problems.text(_text(values, "title"), "title", "The title", TITLE_MAX)
    problems.text(_text(values, "description"), "description", "The description", DESCRIPTION_MAX)
    if values.get("point") is None and values.get("point_id") is None:
        problems.add("point", "Choose a Star point")
    problems.text(_text(values, "owner_name"), "owner_name", "The owner's name", OWNER_NAME_MAX)
    start, due = values.get("start_date"), values.get("due_date")
    problems.date_in_range(start, "start_date", "The start date")
    if problems.require(due, "due_date", "Enter a due date"):
        problems.date_in_range(due, "due_date", "The due date")
    if not problems.has("start_date"):
        problems.date_order(start, due, "due_date", "The due date must be on or after the start date")
    if values.get("status") not in Status.values:
        problems.add("status", "Choose a status from the list")
    _check_priority(values.get("priority_rank"), problems)
    return problems


def _check_priority(rank, problems: Problems) -> None:
    if rank is None:
        return
    if isinstance(rank, bool) or not isinstance(rank, int):
        problems.add("priority_rank", "Priority must be a whole number")
    elif rank < 1:
        problems.add("priority_rank", "Priority must be 1 or more")
    elif rank > PRIORITY_MAX:
        problems.add("priority_rank", f"Priority must be {PRIORITY_MAX:,} or less")


def _tidy_text(values: dict) -> dict:
    """Strip the free-text values; a missing description or owner's name is empty text."""
    for name in ("title", "description", "owner_name"):
        if name in values and isinstance(values[name], str):
            values[name] = values[name].strip()
    for name in ("description", "owner_name"):
        if name in values and values[name] is None:
            values[name] = ""
    return values


def check_progress(*, date: datetime.date | None, text: str, status: str) -> Problems:
    problems = Problems()
    if problems.require(text, "text", "Enter what has happened"):
        problems.text(text.strip(), "text", "What has happened", PROGRESS_TEXT_MAX)
    if problems.require(date, "date", "Enter the date"):
        problems.date_in_range(date, "date", "The date of the update")
        if not problems.has("date") and date > today():
            problems.add("date", FUTURE_PROGRESS)
    if status and status not in Status.values:
        problems.add("status", "Choose a status from the list")
    return problems


# ---------------------------------------------------------------------------- plans


@transaction.atomic
def create_plan(*, actor, organisation, title: str, workshop=None) -> ActionPlan:
    problems = Problems()
    if problems.require(title, "title", "Enter a plan title"):
        problems.text(title.strip(), "title", "The plan title", TITLE_MAX)
    problems.require(organisation, "organisation", "Choose the organisation")
    problems.raise_any()
    kwargs = {"workshop": workshop} if workshop is not None else {}
    plan = ActionPlan.objects.create(organisation=organisation, title=title.strip(), created_by=actor, **kwargs)
    record(
        actor=actor,
        action=PlanEvent.PLAN_CREATE,
        target=plan,
        organisation=organisation,
        after=snapshot(plan, ["title", "organisation_id"]),
    )
    return plan


@transaction.atomic
def generate_plan(*, actor, workshop) -> ActionPlan:
    """One action per shortlisted candidate, in priority order.

    Refuses (``ValidationProblem``) until the facilitator has confirmed the shortlist. A
    workshop has at most one plan: when it already has one, that plan is returned unchanged.
    """
    if not workshop.shortlist_confirmed_at:
        raise ValidationProblem("", "Confirm the shortlist before generating the action plan")
    existing = ActionPlan.objects.filter(workshop=workshop).first()
    if existing is not None:
        return existing
    candidates = list(
        workshop.candidates.filter(shortlisted=True)
        .select_related("intervention", "intervention__point")
        .order_by(F("priority_rank").asc(nulls_last=True), "id")
    )
    if not candidates:
        raise ValidationProblem("", "The shortlist is empty: shortlist at least one intervention first")
    plan = create_plan(
        actor=actor,
        organisation=workshop.lead_organisation,
        title=f"Action plan: {workshop.title}"[:TITLE_MAX],
        workshop=workshop,
    )
    start = workshop.ends_on or today()
    for position, candidate in enumerate(candidates, start=1):
        intervention = candidate.intervention
        days = DURATION_DAYS.get(intervention.time_to_impact, DEFAULT_DURATION_DAYS)
        create_action(
            actor=actor,
            plan=plan,
            title=intervention.title[:TITLE_MAX],
            description=candidate.note or intervention.summary,
            intervention=intervention,
            point=intervention.point,
            start_date=start,
            due_date=start + datetime.timedelta(days=days),
            status=Status.NOT_STARTED,
            priority_rank=candidate.priority_rank or position,
        )
    record(
        actor=actor,
        action=PlanEvent.PLAN_GENERATE,
        target=plan,
        organisation=plan.organisation,
        after={"workshop_id": workshop.pk, "actions": len(candidates)},
    )
    return plan


# -------------------------------------------------------------------------- actions


@transaction.atomic
def create_action(*, actor, plan: ActionPlan, **values) -> Action:
    """Add an action to ``plan``. ``values`` are the action's fields (``title``, ``point``,
    ``due_date`` ...); the organisation defaults to the plan's and the status to not started."""
    values = _tidy_text({"organisation": plan.organisation, "status": Status.NOT_STARTED, **values})
    check_action_values(values).raise_any()
    action = Action.objects.create(plan=plan, **values)
    record(
        actor=actor,
        action=PlanEvent.ACTION_CREATE,
        target=action,
        organisation=plan.organisation,
        after=snapshot(action, AUDIT_FIELDS),
    )
    notifications.notify_owner_assigned(action=action, actor=actor)  # emailed after commit
    projection_modelling.plan_changed(plan)  # re-modelled after commit, if the plan re-runs automatically
    return action


def _as_attnames(changes: dict) -> dict:
    """Accept model field names or attnames ("owner_user" or "owner_user_id")."""
    out = {}
    for name, value in changes.items():
        attname = name if name in ACTION_FIELDS else f"{name}_id"
        if attname not in ACTION_FIELDS:
            raise ValidationProblem(name, f"{name} cannot be changed here")
        if attname.endswith("_id") and hasattr(value, "pk"):
            value = value.pk
        out[attname] = value
    return out


def _conflicts(action_pk: int, expected_version: int, submitted: dict, current: Action) -> list[Conflict]:
    """What others changed since ``expected_version``: field, your value, their value, who, when."""
    latest: dict[str, tuple[str, datetime.datetime]] = {}
    events = (
        AuditEvent.objects.filter(target_type=Action._meta.label, target_id=str(action_pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for event in events:
        after = event.after or {}
        if not isinstance(after.get("version"), int) or after["version"] <= expected_version:
            continue
        for field, _before, _after in event.changes:
            if field in ACTION_FIELDS:
                who = event.actor.display_name if event.actor else event.actor_label
                latest[field] = (who, event.created_at)
    current_values = snapshot(current, ACTION_FIELDS)
    rows = []
    for field in ACTION_FIELDS:
        if field not in latest:
            continue
        who, when = latest[field]
        yours = submitted.get(field, current_values[field])
        rows.append(
            Conflict(field=field, yours=snapshot_value(yours), theirs=current_values[field], who=who, when=when)
        )
    return rows


def conflicts_since(action: Action, expected_version: int, submitted: dict) -> list[Conflict]:
    """The edit form's conflict rule for a change prepared at ``expected_version`` (the importer's)."""
    return _conflicts(action.pk, expected_version, submitted, action)


def snapshot_value(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def update_action(*, actor, action: Action, expected_version: int, changes: dict) -> Action:
    """Save ``changes`` only if the action is still at ``expected_version``; else ``StaleEdit``.

    The conditional UPDATE (``WHERE id = ? AND version = ?``) is the guard: of two editors who
    loaded the same version, exactly one update matches a row.
    """
    updates = _as_attnames(_tidy_text(dict(changes)))
    current = Action.objects.get(pk=action.pk)
    if current.version != expected_version:
        raise StaleEdit(current=current, conflicts=_conflicts(action.pk, expected_version, updates, current))
    before = snapshot(current, AUDIT_FIELDS)
    check_action_values({**{f: getattr(current, f) for f in ACTION_FIELDS}, **updates}).raise_any()
    matched = Action.objects.filter(pk=action.pk, version=expected_version).update(
        **updates, version=F("version") + 1, updated_at=timezone.now()
    )
    if matched == 0:  # another transaction committed between our read and our update
        current = Action.objects.get(pk=action.pk)
        raise StaleEdit(current=current, conflicts=_conflicts(action.pk, expected_version, updates, current))
    action.refresh_from_db()
    after = snapshot(action, AUDIT_FIELDS)
    record(
        actor=actor,
        action=PlanEvent.ACTION_UPDATE,
        target=action,
        organisation=action.plan.organisation,
        before=before,
        after=after,
    )
    notifications.notify_owner_assigned(action=action, actor=actor, previous_owner_id=before["owner_user_id"])
    projection_modelling.plan_changed(action.plan_id)
    return action


@transaction.atomic
def add_progress_update(*, actor, action: Action, date: datetime.date, text: str, status: str = "") -> ProgressUpdate:
    """Append a dated note; with ``status`` also moves the action to that status (and bumps its version).

    The date is the day it happened: today or earlier, never in the future.
    """
    text = text or ""
    check_progress(date=date, text=text, status=status or "").raise_any()
    current = Action.objects.select_for_update().get(pk=action.pk)
    status_before = current.status
    new_status = status or ""
    update = ProgressUpdate.objects.create(
        action=current,
        date=date,
        text=text.strip(),
        status_before=status_before if new_status and new_status != status_before else "",
        status_after=new_status if new_status and new_status != status_before else "",
        author=actor,
        author_label=getattr(actor, "display_name", "") or "",
    )
    before_snapshot = snapshot(current, AUDIT_FIELDS)
    after_extra = {"progress.date": date.isoformat(), "progress.text": update.text}
    if new_status and new_status != status_before:
        Action.objects.filter(pk=current.pk).update(
            status=new_status, version=F("version") + 1, updated_at=timezone.now()
        )
        current.refresh_from_db()
        projection_modelling.plan_changed(current.plan_id)
    after = {**snapshot(current, AUDIT_FIELDS), **after_extra}
    record(
        actor=actor,
        action=PlanEvent.PROGRESS_ADD,
        target=current,
        organisation=current.plan.organisation,
        before=before_snapshot,
        after=after,
    )
    action.refresh_from_db()
    return update


# ---------------------------------------------------------------- milestones
# (success measures and their values: lodestar.plans.measure_actions)

MILESTONE_FIELDS = ["title", "due_date", "done"]


def _prefixed(prefix: str, obj, fields) -> dict:
    return {f"{prefix}.{k}": v for k, v in snapshot(obj, fields).items()}


def check_milestone(values: Mapping) -> Problems:
    problems = Problems()
    if problems.require(values.get("title"), "title", "Enter the milestone"):
        problems.text(_text(values, "title"), "title", "The milestone", TITLE_MAX)
    problems.date_in_range(values.get("due_date"), "due_date", "The due date")
    return problems


def _save_part(*, actor, action: Action, part, model, label: str, fields: list[str], values: dict, check):
    """Add or change one of an action's milestones or success measures, with its audit event."""
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValidationProblem(unknown[0], f"{unknown[0]} cannot be changed here")
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    current = {name: getattr(part, name) for name in fields} if part else {}
    check({**current, **values}).raise_any()
    before = _prefixed(label, part, fields) if part else None
    if part is None:
        part = model(action=action)
    for name, value in values.items():
        setattr(part, name, value)
    part.save()
    record(
        actor=actor,
        action=PlanEvent[f"{label.upper()}_SAVE" if before else f"{label.upper()}_ADD"],
        target=action,
        organisation=action.plan.organisation,
        before=before,
        after=_prefixed(label, part, fields),
    )
    return part


@transaction.atomic
def save_milestone(*, actor, action: Action, milestone: Milestone | None = None, **values) -> Milestone:
    return _save_part(
        actor=actor,
        action=action,
        part=milestone,
        model=Milestone,
        label="milestone",
        fields=MILESTONE_FIELDS,
        values=values,
        check=check_milestone,
    )


# --------------------------------------------------------------------------- import


@transaction.atomic
def import_plan(*, actor, plan: ActionPlan, rows: list[dict], changes=()) -> list[Action]:
    """Add ``rows`` as new actions and make ``changes`` ((action, expected_version, changes) each,
    through ``update_action``), all in one transaction: any refusal or ``StaleEdit`` undoes all.

    Callers check every row first (``lodestar.plans.importing.preview``) and call this only
    when none was refused, so an upload is applied whole or not at all.
    """
    created = [create_action(actor=actor, plan=plan, **row) for row in rows]
    for action, version, values in changes:
        update_action(actor=actor, action=action, expected_version=version, changes=values)
    record(
        actor=actor,
        action=PlanEvent.PLAN_IMPORT,
        target=plan,
        organisation=plan.organisation,
        after={"actions": len(created), "changed": len(changes)},
    )
    return created


@transaction.atomic
def delete_action(*, actor, action: Action) -> None:
    """Remove an action with its milestones, measures and progress updates. Its audit events
    stay, with what it was in this event's ``before``. Who may is ``ActionPlan.can_manage``."""
    current = Action.objects.select_for_update().select_related("plan__organisation").get(pk=action.pk)
    before = {**snapshot(current, AUDIT_FIELDS), "reference": current.reference, "plan_id": current.plan_id}
    record(
        actor=actor,
        action=PlanEvent.ACTION_DELETE,
        target=current,
        organisation=current.plan.organisation,
        before=before,
    )
    projection_modelling.plan_changed(current.plan_id)
    current.delete()
