"""What the WISN pages show: every figure of the method in words, the result and its
interpretation, the answers of a draft, and the YAML file (docs/engine/wisn.md).

The figures are the engine's (``lodestar.engine.wisn.calculate``): nothing is worked out here
except how to write them. The YAML is exactly what ``lodestar wisn FILE`` reads.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lodestar.cli.formatting import fmt_number, fmt_plain
from lodestar.engine import SpecError
from lodestar.engine.wisn import WisnResult, calculate, parse_wisn
from lodestar.projections import specs

# The measures of WisnResult.rows() in words, and how many decimals each is written with
# (None: as typed, e.g. 1,567.5).
MEASURES = {
    "staff_category": ("Staff category", None),
    "facility": ("Team or facility", None),
    "available_working_time_days": ("Available working time (days a year)", None),
    "available_working_time_hours": ("Available working time (hours a year)", None),
    "weekly_hours": ("Weekly working hours", None),
    "annual_workload": ("Annual workload", None),
    "standard_workload": ("Standard workload (units one member of staff can do in a year)", 1),
    "staff_needed": ("Staff needed for the activity", 2),
    "category_allowance_percent": ("Category allowance standard (% of working time)", 2),
    "total_category_allowance_percent": ("Total category allowance standard (% of working time)", 2),
    "category_allowance_factor": ("Category allowance factor (CAF)", 3),
    "individual_allowance_hours": ("Individual allowance standard (hours a year)", None),
    "total_individual_allowance_hours": ("Total individual allowances (hours a year)", None),
    "individual_allowance_factor": ("Individual allowance factor (IAF)", 3),
    "staff_for_workload": ("Staff for all activities, before allowances", 2),
    "required_staff": ("Required staff", 2),
    "existing_staff": ("Existing staff", 2),
    "wisn_difference": ("WISN difference (existing - required)", 2),
    "wisn_ratio": ("WISN ratio (existing / required)", 2),
}
UNIT_WORDS = {
    "time_per_unit_minutes": "minutes a unit",
    "rate_per_hour": "units an hour",
    "hours_per_day": "hours a day",
    "hours_per_week": "hours a week",
    "hours_per_year": "hours a year",
    "days_per_year": "days a year",
}
YAML_HEADER = (
    "# WISN (WHO Workload Indicators of Staffing Need) for one staff category, from Lodestar.\n"
    "# Run it with:  lodestar wisn FILE   (the method and every field: docs/engine/wisn.md)\n"
)


def write(value, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return fmt_plain(value) if decimals is None else fmt_number(float(value), decimals)


def wisn_yaml(spec: dict) -> str:
    """The calculation's YAML file: what the CLI reads (``specs.to_yaml`` keeps the mapping's order)."""
    return YAML_HEADER + specs.to_yaml(spec)


def result_of(spec: dict) -> WisnResult | None:
    """The engine's result for a (complete, valid) spec, else None."""
    try:
        return calculate(parse_wisn(copy.deepcopy(spec)))
    except SpecError:
        return None


def available_working_time(spec: dict) -> tuple[float, float] | None:
    """(AWT days, AWT hours) for a draft's working time alone, or None while it is not valid."""
    working_time = spec.get("working_time")
    if not working_time:
        return None
    probe = {
        "staff_category": "x",
        "working_time": {k: v for k, v in working_time.items() if v is not None},
        "activities": [{"name": "x", "annual_workload": 0, "time_per_unit_minutes": 1}],
    }
    result = result_of(probe)
    return None if result is None else (result.available_working_time_days, result.available_working_time_hours)


def awt_words(spec: dict) -> tuple[str, str] | None:
    """The available working time as the working time page writes it: ("209", "1,567.5")."""
    awt = available_working_time(spec)
    return None if awt is None else (fmt_plain(awt[0]), fmt_plain(awt[1]))


def sentence(result: WisnResult, who: str = "The team") -> str:
    """The interpretation in one sentence, from the engine's figures and its interpretation."""
    required = fmt_number(result.required_staff)
    if result.existing_staff is None or result.wisn_ratio is None:
        return f"The workload needs {required} staff. Enter the existing staff to compare them with it."
    has = f"{who} has {fmt_plain(result.existing_staff)} staff for a workload that needs {required}"
    ratio = fmt_number(result.wisn_ratio)
    difference = fmt_number(abs(result.wisn_difference or 0.0))
    text = result.interpretation or ""
    if text.startswith("understaffed"):
        return f"{has}: it is {difference} staff short, a WISN ratio of {ratio}, so staff are under workload pressure."
    if text.startswith("staffing matches"):
        return f"{has}: a WISN ratio of {ratio}, so staffing matches the workload."
    return f"{has}: it has {difference} more staff than the workload needs, a WISN ratio of {ratio}."


@dataclass(frozen=True)
class Figure:
    measure: str
    item: str
    text: str
    value: float | str | None


