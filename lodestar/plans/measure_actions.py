"""Every write to an action's success measures: the measure itself and its dated values (ADR 0019).

Split from ``lodestar.plans.actions`` (the module limit); the same rules apply: keyword-only,
one transaction, the action checks its input and raises ``ValidationProblem`` naming the
argument, one audit event each, targeting the action (so its change history is one query).

The target rule, written once here and shown by the measure form: a measure says which way is
better (higher or lower). When it has a baseline and a target, the target should be on the
better side of the baseline. A target equal to the baseline, or on the worse side, is saved
only when the person confirms it (``target_confirmed``), because it is usually a slip
(8 typed for 80, or a vacancy rate whose target was set above where it starts).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.plans.actions import TITLE_MAX, _prefixed, _text
from lodestar.plans.models import Action, Direction, MeasureValue, PlanEvent, SuccessMeasure, shown_number, today

MEASURE_FIELDS = ["metric", "unit", "direction", "baseline", "target"]
TARGET_FIELDS = ("baseline", "target", "direction")
UNIT_MAX = 40
LARGEST = Decimal("1e12")  # the model holds 14 digits, 2 after the point
FUTURE_VALUE = "The date of the value cannot be in the future"
CONFIRM_HINT = "Check the target, or tick \u2018Yes, this target is right\u2019."


def target_warning(*, baseline, target, direction) -> str:
    """Why a target looks wrong for its baseline and direction, in words; "" when it looks right."""
    if baseline is None or target is None:
        return ""
    shown_target, shown_baseline = shown_number(Decimal(target)), shown_number(Decimal(baseline))
    if target == baseline:
        return f"The target ({shown_target}) is the same as the baseline, so nothing needs to change."
    if direction == Direction.HIGHER and target < baseline:
        return f"The target ({shown_target}) is lower than the baseline ({shown_baseline}), but higher is better."
    if direction == Direction.LOWER and target > baseline:
        return f"The target ({shown_target}) is higher than the baseline ({shown_baseline}), but lower is better."
    return ""


def _number(problems: Problems, value, field: str, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.add(field, f"{label} must be a number")
        return None
    if not number.is_finite():
        problems.add(field, f"{label} must be a number")
    elif abs(number) >= LARGEST:
        problems.add(field, f"{label} is too large")
    elif number.as_tuple().exponent < -2:
        problems.add(field, f"{label} can have at most 2 decimal places")
    else:
        return number
    return None


def check_measure(values: Mapping, *, current: Mapping | None = None) -> Problems:
    """Every rule about a measure's values. ``current`` is the measure as saved (None for a new
    one): the target is questioned only when the baseline, target or direction is new or changed."""
    problems = Problems()
    if problems.require(values.get("metric"), "metric", "Enter what you will measure"):
        problems.text(_text(values, "metric"), "metric", "What you will measure", TITLE_MAX)
    problems.text(_text(values, "unit"), "unit", "The unit", UNIT_MAX)
    baseline = _number(problems, values.get("baseline"), "baseline", "Baseline")
    target = _number(problems, values.get("target"), "target", "Target")
    direction = values.get("direction") or ""
    if direction and direction not in Direction.values:
        problems.add("direction", "Choose higher is better or lower is better")
    elif not direction and baseline is not None and target is not None:
        problems.add("direction", "Say whether a higher or a lower value is better")
    changed = current is None or any(values.get(f) != current.get(f) for f in TARGET_FIELDS)
    warning = target_warning(baseline=baseline, target=target, direction=direction)
    if warning and changed and not problems and not values.get("target_confirmed"):
        problems.add("target_confirmed", f"{warning} {CONFIRM_HINT}")
    return problems


@transaction.atomic
def save_measure(
    *, actor, action: Action, measure: SuccessMeasure | None = None, target_confirmed: bool = False, **values
) -> SuccessMeasure:
    """Add a success measure to ``action``, or change ``measure``; ``target_confirmed`` says the
    person saw the target warning (``target_warning``) and the target is right."""
    unknown = sorted(set(values) - set(MEASURE_FIELDS))
    if unknown:
        raise ValidationProblem(unknown[0], f"{unknown[0]} cannot be changed here")
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    if "direction" in values and values["direction"] is None:
        values["direction"] = ""
    current = {name: getattr(measure, name) for name in MEASURE_FIELDS} if measure else None
    merged = {**(current or {}), **values}
    check_measure({**merged, "target_confirmed": target_confirmed}, current=current).raise_any()
    before = _prefixed("measure", measure, MEASURE_FIELDS) if measure else None
    if measure is None:
        measure = SuccessMeasure(action=action)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.save()
    after = _prefixed("measure", measure, MEASURE_FIELDS)
    if target_warning(baseline=measure.baseline, target=measure.target, direction=measure.direction):
        after["measure.target_confirmed"] = bool(target_confirmed)
    record(
        actor=actor,
        action=PlanEvent.MEASURE_SAVE if before else PlanEvent.MEASURE_ADD,
        target=action,
        organisation=action.plan.organisation,
        before=before,
        after=after,
    )
    return measure


def check_measure_value(*, date, value) -> Problems:
    problems = Problems()
    if problems.require(date, "date", "Enter the date of the value"):
        problems.date_in_range(date, "date", "The date of the value")
        if not problems.has("date") and date > today():
            problems.add("date", FUTURE_VALUE)
    if problems.require(value, "value", "Enter the value"):
        _number(problems, value, "value", "The value")
    return problems


def _value_snapshot(measure: SuccessMeasure, entry: MeasureValue | None) -> dict | None:
    if entry is None:
        return None
    return {
        "measure.metric": measure.metric,
        "measure_value.date": entry.date.isoformat(),
        "measure_value.value": shown_number(Decimal(entry.value)),
    }


@transaction.atomic
def record_measure_value(*, actor, action: Action, measure: SuccessMeasure, date: datetime.date, value) -> MeasureValue:
    """Add a dated value to ``measure``'s series (a value already on that date is replaced).

    The date is the day the value was measured: from 2000 to 2099, today or earlier."""
    if measure.action_id != action.pk:
        raise ValidationProblem("measure", "Choose one of this action's success measures")
    check_measure_value(date=date, value=value).raise_any()
    entry = MeasureValue.objects.select_for_update().filter(measure=measure, date=date).first()
    before = _value_snapshot(measure, entry)
    if entry is None:
        entry = MeasureValue(measure=measure, date=date)
    entry.value = Decimal(str(value))
    entry.recorded_by = actor
    entry.recorded_by_label = getattr(actor, "display_name", "") or ""
    entry.recorded_at = timezone.now()
    entry.save()
    record(
        actor=actor,
        action=PlanEvent.MEASURE_VALUE_ADD,
        target=action,
        organisation=action.plan.organisation,
        before=before,
        after=_value_snapshot(measure, entry),
    )
    return entry
