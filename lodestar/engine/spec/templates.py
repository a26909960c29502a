"""Catalogue lever templates -> scenario interventions.

A catalogue intervention carries lever templates (their types: ``lodestar.engine.levers``)::

    {"type": "leaver_rate_change", "effect": {"dist": "triangular", "low": -0.08, "mode": -0.04, "high": -0.01}}
    {"type": "extra_training_places", "effect": 0.02, "course_years": 3, "attrition": 0.15}

Effects are relative to the workforce the intervention is applied to (the catalogue cannot
know the size of a service).  ``from_catalogue`` makes the scenario intervention (the
mapping a scenario file's ``interventions:`` list holds) for one staff group, start year,
ramp-up and cost; ``load_scenario`` then turns it into parameter changes as
docs/engine/method.md describes.
"""

from __future__ import annotations

from typing import Any

from lodestar.engine.errors import SpecError
from lodestar.engine.levers import LEVER_TYPES
from lodestar.engine.spec.common import Parser

TEMPLATE_KEYS = ("type", "effect", "note")


def validate_lever_template(template: Any) -> list[tuple[str, str]]:
    """Problems with one catalogue lever template, as (path, reason); empty when it is valid.

    Paths are relative to the template (``effect.low``); prefix them with the template's place
    in the catalogue (``interventions[3].levers[0].``).
    """
    if not isinstance(template, dict):
        return [("", "must be a mapping with type and effect")]
    p = Parser()
    lever = template.get("type", template.get("lever"))
    type_key = "type" if "type" in template or "lever" not in template else "lever"
    if lever not in LEVER_TYPES:
        p.add(type_key, f"must be one of {', '.join(LEVER_TYPES)}")
        return p.problems.problems
    lt = LEVER_TYPES[lever]
    extras = lt.extra_keys
    p.unknown_keys(template, (*TEMPLATE_KEYS, "lever", *extras), "")
    low, high = lt.effect_range
    p.param(template.get("effect"), "effect", low=low, high=high)
    if "course_years" in extras and "course_years" in template:
        p.number(template["course_years"], "course_years", low=0, high=10, integer=True)
    for key, low, high in (("attrition", 0, 1), ("share_taking_posts", 0, 1), ("equivalence", 0, None)):
        if key in extras and key in template:
            p.param(template[key], key, low=low, **({} if high is None else {"high": high}))
    for key in ("source_group", "new_role"):
        if key in extras and key in template:
            p.text(template[key], key)
    return p.problems.problems


def from_catalogue(
    template: dict,
    *,
    name: str,
    staff_group: str,
    start_year: int,
    ramp_up_years: int = 1,
    cost_per_year: float | dict = 0.0,
    **extra: Any,
) -> dict:
    """The scenario intervention for a catalogue lever template applied to ``staff_group``.

    ``extra`` supplies or overrides the lever's own keys (``source_group`` for a conversion,
    ``new_role`` or ``equivalence`` for a substitution, ``course_years`` ...).  Raises
    ``SpecError`` if the template is not valid.
    """
    problems = validate_lever_template(template)
    if problems:
        raise SpecError(problems)
    lever = template.get("type", template.get("lever"))
    extra_keys = LEVER_TYPES[lever].extra_keys
    intervention = {
        "name": name,
        "lever": lever,
        "staff_group": staff_group,
        "effect": template["effect"],
        "start_year": start_year,
        "ramp_up_years": ramp_up_years,
        "cost_per_year": cost_per_year,
    }
    for key in extra_keys:
        if key in template:
            intervention[key] = template[key]
    unknown = [k for k in extra if k not in extra_keys]
    if unknown:
        raise SpecError([(k, f"does not apply to the {lever} lever") for k in unknown])
    intervention.update(extra)
    return intervention
