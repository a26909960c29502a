"""Importing a plan's file back into the plan: what it adds, what it changes, what is refused.

``preview(rows, user=, plan=, table=)`` compares each row of an upload (read by
``lodestar.plans.tabular``) with the plan as it is now, and writes nothing:

- a row without a Reference is a **new** action;
- a row whose Reference names one of this plan's actions **changes** that action (each field
  with its value now and after the import) or leaves it **unchanged**;
- a Reference that names no action of this plan is **refused**, with its row number;
- a row whose action was changed in Lodestar after the file was downloaded (the row's Version
  is older than the action's) is refused when it changes a field someone else changed, in the
  edit form's words (ADR 0010); otherwise only the row's own changes are applied.

Actions the file does not mention are left as they are: importing never deletes. A preview
without refusals is applied by ``lodestar.plans.actions.import_plan`` in one transaction.
Between the two requests the rows wait in the session (``stash`` / ``unstash``); the confirm
step previews them again against the database and applies only if nothing moved (ADR 0018).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time

from django.db.models import Model
from django.utils import timezone

from lodestar.core import tabular as core_tabular
from lodestar.core.audit import snapshot
from lodestar.core.models import AuditEvent
from lodestar.plans import tabular
from lodestar.plans.actions import ACTION_FIELDS, check_action_values, conflicts_since, snapshot_value
from lodestar.plans.models import Action, ActionPlan
from lodestar.plans.presenters import FIELD_LABELS, display_value

SESSION_KEY = "plans.import"
STASH_SECONDS = 60 * 60  # an upload waits an hour for its confirmation


@dataclasses.dataclass
class Change:
    label: str
    before: str
    after: str


@dataclasses.dataclass
class ImportRow:
    """One row of the file: a new action (``values`` for ``create_action``) or a change to
    ``action`` (``values`` for ``update_action``, at ``expected_version``)."""

    number: int
    title: str
    action: Action | None = None
    values: dict = dataclasses.field(default_factory=dict)
    expected_version: int | None = None
    changes: list[Change] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Preview:
    new: list[ImportRow] = dataclasses.field(default_factory=list)
    changed: list[ImportRow] = dataclasses.field(default_factory=list)
    unchanged: list[ImportRow] = dataclasses.field(default_factory=list)
    refused: list[str] = dataclasses.field(default_factory=list)
    left_alone: int = 0  # actions of the plan that the file does not mention

    @property
    def can_apply(self) -> bool:
        return not self.refused and bool(self.new or self.changed)

    def fingerprint(self) -> str:
        """What the preview showed; the confirm step applies only if it would show the same."""
        plan = [("new", r.number, _plain(r.values)) for r in self.new]
        plan += [("change", r.number, r.action.pk, [dataclasses.astuple(c) for c in r.changes]) for r in self.changed]
        return hashlib.sha256(json.dumps([plan, self.refused], sort_keys=True).encode()).hexdigest()


def _plain(values: dict) -> dict:
    return {name: snapshot_value(value) for name, value in values.items()}


def _attnames(values: dict) -> dict:
    """An action's values as ``ACTION_FIELDS`` (``point_id``), ids for objects."""
    return {
        Action._meta.get_field(name).attname: value.pk if isinstance(value, Model) else value
        for name, value in values.items()
    }


# ---------------------------------------------------------------------------- preview


def preview(rows: list[core_tabular.Row], *, user, plan: ActionPlan, table=None) -> Preview:
    """Every row compared with the plan now; refusals are "Row N: ..." messages, sorted by row."""
    parsed = tabular.parse_rows(rows, user=user, plan=plan, table=table)
    wanted = {Action.pk_from_reference(row.get("reference")) for row, _values, _problems in parsed}
    existing = {
        a.pk: a
        for a in Action.objects.filter(plan=plan, pk__in=wanted - {None}).select_related(
            "plan", "point", "intervention", "owner_user", "organisation"
        )
    }
    result, seen = Preview(), {}
    for row, values, problems in parsed:
        reference = row.get("reference").strip()
        action = existing.get(Action.pk_from_reference(reference))
        where = f"Row {row.number}: {_label(table, 'reference')} '{reference}'"
        if not reference and problems:
            result.refused.extend(problems)
        elif not reference:
            result.new.append(ImportRow(row.number, values["title"], values=values))
        elif action is None:
            result.refused.append(f"{where} is not an action in this plan.")
        elif action.pk in seen:
            result.refused.append(f"{where} is on row {seen[action.pk]} too: change an action on one row only.")
        else:
            seen[action.pk] = row.number
            if problems:
                result.refused.extend(problems)
            else:
                _compare(result, row, values, action, table)
    result.left_alone = Action.objects.filter(plan=plan).exclude(pk__in=list(seen)).count()
    result.refused.sort(key=core_tabular.row_number)
    return result


