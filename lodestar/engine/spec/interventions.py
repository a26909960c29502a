"""Interventions: a lever applied to a staff group from a start year (docs/engine/method.md, "Interventions").

What each lever type takes (its effect range, absolute alternative, own settings) comes from
the lever-type registry, ``lodestar.engine.levers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lodestar.engine.levers import LEVER_TYPES, LeverType
from lodestar.engine.spec.cohorts import Groups
from lodestar.engine.spec.common import RESERVED_GROUP, Parser
from lodestar.engine.spec.scenario import Intervention, Param, Pipeline

INTERVENTION_KEYS = (
    "name",
    "lever",
    "staff_group",
    "effect",
    "extra_places",
    "fte_per_year",
    "fte",
    "start_year",
    "ramp_up_years",
    "cost_per_year",
    "course_years",
    "attrition",
    "share_taking_posts",
    "source_group",
    "equivalence",
    "new_role",
    "catalogue_code",
)
AMOUNT_KEYS = ("extra_places", "fte_per_year", "fte")
LEVER_SETTING_KEYS = ("course_years", "attrition", "share_taking_posts", "source_group", "equivalence", "new_role")


@dataclass(frozen=True)
class Context:
    """What an intervention is checked against: the scenario's groups, pipelines and years."""

    groups: Groups
    pipelines: list[Pipeline]
    start_year: int | None
    end_year: int | None


def parse_interventions(p: Parser, raw_list, ctx: Context, base_fte: dict[str, Param]) -> list[Intervention]:
    """The valid interventions, with unique names; ``base_fte`` is demand's base-year FTE by group."""
    interventions: list[Intervention] = []
    names: dict[str, int] = {}
    for i, raw in enumerate(p.listing(raw_list, "interventions")):
        path = f"interventions[{i}]"
        raw = p.mapping(raw, path, required=True)
        iv = parse_intervention(p, raw, path, ctx)
        if iv is None:
            continue
        if iv.name in names:
            p.add(f"{path}.name", f"repeats the name of interventions[{names[iv.name]}]; names must be unique")
            continue
        names[iv.name] = i
        interventions.append(iv)
    for iv in interventions:
        where = f"interventions[{names[iv.name]}]"
        if iv.lever == "substitution" and iv.new_role == RESERVED_GROUP:
            p.add(f"{where}.new_role", f'"{RESERVED_GROUP}" is reserved')
        if not LEVER_TYPES[iv.lever].needs_cohorts and iv.staff_group not in ctx.groups.known | set(base_fte):
            p.add(f"{where}.staff_group", f'"{iv.staff_group}" has no cohorts and no demand.base_fte')
    return interventions


def parse_intervention(p: Parser, raw: dict, path: str, ctx: Context) -> Intervention | None:
    """One intervention, or None when it has a problem (each problem is added to ``p``)."""
    p.unknown_keys(raw, INTERVENTION_KEYS, path)
    n_before = len(p.problems.problems)
    name = p.text(raw.get("name"), f"{path}.name")
    lever = raw.get("lever")
    if not isinstance(lever, str) or lever not in LEVER_TYPES:
        p.add(f"{path}.lever", f"must be one of {', '.join(LEVER_TYPES)}")
        return None
    lt = LEVER_TYPES[lever]
    group = p.text(raw.get("staff_group"), f"{path}.staff_group")
    if group is not None and group not in ctx.groups.known and lt.needs_cohorts:
        known = ", ".join(ctx.groups.names)
        p.add(f"{path}.staff_group", f'"{group}" is not a staff group with cohorts (known: {known})')
    iv_start = p.number(raw.get("start_year", ctx.start_year), f"{path}.start_year", integer=True)
    if iv_start is not None and ctx.end_year is not None and not (ctx.start_year <= iv_start <= ctx.end_year):
        p.add(f"{path}.start_year", f"must be between {ctx.start_year} and {ctx.end_year} (the scenario's years)")
    ramp = p.number(raw.get("ramp_up_years", 1), f"{path}.ramp_up_years", low=1, high=50, integer=True)
    cost = p.param(raw.get("cost_per_year", 0.0), f"{path}.cost_per_year", low=0)
    effect, amount = _effect_or_amount(p, raw, path, lt)
    settings = _lever_settings(p, raw, path, lt, group=group, name=name, amount=amount, ctx=ctx)
    _check_fraction_of_stock(p, path, lt, group, effect, ctx.groups)
    if len(p.problems.problems) > n_before:
        return None
    return Intervention(
        name=name,
        lever=lever,
        staff_group=group,
        start_year=iv_start,
        ramp_up_years=ramp,
        cost_per_year=cost,
        effect=effect,
        amount=amount,
        **settings,
    )


