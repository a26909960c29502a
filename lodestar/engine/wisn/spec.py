"""The WISN definition: what one staff category's WISN calculation is asked to compute.

``load_wisn`` reads a YAML file, a YAML string or a mapping (through the one strict YAML
reader, ``lodestar.engine.yamlio``); ``parse_wisn`` validates it and builds the frozen
``WisnSpec``, reporting every problem at once as a ``SpecError``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lodestar.engine.errors import ProblemCollector
from lodestar.engine.yamlio import read_yaml_source

# Working days a week assumed for weekly allowances when only possible_working_days is given.
DEFAULT_WORKING_DAYS_PER_WEEK = 5

TOP_KEYS = (
    "staff_category",
    "facility",
    "existing_staff",
    "working_time",
    "activities",
    "category_allowances",
    "individual_allowances",
)
WORKING_TIME_KEYS = (
    "possible_working_days",
    "working_days_per_week",
    "weeks_per_year",
    "public_holidays",
    "annual_leave",
    "sick_leave",
    "other_leave",
    "hours_per_day",
)
LEAVE_KEYS = ("public_holidays", "annual_leave", "sick_leave", "other_leave")
ACTIVITY_KEYS = ("name", "annual_workload", "time_per_unit_minutes", "rate_per_hour")
CATEGORY_UNITS = ("hours_per_day", "hours_per_week", "hours_per_year", "days_per_year")
INDIVIDUAL_UNITS = ("hours_per_year", "days_per_year")


# --------------------------------------------------------------------------- the definition


@dataclass(frozen=True)
class WorkingTime:
    possible_working_days: float  # A, worked out from days a week x weeks a year when not given
    working_days_per_week: float  # used for weekly category allowances
    public_holidays: float  # B
    annual_leave: float  # C
    sick_leave: float  # D
    other_leave: float  # E
    hours_per_day: float  # F
    weeks_per_year: float | None = None

    @property
    def leave_days(self) -> float:
        return self.public_holidays + self.annual_leave + self.sick_leave + self.other_leave

    @property
    def weekly_hours(self) -> float:
        return self.hours_per_day * self.working_days_per_week


@dataclass(frozen=True)
class ActivityStandard:
    name: str
    annual_workload: float
    time_per_unit_minutes: float | None = None  # exactly one of these two
    rate_per_hour: float | None = None


@dataclass(frozen=True)
class CategoryAllowance:
    name: str
    unit: str  # one of CATEGORY_UNITS
    amount: float


@dataclass(frozen=True)
class IndividualAllowance:
    name: str
    unit: str  # one of INDIVIDUAL_UNITS
    amount: float  # per person
    staff: float  # how many people do it


@dataclass(frozen=True)
class WisnSpec:
    staff_category: str
    working_time: WorkingTime
    activities: tuple[ActivityStandard, ...]
    category_allowances: tuple[CategoryAllowance, ...] = ()
    individual_allowances: tuple[IndividualAllowance, ...] = ()
    existing_staff: float | None = None
    facility: str | None = None


def awt_days(wt: WorkingTime) -> float:
    return wt.possible_working_days - wt.leave_days


def category_percent(allowance: CategoryAllowance, wt: WorkingTime) -> float:
    days = awt_days(wt)
    hours = days * wt.hours_per_day
    if allowance.unit == "hours_per_day":
        return allowance.amount / wt.hours_per_day * 100
    if allowance.unit == "hours_per_week":
        return allowance.amount / wt.weekly_hours * 100
    if allowance.unit == "hours_per_year":
        return allowance.amount / hours * 100
    if allowance.unit == "days_per_year":
        return allowance.amount / days * 100
    raise ValueError(f"unknown category allowance unit {allowance.unit!r}")


def individual_hours(allowance: IndividualAllowance, wt: WorkingTime) -> float:
    per_person = allowance.amount * wt.hours_per_day if allowance.unit == "days_per_year" else allowance.amount
    return per_person * allowance.staff


def load_wisn(source: str | Path | Mapping[str, Any]) -> WisnSpec:
    """A WisnSpec from a path to a YAML file, a YAML string or a dict. Raises SpecError."""
    return parse_wisn(read_yaml_source(source))


# --------------------------------------------------------------------------- validation


# no WISN figure (days, hours, workloads, minutes) is anywhere near these; beyond them the
# arithmetic overflows or the tables print nonsense
MAX_MAGNITUDE = 1e12
MIN_POSITIVE = 1e-6


def _yaml_number_hint(value: Any) -> str:
    """YAML reads 1e5 (no decimal point) as text: say how to write it as a number."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return ""
        return "; YAML reads a number like 1e5 as text: write 100000 or 1.0e+5"
    return ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


