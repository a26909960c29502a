"""The WISN result: every figure of the method, as a table or a dict with stable keys."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ActivityResult:
    name: str
    annual_workload: float
    time_per_unit_minutes: float | None
    rate_per_hour: float | None
    standard_workload: float  # units one member of staff can do in a year
    staff_needed: float  # annual workload / standard workload, before allowances


@dataclass(frozen=True)
class AllowanceResult:
    name: str
    value: float  # percent of working time (category) or hours a year for all staff doing it (individual)


@dataclass(frozen=True)
class WisnResult:
    staff_category: str
    facility: str | None
    available_working_time_days: float
    available_working_time_hours: float
    weekly_hours: float
    standard_workloads: tuple[ActivityResult, ...]
    category_allowances: tuple[AllowanceResult, ...]  # value = CAS %
    total_category_allowance_percent: float
    category_allowance_factor: float
    individual_allowances: tuple[AllowanceResult, ...]  # value = IAS hours a year
    total_individual_allowance_hours: float
    individual_allowance_factor: float
    staff_for_workload: float  # sum(workload / SW), before allowances
    required_staff: float
    existing_staff: float | None
    wisn_difference: float | None
    wisn_ratio: float | None

    @property
    def interpretation(self) -> str | None:
        """Plain words for the WISN ratio (None when existing staff were not given)."""
        if self.wisn_ratio is None:
            return None
        if math.isclose(self.wisn_ratio, 1.0, abs_tol=0.005):
            return "staffing matches the workload"
        if self.wisn_ratio < 1:
            return "understaffed: fewer staff than the workload needs (workload pressure)"
        return "more staff than the workload needs"

    def to_dict(self) -> dict[str, Any]:
        """Every figure with stable keys; floats are not rounded."""
        return {
            "staff_category": self.staff_category,
            "facility": self.facility,
            "available_working_time_days": self.available_working_time_days,
            "available_working_time_hours": self.available_working_time_hours,
            "weekly_hours": self.weekly_hours,
            "standard_workloads": [
                {
                    "name": a.name,
                    "annual_workload": a.annual_workload,
                    "time_per_unit_minutes": a.time_per_unit_minutes,
                    "rate_per_hour": a.rate_per_hour,
                    "standard_workload": a.standard_workload,
                    "staff_needed": a.staff_needed,
                }
                for a in self.standard_workloads
            ],
            "category_allowances": [{"name": c.name, "percent": c.value} for c in self.category_allowances],
            "total_category_allowance_percent": self.total_category_allowance_percent,
            "category_allowance_factor": self.category_allowance_factor,
            "individual_allowances": [{"name": i.name, "hours_per_year": i.value} for i in self.individual_allowances],
            "total_individual_allowance_hours": self.total_individual_allowance_hours,
            "individual_allowance_factor": self.individual_allowance_factor,
            "staff_for_workload": self.staff_for_workload,
            "required_staff": self.required_staff,
            "existing_staff": self.existing_staff,
            "wisn_difference": self.wisn_difference,
            "wisn_ratio": self.wisn_ratio,
            "interpretation": self.interpretation,
        }

    def rows(self) -> list[tuple[str, str, float | str | None]]:
        """Tidy (measure, item, value) rows: what `lodestar wisn --format csv` writes."""
        out: list[tuple[str, str, float | str | None]] = [
            ("staff_category", "", self.staff_category),
            ("facility", "", self.facility),
            ("available_working_time_days", "", self.available_working_time_days),
            ("available_working_time_hours", "", self.available_working_time_hours),
            ("weekly_hours", "", self.weekly_hours),
        ]
        for a in self.standard_workloads:
            out.append(("annual_workload", a.name, a.annual_workload))
            out.append(("standard_workload", a.name, a.standard_workload))
            out.append(("staff_needed", a.name, a.staff_needed))
        for c in self.category_allowances:
            out.append(("category_allowance_percent", c.name, c.value))
        out.append(("total_category_allowance_percent", "", self.total_category_allowance_percent))
        out.append(("category_allowance_factor", "", self.category_allowance_factor))
        for i in self.individual_allowances:
            out.append(("individual_allowance_hours", i.name, i.value))
        out += [
            ("total_individual_allowance_hours", "", self.total_individual_allowance_hours),
            ("individual_allowance_factor", "", self.individual_allowance_factor),
            ("staff_for_workload", "", self.staff_for_workload),
            ("required_staff", "", self.required_staff),
            ("existing_staff", "", self.existing_staff),
            ("wisn_difference", "", self.wisn_difference),
            ("wisn_ratio", "", self.wisn_ratio),
        ]
        return out
