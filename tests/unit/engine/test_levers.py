"""Catalogue lever templates become scenario interventions the engine can project."""

from __future__ import annotations

import pytest

from lodestar.engine import SpecError, load_scenario, run
from lodestar.engine.levers import LEVER_TYPES
from lodestar.engine.spec import from_catalogue, validate_lever_template


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


# --------------------------------------------------------------------------- the lever-type registry


@pytest.mark.parametrize("key", list(LEVER_TYPES))
def test_every_lever_type_has_its_words(key):
    lever = LEVER_TYPES[key]
    assert lever.key == key
    for name in ("label", "unit", "meaning", "positive_words", "negative_words"):
        assert getattr(lever, name).strip(), f"{key} has no {name}"
    assert "{amount}" in lever.positive_words and "{amount}" in lever.negative_words
    # every numeric setting of the lever is put into words when a template gives it
    numeric = set(lever.extra_keys) - {"source_group", "new_role"}
    assert numeric <= set(lever.detail_words), f"{key} has no words for {numeric - set(lever.detail_words)}"
    assert lever.effect_range[0] <= lever.plausible_range[0] <= lever.plausible_range[1] <= lever.effect_range[1]


def test_a_lever_type_without_its_words_cannot_be_made():
    from lodestar.engine.levers import LeverType

    with pytest.raises(ValueError, match="needs its label"):
        LeverType(
            key="warp",
            label="",
            unit="fraction of stock",
            meaning="Warps the workforce.",
            effect_range=(0.0, 1.0),
            plausible_range=(0.0, 0.5),
            positive_words="Warps by {amount}",
            negative_words="Unwarps by {amount}",
        )
    with pytest.raises(ValueError, match="need \\{amount\\}"):
        LeverType(
            key="warp",
            label="Warp",
            unit="fraction of stock",
            meaning="Warps the workforce.",
            effect_range=(0.0, 1.0),
            plausible_range=(0.0, 0.5),
            positive_words="Warps",
            negative_words="Unwarps",
        )


def test_the_spec_takes_every_lever_type_of_the_registry_and_no_other():
    from lodestar.engine.levers import SUPPLY_LEVERS

    assert {k for k, lever in LEVER_TYPES.items() if lever.changes_supply} == SUPPLY_LEVERS
    for key, lever in LEVER_TYPES.items():
        assert validate_lever_template({"type": key, "effect": lever.plausible_range[1]}) == []
    high = LEVER_TYPES["productivity"].effect_range[1]
    problems = dict(validate_lever_template({"type": "productivity", "effect": high + 0.01}))
    assert "effect" in problems