def _effect_or_amount(p: Parser, raw: dict, path: str, lt: LeverType) -> tuple[Param | None, Param | None]:
    """The relative ``effect`` or the lever's absolute number (exactly one of them)."""
    abs_key = lt.amount_key
    for key in AMOUNT_KEYS:
        if key in raw and key != abs_key:
            p.add(f"{path}.{key}", f"does not apply to the {lt.key} lever")
    has_effect, has_abs = "effect" in raw, abs_key is not None and abs_key in raw
    if has_effect and has_abs:
        p.add(path, f"give effect or {abs_key}, not both")
    elif not has_effect and not has_abs:
        p.add(f"{path}.effect", "is required" + (f" (or give {abs_key})" if abs_key else ""))
    elif has_effect:
        low, high = lt.effect_range
        return p.param(raw["effect"], f"{path}.effect", low=low, high=high), None
    else:
        return None, p.param(raw[abs_key], f"{path}.{abs_key}", low=0)
    return None, None


def _lever_settings(p: Parser, raw: dict, path: str, lt: LeverType, *, group, name, amount, ctx) -> dict[str, Any]:
    """The lever's own settings (course_years, source_group ...), with their defaults."""
    if lt.key == "extra_training_places":
        settings = _training_settings(p, raw, path, group, ctx.pipelines)
    elif lt.key == "conversion":
        settings = _conversion_settings(p, raw, path, group, amount, ctx.groups)
    elif lt.key == "substitution":
        settings = _substitution_settings(p, raw, path, group, name)
    else:
        settings = {}
    for key in LEVER_SETTING_KEYS:
        if key in raw and key not in lt.extra_keys and key not in settings:
            p.add(f"{path}.{key}", f"does not apply to the {lt.key} lever")
    return settings


def _training_settings(p: Parser, raw: dict, path: str, group, pipelines: list[Pipeline]) -> dict[str, Any]:
    """Extra training places: course length, attrition and take-up default to the group's pipeline."""
    pipe = next((pl for pl in pipelines if pl.staff_group == group), None)
    course_years = p.number(
        raw.get("course_years", pipe.course_years if pipe else 3), f"{path}.course_years", low=0, high=10, integer=True
    )
    if "attrition" in raw:
        attrition = p.param(raw["attrition"], f"{path}.attrition", low=0, high=1)
    else:
        attrition = pipe.attrition if pipe else Param(f"{path}.attrition", value=0.0, low=0, high=1)
    if "share_taking_posts" in raw:
        share = p.param(raw["share_taking_posts"], f"{path}.share_taking_posts", low=0, high=1)
    else:
        share = pipe.share_taking_posts if pipe else Param(f"{path}.share_taking_posts", value=1.0, low=0, high=1)
    return {"course_years": course_years, "attrition": attrition, "share_taking_posts": share}


def _conversion_settings(p: Parser, raw: dict, path: str, group, amount, groups: Groups) -> dict[str, Any]:
    src = p.text(raw.get("source_group"), f"{path}.source_group")
    if src is not None and src not in groups.known:
        p.add(f"{path}.source_group", f'"{src}" is not a staff group with cohorts (known: {", ".join(groups.names)})')
    elif src is not None and src == group:
        p.add(f"{path}.source_group", "must differ from staff_group (the group converted into)")
    settings = {
        "source_group": src,
        "course_years": p.number(raw.get("course_years", 0), f"{path}.course_years", low=0, high=10, integer=True),
        "attrition": p.param(raw.get("attrition", 0.0), f"{path}.attrition", low=0, high=1),
    }
    if amount is not None and src in groups.base_fte and groups.base_fte[src] <= 0:
        p.add(f"{path}.fte_per_year", "cannot be used when the source group has no staff in the base year")
    return settings


def _substitution_settings(p: Parser, raw: dict, path: str, group, name) -> dict[str, Any]:
    equivalence = p.param(raw.get("equivalence", 1.0), f"{path}.equivalence", low=0)
    new_role = p.text(raw.get("new_role"), f"{path}.new_role", required=False, default=name)
    if new_role is not None and new_role == group:
        p.add(f"{path}.new_role", "must differ from staff_group (the group whose demand it covers)")
    return {"equivalence": equivalence, "new_role": new_role}


def _check_fraction_of_stock(p: Parser, path: str, lt: LeverType, group, effect, groups: Groups) -> None:
    if lt.fraction_of_stock and effect is not None and groups.base_fte.get(group, 1) <= 0:
        p.add(
            f"{path}.effect",
            "is a fraction of staff in post, but the group has none in the base year: give an absolute number",
        )
