"""Shape plan data for templates: labels for history rows, and the timeline's bar positions."""

from __future__ import annotations

import dataclasses
import datetime

from lodestar.accounts.models import User
from lodestar.core.events import label_for
from lodestar.core.words import plural
from lodestar.orgs.models import Organisation
from lodestar.plans.actions import DEFAULT_DURATION_DAYS, DURATION_DAYS
from lodestar.plans.models import STATUS_TAG, Status, today
from lodestar.star import vocab
from lodestar.star.models import Intervention, StarPoint

FIELD_LABELS = {
    "title": "Title",
    "description": "Description",
    "intervention_id": "Intervention",
    "point_id": "Star point",
    "owner_user_id": "Owner",
    "owner_name": "Owner's name",
    "organisation_id": "Organisation",
    "start_date": "Start date",
    "due_date": "Due date",
    "status": "Status",
    "priority_rank": "Priority",
    "version": "Version",
    "progress.date": "Progress update date",
    "progress.text": "Progress update",
    "milestone.title": "Milestone",
    "milestone.due_date": "Milestone due date",
    "milestone.done": "Milestone done",
    "measure.metric": "Measure",
    "measure.unit": "Measure unit",
    "measure.baseline": "Measure baseline",
    "measure.target": "Measure target",
    "measure.latest_value": "Measure latest value",
    "measure.latest_on": "Measure latest value date",
    "measure.direction": "Which way is better",
    "measure.target_confirmed": "Target confirmed",
    "measure_value.date": "Measure value date",
    "measure_value.value": "Measure value",
}


_MODELS = {
    "intervention_id": (Intervention, "title"),
    "point_id": (StarPoint, "name"),
    "owner_user_id": (User, "display_name"),
    "organisation_id": (Organisation, "name"),
}


def status_label(value) -> str:
    try:
        return Status(value).label
    except ValueError:
        return str(value or "")


def status_tag(value) -> str:
    try:
        return STATUS_TAG[Status(value)]
    except ValueError:
        return "nhsuk-tag--grey"


def display_value(field: str, value) -> str:
    """A value from an audit snapshot, in words."""
    if value in (None, ""):
        return "(empty)"
    if field in _MODELS:
        model, attr = _MODELS[field]
        obj = model._default_manager.filter(pk=value).first()
        return str(getattr(obj, attr)) if obj else f"(removed, {value})"
    if field == "status":
        return status_label(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.endswith(("date", "due_date", "latest_on")) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%-d %B %Y")
        except ValueError:
            return value
    return str(value)


def history_rows(events) -> list[dict]:
    rows = []
    for event in events:
        changes = [
            {"label": FIELD_LABELS.get(f, f), "before": display_value(f, b), "after": display_value(f, a)}
            for f, b, a in event.changes
            if f != "version"
        ]
        rows.append(
            {
                "what": label_for(event.action),
                "who": event.actor.display_name if event.actor else event.actor_label,
                "when": event.created_at,
                "changes": changes,
            }
        )
    return rows


def conflict_rows(conflicts) -> list[dict]:
    return [
        {
            "label": FIELD_LABELS.get(c.field, c.field),
            "yours": display_value(c.field, c.yours),
            "theirs": display_value(c.field, c.theirs),
            "who": c.who,
            "when": c.when,
        }
        for c in conflicts
    ]


# ---------------------------------------------------------------------------- timeline


@dataclasses.dataclass
class TimelineRow:
    action: object
    start_class: int
    span_class: int
    has_dates: bool


@dataclasses.dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    rows: list[TimelineRow]
    months: list[tuple[str, int]]  # (label, position 0-99)
    today_position: int | None


def _position(day: datetime.date, start: datetime.date, total_days: int) -> int:
    return max(0, min(99, int((day - start).days * 100 / total_days)))


def timeline(actions) -> Timeline:
    """Bars as CSS classes (start 0-99 %, span 1-100 %) so no inline style is needed."""
    actions = list(actions)
    dates = [d for a in actions for d in (a.start_date, a.due_date) if d]
    now = today()
    first = min(dates, default=now)
    last = max(dates, default=now + datetime.timedelta(days=180))
    start = first.replace(day=1)
    end_month = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    total = max((end_month - start).days, 1)
    rows = []
    for action in actions:
        a_start = action.start_date or action.due_date
        a_end = action.due_date or action.start_date
        if not a_start:
            rows.append(TimelineRow(action=action, start_class=0, span_class=0, has_dates=False))
            continue
        left = _position(a_start, start, total)
        right = max(left + 1, min(100, int(((a_end - start).days + 1) * 100 / total + 0.999)))
        rows.append(TimelineRow(action=action, start_class=left, span_class=max(1, right - left), has_dates=True))
    months = []
    cursor = start
    while cursor < end_month:
        months.append((cursor.strftime("%b %Y"), _position(cursor, start, total)))
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    # Too many month labels crowd the heading: keep every nth.
    step = max(1, (len(months) + 5) // 6)
    months = months[::step]
    today_position = _position(now, start, total) if start <= now < end_month else None
    return Timeline(start=start, end=end_month, rows=rows, months=months, today_position=today_position)


def _about(days: int) -> str:
    return f"about {plural(round(days / 30.4375), 'month')} ({days:,} days)"


def due_dates_explained() -> dict:
    """How a generated plan's due dates were set (``plans.actions.DURATION_DAYS``), in words:
    an introduction and one line per time to impact."""
    lines = [
        f"{label}: due {_about(DURATION_DAYS[key])} after the start"
        for key, label in vocab.TIME_TO_IMPACT
        if key in DURATION_DAYS
    ]
    lines.append(f"No time given in the catalogue: due {_about(DEFAULT_DURATION_DAYS)} after the start")
    return {
        "intro": (
            "A generated action's due date comes from its intervention's time to impact in the Star catalogue, "
            "counted from the workshop's last day (or from the day the plan is generated, when the workshop has "
            "no end date)."
        ),
        "lines": lines,
        "outro": "Change any due date on the action's page.",
    }