def figures(result: WisnResult) -> list[Figure]:
    """Every figure of the method (``WisnResult.rows()``), in words, for the page's table."""
    out = []
    for measure, item, value in result.rows():
        if value is None or measure in ("staff_category", "facility"):
            continue
        words, decimals = MEASURES.get(measure, (measure, 2))
        out.append(Figure(words, item, write(value, decimals), value))
    return out


def standard_text(item: dict, units: tuple[str, ...]) -> str:
    unit = next((u for u in units if u in item), None)
    return f"{fmt_plain(item[unit])} {UNIT_WORDS[unit]}" if unit else ""


class WisnPresenter:
    """One saved calculation (or a draft's complete spec) for the result and check pages."""

    def __init__(self, spec: dict, *, name: str = "", organisation=None, pk: int | None = None):
        self.spec = spec
        self.name = name
        self.organisation = organisation
        self.pk = pk
        self.result = result_of(spec)

    @property
    def title(self) -> str:
        facility = self.spec.get("facility")
        return f"{self.spec.get('staff_category', '')}" + (f", {facility}" if facility else "")

    @property
    def headline(self) -> list[tuple[str, str]]:
        r = self.result
        if r is None:
            return []
        rows = [("Required staff", fmt_number(r.required_staff))]
        if r.existing_staff is not None:
            rows.append(("Existing staff", fmt_plain(r.existing_staff)))
        if r.wisn_difference is not None:
            rows.append(("WISN difference (existing - required)", fmt_number(r.wisn_difference)))
        if r.wisn_ratio is not None:
            rows.append(("WISN ratio (existing / required)", fmt_number(r.wisn_ratio)))
        return rows

    @property
    def sentence(self) -> str:
        return sentence(self.result) if self.result is not None else ""

    @property
    def figures(self) -> list[Figure]:
        return figures(self.result) if self.result is not None else []

    @property
    def required_text(self) -> str:
        return fmt_number(self.result.required_staff) if self.result is not None else ""

    @property
    def ratio_text(self) -> str:
        ratio = self.result.wisn_ratio if self.result is not None else None
        return fmt_number(ratio) if ratio is not None else ""

    @property
    def yaml(self) -> str:
        return wisn_yaml(self.spec)

    @property
    def file_name(self) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in self.name.lower()).strip("-")
        return f"wisn-{'-'.join(p for p in slug.split('-') if p) or 'calculation'}.yaml"


# ------------------------------------------------------------------------------ a draft's answers


WORKING_TIME_WORDS = (
    ("working_days_per_week", "Working days a week"),
    ("weeks_per_year", "Weeks a year"),
    ("possible_working_days", "Possible working days a year"),
    ("public_holidays", "Public holidays"),
    ("annual_leave", "Days of annual leave"),
    ("sick_leave", "Days of sick leave"),
    ("other_leave", "Days of other leave"),
    ("hours_per_day", "Working hours a day"),
)


def answers(draft: dict, organisation_name: str) -> dict[str, list[tuple[str, str]]]:
    """The check page's summary lists: each step's answers as (question, answer)."""
    spec = draft.get("spec", {})
    wt = spec.get("working_time") or {}
    about = [
        ("Name of the calculation", draft.get("name", "")),
        ("Organisation", organisation_name),
        ("Staff category", spec.get("staff_category", "")),
        ("Team or facility", spec.get("facility") or "Not given"),
        (
            "Existing staff",
            fmt_plain(spec["existing_staff"]) if spec.get("existing_staff") is not None else "Not given",
        ),
    ]
    working = [(words, fmt_plain(wt[key])) for key, words in WORKING_TIME_WORDS if wt.get(key) is not None]
    awt = available_working_time(spec)
    if awt is not None:
        working.append(("Available working time", f"{fmt_plain(awt[0])} days a year, {fmt_plain(awt[1])} hours a year"))
    activities = [
        (
            a.get("name", ""),
            f"{fmt_plain(a.get('annual_workload'))} a year, "
            f"{standard_text(a, ('time_per_unit_minutes', 'rate_per_hour'))}",
        )
        for a in spec.get("activities") or []
    ]
    category = [
        (c.get("name", ""), standard_text(c, ("hours_per_day", "hours_per_week", "hours_per_year", "days_per_year")))
        for c in spec.get("category_allowances") or []
    ]
    individual = [
        (
            i.get("name", ""),
            f"{standard_text(i, ('hours_per_year', 'days_per_year'))} for each of {fmt_plain(i.get('staff'))} staff",
        )
        for i in spec.get("individual_allowances") or []
    ]
    return {
        "about": about,
        "working-time": working,
        "activities": activities or [("Activities", "None yet")],
        "category-allowances": category or [("Category allowances", "None")],
        "individual-allowances": individual or [("Individual allowances", "None")],
    }
