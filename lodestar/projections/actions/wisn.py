"""Saving, deleting and importing WISN calculations, and using one as a scenario's demand
(docs/engine/wisn.md; the WHO Workload Indicators of Staffing Need).

A ``WisnCalculation.spec`` is exactly the mapping the CLI's WISN YAML holds (``lodestar wisn
FILE``), checked by the engine's own parser (``lodestar.engine.wisn.parse_wisn``): the web, the
upload and the CLI accept exactly the same calculations. The engine's problems name YAML paths
(``working_time.annual_leave``); here each becomes a ``ValidationProblem`` whose field is that path
and whose message names the field in plain words ("Days of annual leave must not be negative").
The forms map the paths to their own fields (``lodestar.projections.forms.wisn``).

Permission: changing needs ``queries.may_edit`` at the organisation (else ``PermissionDenied``).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.engine import SpecError
from lodestar.engine.wisn import WisnResult, WisnSpec, calculate, parse_wisn
from lodestar.engine.wisn.spec import (
    ACTIVITY_KEYS,
    CATEGORY_UNITS,
    INDIVIDUAL_UNITS,
    TOP_KEYS,
    WORKING_TIME_KEYS,
)
from lodestar.engine.yamlio import load_yaml
from lodestar.projections import queries
from lodestar.projections.models import ProjectionEvent, WisnCalculation

NAME_MAX = 200
YAML_MAX_CHARS = 200_000  # a WISN file is a few kilobytes; this is far more than any team needs

# The sections of a WISN calculation: the journey's steps, and the paths each one owns.
SECTIONS = {
    "about": ("staff_category", "facility", "existing_staff"),
    "working-time": ("working_time",),
    "activities": ("activities",),
    "category-allowances": ("category_allowances",),
    "individual-allowances": ("individual_allowances",),
}

SECTION_ROOTS = ("working_time", "activities", "category_allowances", "individual_allowances")

# Each YAML field in the words of the pages.
WORDS = {
    "staff_category": "Staff category",
    "facility": "Team or facility",
    "existing_staff": "Existing staff",
    "working_time": "Working time",
    "possible_working_days": "Possible working days a year",
    "working_days_per_week": "Working days a week",
    "weeks_per_year": "Weeks a year",
    "public_holidays": "Public holidays",
    "annual_leave": "Days of annual leave",
    "sick_leave": "Days of sick leave",
    "other_leave": "Days of other leave",
    "hours_per_day": "Working hours a day",
    "activities": "Activities",
    "category_allowances": "Category allowances",
    "individual_allowances": "Individual allowances",
    "name": "name",
    "annual_workload": "annual workload",
    "time_per_unit_minutes": "minutes a unit",
    "rate_per_hour": "units an hour",
    "hours_per_week": "hours a week",
    "hours_per_year": "hours a year",
    "days_per_year": "days a year",
    "staff": "number of staff",
}
ITEM_WORDS = {
    "activities": "Activity",
    "category_allowances": "Category allowance",
    "individual_allowances": "Individual allowance",
}
ITEM = re.compile(r"^(activities|category_allowances|individual_allowances)\[(\d+)\](?:\.(\w+))?$")
ITEM_IN_TEXT = re.compile(r"\b(activities|category_allowances|individual_allowances)\[(\d+)\]")
KEY_IN_TEXT = re.compile(r"\b(" + "|".join(sorted((k for k in WORDS if "_" in k), key=len, reverse=True)) + r")\b")
# the per-item fields whose words stand alone in a list item ("Activity 2: minutes a unit")
_ITEM_FIELDS = set(ACTIVITY_KEYS) | set(CATEGORY_UNITS) | set(INDIVIDUAL_UNITS) | {"staff"}
_KNOWN = set(TOP_KEYS) | set(WORKING_TIME_KEYS) | _ITEM_FIELDS


# ------------------------------------------------------------------------------ problems in words


def label(path: str) -> str:
    """The plain words for a YAML path: "working_time.annual_leave" -> "Days of annual leave",
    "activities[1].annual_workload" -> "Activity 2: annual workload"."""
    item = ITEM.match(path)
    if item:
        words = f"{ITEM_WORDS[item.group(1)]} {int(item.group(2)) + 1}"
        key = item.group(3)
        return f"{words}: {WORDS.get(key, key)}" if key else words
    key = path.rsplit(".", 1)[-1]
    if key in _KNOWN and (path == key or path == f"working_time.{key}"):
        return WORDS[key]
    return path


def _reason_in_words(reason: str) -> str:
    reason = ITEM_IN_TEXT.sub(lambda m: f"{ITEM_WORDS[m.group(1)].lower()} {int(m.group(2)) + 1}", reason)
    return KEY_IN_TEXT.sub(lambda m: WORDS[m.group(1)].lower(), reason)


def in_words(path: str, reason: str) -> str:
    """One engine problem as a sentence naming the field: "Days of annual leave must not be negative"."""
    if not path:
        return reason[:1].upper() + reason[1:]
    if path == "activities" and reason.startswith(("is required", "must list")):
        return "Add at least one activity"
    words = label(path)
    whole = (ITEM.match(path) and not ITEM.match(path).group(3)) or path in SECTION_ROOTS
    joint = ": " if whole and not reason.startswith(("is ", "must ")) else " "
    return f"{words}{joint}{_reason_in_words(reason)}"


def problems_of(error: SpecError, sections: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """The engine's problems as (path, message in words); only those of ``sections`` when given."""
    roots = None if sections is None else tuple(root for s in sections for root in SECTIONS[s])
    out = []
    for path, reason in error.problems:
        root = re.split(r"[.\[]", path, maxsplit=1)[0]
        if roots is None or root in roots:
            out.append((path, in_words(path, reason)))
    return out