def _label(table, column: str) -> str:
    return table.label(column) if table is not None else column


def _compare(result: Preview, row: core_tabular.Row, values: dict, action: Action, table) -> None:
    """Add the row to ``result`` as changed, unchanged or refused (a clash, a bad version)."""
    if not row.get("status").strip():  # an empty status or organisation leaves the action's
        values["status"] = action.status
    if not row.get("organisation_code").strip():
        values["organisation"] = action.organisation
    version = _version(row, action, table)
    if version is None:
        result.refused.append(
            f"Row {row.number}: {_label(table, 'version')} '{row.get('version').strip()}' is not a version of "
            f"{action.reference}: it is at version {action.version}."
        )
        return
    native = _attnames(values)
    current = snapshot(action, ACTION_FIELDS)
    base = current if version == action.version else (_state_at(action, version) or current)
    mine = {f: v for f, v in _plain(native).items() if v != base.get(f)}
    clashes = []
    if version != action.version:
        clashes = [c for c in conflicts_since(action, version, mine) if c.field in mine and c.theirs != c.yours]
    if clashes:
        result.refused.append(_clash_message(row.number, action, clashes))
        return
    changes = {f: native[f] for f, v in mine.items() if v != current[f]}
    problems = check_action_values({**{f: getattr(action, f) for f in ACTION_FIELDS}, **changes})
    if problems:
        for field, message in problems.items:
            column = tabular.FIELD_COLUMNS.get(field.removesuffix("_id"), field)
            result.refused.append(f"Row {row.number}: {_label(table, column)}: {message}.")
        return
    entry = ImportRow(row.number, action.title, action=action, values=changes, expected_version=action.version)
    entry.changes = [
        Change(FIELD_LABELS.get(f, f), display_value(f, current[f]), display_value(f, snapshot_value(v)))
        for f, v in changes.items()
    ]
    (result.changed if changes else result.unchanged).append(entry)


def _version(row: core_tabular.Row, action: Action, table) -> int | None:
    """The version the row was downloaded at (the action's own when the cell is empty)."""
    text = row.get("version").strip()
    if not text:
        return action.version
    return int(text) if text.isdigit() and 1 <= int(text) <= action.version else None


def _state_at(action: Action, version: int) -> dict | None:
    """The action's fields as they were at ``version``, from its audit events (None if unknown)."""
    events = AuditEvent.objects.filter(target_type=Action._meta.label, target_id=str(action.pk)).order_by(
        "created_at", "id"
    )
    for event in events:
        for state in (event.after or {}, event.before or {}):
            if state.get("version") == version and all(f in state for f in ACTION_FIELDS):
                return {f: state[f] for f in ACTION_FIELDS}
    return None


def _clash_message(number: int, action: Action, clashes) -> str:
    parts = [
        f"{FIELD_LABELS.get(c.field, c.field)} is now '{display_value(c.field, c.theirs)}' "
        f"(changed by {c.who}{_when(c.when)}), the file has '{display_value(c.field, c.yours)}'"
        for c in clashes
    ]
    return (
        f"Row {number}: {action.reference}: Someone else changed this action while you were editing it: "
        + "; ".join(parts)
        + ". Download the plan again and make your change there."
    )


def _when(when) -> str:
    return f" on {timezone.localtime(when):%-d %B %Y at %H:%M}" if when else ""


# ---------------------------------------------------------------------------- waiting


class _Labels:
    """How messages name columns, kept from the uploaded table ("due_date (J)" in an XLSX)."""

    def __init__(self, labels: dict):
        self.labels = labels

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


def stash(session, *, plan: ActionPlan, name: str, data: bytes, rows, table) -> str:
    """Keep an upload's rows in the session until it is confirmed; returns its token."""
    token = hashlib.sha256(data).hexdigest()
    session[SESSION_KEY] = {
        "plan": plan.pk,
        "token": token,
        "name": name,
        "at": time.time(),
        "labels": {c: table.label(c) for c in table.columns},
        "rows": [[r.number, r.values, r.problems] for r in rows],
    }
    return token


def unstash(session, *, plan: ActionPlan, token: str):
    """(file name, rows, labels) of the upload waiting for ``plan`` with ``token``, or None."""
    kept = session.get(SESSION_KEY)
    if not kept or kept.get("plan") != plan.pk or kept.get("token") != token:
        return None
    if time.time() - kept.get("at", 0) > STASH_SECONDS:
        return None
    rows = [core_tabular.Row(number, values, problems) for number, values, problems in kept["rows"]]
    return kept["name"], rows, _Labels(kept["labels"])


def forget(session) -> None:
    session.pop(SESSION_KEY, None)
