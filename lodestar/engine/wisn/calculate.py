"""The WISN calculation (docs/engine/wisn.md)."""

from __future__ import annotations

from lodestar.engine.errors import SpecError
from lodestar.engine.wisn.report import ActivityResult, AllowanceResult, WisnResult
from lodestar.engine.wisn.spec import WisnSpec, awt_days, category_percent, individual_hours


def calculate(spec: WisnSpec) -> WisnResult:
    """Every WISN figure for one staff category (see the module docstring and docs/engine/wisn.md)."""
    wt = spec.working_time
    days = awt_days(wt)
    awt_hours = days * wt.hours_per_day

    activities = []
    for a in spec.activities:
        if a.time_per_unit_minutes is not None:
            sw = awt_hours * 60.0 / a.time_per_unit_minutes
        else:
            assert a.rate_per_hour is not None
            sw = awt_hours * a.rate_per_hour
        activities.append(
            ActivityResult(
                a.name, a.annual_workload, a.time_per_unit_minutes, a.rate_per_hour, sw, a.annual_workload / sw
            )
        )
    staff_for_workload = sum(a.staff_needed for a in activities)

    category = tuple(AllowanceResult(c.name, category_percent(c, wt)) for c in spec.category_allowances)
    total_cas = sum(c.value for c in category)
    if total_cas >= 100:
        raise SpecError("category_allowances", f"total is {total_cas:.1f} % of working time; it must be below 100 %")
    caf = 1.0 / (1.0 - total_cas / 100.0)

    individual = tuple(AllowanceResult(i.name, individual_hours(i, wt)) for i in spec.individual_allowances)
    total_ias = sum(i.value for i in individual)
    iaf = total_ias / awt_hours

    required = staff_for_workload * caf + iaf
    existing = spec.existing_staff
    difference = None if existing is None else existing - required
    ratio = None if existing is None or required == 0 else existing / required

    return WisnResult(
        staff_category=spec.staff_category,
        facility=spec.facility,
        available_working_time_days=days,
        available_working_time_hours=awt_hours,
        weekly_hours=wt.weekly_hours,
        standard_workloads=tuple(activities),
        category_allowances=category,
        total_category_allowance_percent=total_cas,
        category_allowance_factor=caf,
        individual_allowances=individual,
        total_individual_allowance_hours=total_ias,
        individual_allowance_factor=iaf,
        staff_for_workload=staff_for_workload,
        required_staff=required,
        existing_staff=existing,
        wisn_difference=difference,
        wisn_ratio=ratio,
    )