# ------------------------------------------------------------------------------ checking


def tidy(spec: dict) -> dict[str, Any]:
    """The mapping as it is kept and written: empty optional values and lists dropped, whole
    numbers as integers (18000, not 18000.0), the rest as given."""

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v is not None and v != ""}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return int(value)
        return value

    out = clean(copy.deepcopy(spec)) if isinstance(spec, dict) else spec
    if isinstance(out, dict):
        for key in ("category_allowances", "individual_allowances"):
            if out.get(key) == []:
                del out[key]
    return out


def check_wisn(spec: dict) -> tuple[WisnSpec, WisnResult]:
    """The engine's WISN spec and result for ``spec``; ``ValidationProblem`` naming every field."""
    try:
        parsed = parse_wisn(spec)
        return parsed, calculate(parsed)
    except SpecError as error:
        raise ValidationProblem(problems_of(error)) from error


def check_section(spec: dict, section: str) -> None:
    """Raise ``ValidationProblem`` for the problems of one step of the journey only (the rest of
    the calculation may not be written yet)."""
    try:
        calculate(parse_wisn(spec))
    except SpecError as error:
        problems = problems_of(error, (section,))
        if problems:
            raise ValidationProblem(problems) from error


def check_step(*, step: str, name: str, spec: dict) -> None:
    """One step of the web journey: its own problems only (``ValidationProblem``); the first step
    also checks the calculation's name."""
    problems = Problems()
    if step == "about":
        _check_name(name, problems)
    try:
        check_section(tidy(spec), step)
    except ValidationProblem as bad:
        problems.items.extend(bad.problems)
    problems.raise_any()


def _check_name(name: str, problems: Problems) -> str:
    name = (name or "").strip()
    if problems.require(name, "name", "Enter a name for the calculation"):
        problems.text(name, "name", "The name", NAME_MAX)
    return name


def _require_editor(actor, organisation) -> None:
    if organisation is None or not queries.may_edit(actor, organisation):
        raise PermissionDenied


# ------------------------------------------------------------------------------ writes