class _Reader:
    """Reads numbers and names out of the user's mapping, recording every problem with its path."""

    def __init__(self, problems: ProblemCollector):
        self.problems = problems

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.problems.add(path, f"must be a mapping of fields (got {_describe(value)})")
            return None
        return value

    def unknown_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in data:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else str(key)
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else f" (expected one of: {', '.join(allowed)})"
            self.problems.add(where, f"unknown field{hint}")

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        positive: bool = False,
        maximum: float | None = None,
        required_hint: str = "",
    ) -> float | None:
        where = f"{path}.{key}" if path else key
        if key not in data or data[key] is None:
            if required:
                self.problems.add(where, f"is required{required_hint}")
            return None
        value = data[key]
        if not _is_number(value):
            self.problems.add(where, f"must be a number (got {_describe(value)}){_yaml_number_hint(value)}")
            return None
        if value > MAX_MAGNITUDE:
            self.problems.add(where, f"is too large (at most {MAX_MAGNITUDE:,.0f}; got {value:g})")
            return None
        if positive and value < MIN_POSITIVE:
            self.problems.add(
                where, f"must be more than 0 (got {value:g})" if value <= 0 else f"is too small (got {value:g})"
            )
            return None
        if value < 0:
            self.problems.add(where, f"must not be negative (got {value:g})")
            return None
        if maximum is not None and value > maximum:
            self.problems.add(where, f"must be at most {maximum:g} (got {value:g})")
            return None
        return float(value)

    def name(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str | None:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None:
            if required:
                self.problems.add(where, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problems.add(where, f"must be text (got {_describe(value)})")
            return None
        text = str(value).strip()
        if not text:
            self.problems.add(where, "must not be empty")
            return None
        return text

    def items(self, data: Mapping[str, Any], key: str, *, required: bool) -> list[tuple[str, Mapping[str, Any]]]:
        value = data.get(key)
        if value is None:
            if required:
                self.problems.add(key, "is required: give at least one")
            return []
        if not isinstance(value, list):
            self.problems.add(key, f"must be a list (got {_describe(value)})")
            return []
        if required and not value:
            self.problems.add(key, "must list at least one")
        out = []
        for i, item in enumerate(value):
            where = f"{key}[{i}]"
            item_map = self.mapping(item, where)
            if item_map is not None:
                out.append((where, item_map))
        return out


def _one_unit(reader: _Reader, item: Mapping[str, Any], units: tuple[str, ...], where: str) -> tuple[str, float] | None:
    given = [u for u in units if u in item]
    if len(given) != 1:
        choices = ", ".join(units)
        if given:
            reader.problems.add(where, f"give only one of {choices} (got {' and '.join(given)})")
        else:
            reader.problems.add(where, f"give one of {choices}")
        return None
    amount = reader.number(item, given[0], where)
    return None if amount is None else (given[0], amount)


def parse_wisn(data: Any) -> WisnSpec:
    """Validate a WISN mapping and build the frozen WisnSpec; every problem is reported at once."""
    problems = ProblemCollector()
    r = _Reader(problems)
    top = r.mapping(data, "WISN file")
    if top is None:
        problems.raise_if_any()
    assert top is not None
    r.unknown_keys(top, TOP_KEYS, "")
    staff_category = r.name(top, "staff_category", "")
    facility = r.name(top, "facility", "", required=False)
    existing_staff = r.number(top, "existing_staff", "", required=False)
    working_time = _working_time(r, top)
    activities = _activities(r, top)
    category = _category_allowances(r, top)
    individual = _individual_allowances(r, top)
    spec = None
    if not problems and working_time is not None and staff_category is not None:
        spec = WisnSpec(
            staff_category=staff_category,
            facility=facility,
            existing_staff=existing_staff,
            working_time=working_time,
            activities=tuple(activities),
            category_allowances=tuple(category),
            individual_allowances=tuple(individual),
        )
        _check_category_total(spec, problems)
    problems.raise_if_any()
    assert spec is not None
    return spec


def _working_time(r: _Reader, top: Mapping[str, Any]) -> WorkingTime | None:
    """Available working time: possible working days (or days a week x weeks), hours a day and leave."""
    problems = r.problems
    if "working_time" not in top:
        problems.add("working_time", "is required")
        return None
    wt = r.mapping(top.get("working_time"), "working_time")
    if wt is None:
        return None
    r.unknown_keys(wt, WORKING_TIME_KEYS, "working_time")
    wt_path = "working_time"
    hours_per_day = r.number(wt, "hours_per_day", wt_path, positive=True, maximum=24)
    leave = {k: r.number(wt, k, wt_path, required_hint=" (write 0 if there are none)", maximum=366) for k in LEAVE_KEYS}
    shape = _working_days(r, wt)
    if shape is None or hours_per_day is None or any(v is None for v in leave.values()):
        return None
    possible, days_per_week, weeks = shape
    leave_days = sum(v for v in leave.values() if v is not None)
    if leave_days >= possible:
        problems.add(
            "working_time",
            f"leave and holidays add up to {leave_days:g} days, which leaves no working time "
            f"out of {possible:g} possible working days; they must add up to fewer days",
        )
        return None
    return WorkingTime(
        possible_working_days=possible,
        working_days_per_week=days_per_week,
        weeks_per_year=weeks,
        hours_per_day=hours_per_day,
        **{k: float(v) for k, v in leave.items() if v is not None},
    )


def _working_days(r: _Reader, wt: Mapping[str, Any]) -> tuple[float, float, float | None] | None:
    """(possible working days, working days a week, weeks a year or None), or None when not usable."""
    wt_path = "working_time"
    if "possible_working_days" in wt:
        possible = r.number(wt, "possible_working_days", wt_path, positive=True, maximum=366)
        shape_ok = True
        if "weeks_per_year" in wt:
            r.problems.add(
                "working_time.weeks_per_year",
                "give either possible_working_days or working_days_per_week with weeks_per_year, not both",
            )
            shape_ok = False
        if "working_days_per_week" in wt:
            days_per_week = r.number(wt, "working_days_per_week", wt_path, positive=True, maximum=7)
        else:
            days_per_week = float(DEFAULT_WORKING_DAYS_PER_WEEK)
        if not shape_ok or possible is None or days_per_week is None:
            return None
        return possible, days_per_week, None
    hint = " (or give possible_working_days instead)"
    days_per_week = r.number(wt, "working_days_per_week", wt_path, positive=True, maximum=7, required_hint=hint)
    weeks = r.number(wt, "weeks_per_year", wt_path, positive=True, maximum=53, required_hint=hint)
    if days_per_week is None or weeks is None:
        return None
    return days_per_week * weeks, days_per_week, weeks


def _activities(r: _Reader, top: Mapping[str, Any]) -> list[ActivityStandard]:
    """Activities with their annual workload and activity standard (minutes a unit or units an hour)."""
    problems = r.problems
    activities: list[ActivityStandard] = []
    names_seen: dict[str, str] = {}
    for where, item in r.items(top, "activities", required=True):
        r.unknown_keys(item, ACTIVITY_KEYS, where)
        name = r.name(item, "name", where)
        workload = r.number(item, "annual_workload", where)
        has_time = "time_per_unit_minutes" in item
        has_rate = "rate_per_hour" in item
        minutes = rate = None
        if has_time and has_rate:
            problems.add(where, "give either time_per_unit_minutes or rate_per_hour, not both")
        elif not has_time and not has_rate:
            problems.add(where, "give time_per_unit_minutes (minutes a unit takes) or rate_per_hour (units an hour)")
        elif has_time:
            minutes = r.number(item, "time_per_unit_minutes", where, positive=True)
        else:
            rate = r.number(item, "rate_per_hour", where, positive=True)
        if name is not None:
            if name in names_seen:
                problems.add(f"{where}.name", f'"{name}" is already used by {names_seen[name]}; names must differ')
            names_seen.setdefault(name, where)
        if name is not None and workload is not None and (minutes is not None or rate is not None):
            activities.append(ActivityStandard(name, workload, minutes, rate))
    return activities


def _category_allowances(r: _Reader, top: Mapping[str, Any]) -> list[CategoryAllowance]:
    """Category allowances: support work every member of the category does."""
    category: list[CategoryAllowance] = []
    for where, item in r.items(top, "category_allowances", required=False):
        r.unknown_keys(item, ("name", *CATEGORY_UNITS), where)
        name = r.name(item, "name", where)
        unit = _one_unit(r, item, CATEGORY_UNITS, where)
        if name is not None and unit is not None:
            category.append(CategoryAllowance(name, *unit))
    return category


def _individual_allowances(r: _Reader, top: Mapping[str, Any]) -> list[IndividualAllowance]:
    """Individual allowances: work only some members do."""
    individual: list[IndividualAllowance] = []
    for where, item in r.items(top, "individual_allowances", required=False):
        r.unknown_keys(item, ("name", "staff", *INDIVIDUAL_UNITS), where)
        name = r.name(item, "name", where)
        unit = _one_unit(r, item, INDIVIDUAL_UNITS, where)
        staff = r.number(item, "staff", where, required_hint=" (how many staff do this work)")
        if name is not None and unit is not None and staff is not None:
            individual.append(IndividualAllowance(name, unit[0], unit[1], staff))
    return individual


def _check_category_total(spec: WisnSpec, problems: ProblemCollector) -> None:
    """The total category allowance must stay below 100 %: checked here so a bad file fails on loading."""
    total = sum(category_percent(c, spec.working_time) for c in spec.category_allowances)
    if total >= 100:
        problems.add(
            "category_allowances",
            f"total is {total:.1f} % of working time; it must be below 100 % "
            "(the category allowance factor 1 / (1 - total / 100) has no meaning at 100 % or more)",
        )
