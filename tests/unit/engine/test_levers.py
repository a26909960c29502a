"""Catalogue lever templates become scenario interventions the engine can project."""

from __future__ import annotations

import pytest

from lodestar.engine import SpecError, load_scenario, run
from lodestar.engine.lever_types import LEVER_TYPES
from lodestar.engine.levers import from_catalogue, validate_lever_template


def test_a_valid_template_has_no_problems():
    for lever in LEVER_TYPES:
        assert validate_lever_template({"type": lever, "effect": 0.02}) == []
    assert (
        validate_lever_template(
            {"type": "leaver_rate_change", "effect": {"dist": "triangular", "low": -0.08, "mode": -0.04, "high": -0.01}}
        )
        == []
    )


def test_template_problems_name_the_field():
    assert validate_lever_template({"type": "warp", "effect": 1}) == [
        ("type", f"must be one of {', '.join(LEVER_TYPES)}")
    ]
    problems = dict(validate_lever_template({"type": "leaver_rate_change", "effect": {"dist": "uniform", "low": 0.1}}))
    assert problems == {"effect.high": "is required"}
    problems = dict(validate_lever_template({"type": "productivity", "effect": 0.02, "colour": "red"}))
    assert "colour" in problems
    problems = dict(validate_lever_template({"type": "extra_training_places", "effect": 0.01, "attrition": 2}))
    assert problems == {"attrition": "must be between 0 and 1"}
    assert validate_lever_template("effect: 1") == [("", "must be a mapping with type and effect")]


def test_from_catalogue_makes_an_intervention_a_scenario_accepts():
    iv = from_catalogue(
        {"type": "extra_training_places", "effect": 0.1, "course_years": 1, "attrition": 0.0},
        name="Grow our own",
        staff_group="nurses",
        start_year=2027,
        ramp_up_years=1,
        cost_per_year=5000,
    )
    sc = load_scenario(
        {
            "name": "x",
            "start_year": 2026,
            "years": 3,
            "leaver_rate_denominator": "opening_stock",
            "cohorts": [{"staff_group": "nurses", "fte": 200}],
            "interventions": [iv],
        }
    )
    supply = run(sc).summary().filter(measure="supply_fte", staff_group="nurses")["mean"].to_list()
    # 10 % of 200 FTE a year start training in 2027 and qualify a year later
    assert supply == pytest.approx([200, 200, 220, 240])


def test_from_catalogue_refuses_a_bad_template_or_a_key_the_lever_lacks():
    with pytest.raises(SpecError) as exc:
        from_catalogue({"type": "productivity"}, name="x", staff_group="g", start_year=2026)
    assert exc.value.path == "effect"
    with pytest.raises(SpecError) as exc:
        from_catalogue(
            {"type": "productivity", "effect": 0.1}, name="x", staff_group="g", start_year=2026, new_role="y"
        )
    assert exc.value.problems == [("new_role", "does not apply to the productivity lever")]