@transaction.atomic
def save_wisn(*, actor, organisation, name: str, spec: dict, wisn: WisnCalculation | None = None) -> WisnCalculation:
    """Create (or, given ``wisn``, replace) a calculation after the engine has checked ``spec``.
    Records WISN_SAVE with the name and spec before and after."""
    _require_editor(actor, organisation)
    if wisn is not None:
        _require_editor(actor, wisn.organisation)
    problems = Problems()
    name = _check_name(name, problems)
    spec = tidy(spec)
    try:
        check_wisn(spec)
    except ValidationProblem as bad:
        problems.items.extend(bad.problems)
    problems.raise_any()
    fields = ["organisation_id", "name", "spec"]
    before = snapshot(wisn, fields) if wisn is not None else None
    if wisn is None:
        wisn = WisnCalculation(created_by=actor if getattr(actor, "pk", None) else None)
    wisn.organisation = organisation
    wisn.name = name
    wisn.spec = spec
    wisn.save()
    record(
        actor=actor,
        action=ProjectionEvent.WISN_SAVE,
        target=wisn,
        organisation=organisation,
        before=before,
        after=snapshot(wisn, fields),
    )
    return wisn


@transaction.atomic
def delete_wisn(*, actor, wisn: WisnCalculation) -> None:
    _require_editor(actor, wisn.organisation)
    record(
        actor=actor,
        action=ProjectionEvent.WISN_DELETE,
        target=wisn,
        organisation=wisn.organisation,
        before=snapshot(wisn, ["organisation_id", "name", "spec"]),
    )
    wisn.delete()


def _file_problems(error: SpecError) -> list[tuple[str, str]]:
    """A file's problems as the CLI prints them: the field's path in the file, then what is wrong
    (the person edits the file, whose fields are named that way)."""
    return [("text", f"{path}: {reason}" if path else reason) for path, reason in error.problems]


def import_wisn_yaml(*, actor, organisation, name: str, text: str) -> WisnCalculation:
    """Save the calculation a WISN YAML file holds (the file ``lodestar wisn FILE`` reads)."""
    _require_editor(actor, organisation)
    problems = Problems()
    _check_name(name, problems)
    data = None
    if not (text or "").strip():
        problems.add("text", "The file is empty: choose a WISN YAML file")
    elif len(text) > YAML_MAX_CHARS:
        problems.add("text", f"The file is too large for a WISN calculation (at most {YAML_MAX_CHARS:,} characters)")
    else:
        try:
            data = load_yaml(text)
            calculate(parse_wisn(data))
        except SpecError as error:
            problems.items.extend(_file_problems(error))
    problems.raise_any()
    return save_wisn(actor=actor, organisation=organisation, name=name, spec=data)


def staff_groups(spec: dict) -> list[str]:
    """The staff groups of a scenario mapping: those with cohorts and those with a demand base."""
    groups = {str(c.get("staff_group")) for c in spec.get("cohorts") or [] if isinstance(c, dict)}
    groups |= {str(g) for g in ((spec.get("demand") or {}).get("base_fte") or {})}
    return sorted(g for g in groups if g and g != "None")


def demand_change(wisn: WisnCalculation, staff_group: str, required: float) -> str:
    return f"Demand base for {staff_group} from WISN {wisn.name}: {required:,.2f} FTE"


@transaction.atomic
def set_scenario_demand(*, actor, wisn: WisnCalculation, scenario, staff_group: str):
    """A new version of ``scenario`` whose demand base for ``staff_group`` is the calculation's
    required staff (FTE). The staff group's vacancies, if the scenario gave them, are dropped:
    the engine takes base FTE or vacancies for a group, not both."""
    from lodestar.projections.actions import scenarios as scenario_actions

    _require_editor(actor, scenario.organisation)
    if not queries.wisn_calculations(actor).filter(pk=wisn.pk).exists():
        raise PermissionDenied
    latest = scenario.latest
    spec = copy.deepcopy(latest.spec) if latest is not None else {}
    if staff_group not in staff_groups(spec):
        raise ValidationProblem("staff_group", "Choose one of the scenario's staff groups")
    _wisn_spec, result = check_wisn(wisn.spec)
    demand = spec.setdefault("demand", {})
    demand.setdefault("base_fte", {})[staff_group] = result.required_staff
    vacancies = demand.get("vacancies_fte")
    if isinstance(vacancies, dict) and staff_group in vacancies:
        del vacancies[staff_group]
        if not vacancies:
            del demand["vacancies_fte"]
    return scenario_actions.new_version(
        actor=actor, scenario=scenario, spec=spec, change=demand_change(wisn, staff_group, result.required_staff)
    )
