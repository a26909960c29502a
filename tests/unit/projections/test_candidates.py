"""A workshop's candidates modelled each on its own against a scenario (lodestar.projections.candidates)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from lodestar.engine import run as engine_run
from lodestar.projections import candidates, specs
from tests.factories.projections import small_spec

NURSES = "registered-nurses"
FEWER_LEAVERS = {
    "type": "leaver_rate_change",
    "effect": {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.02},
}
RECRUITS = {"type": "international_recruitment", "effect": 0.03}
RETURNERS = {"type": "return_to_practice", "effect": 0.005, "ramp_up_years": 2}


def catalogue_entry(code, levers, cost_band="low"):
    return SimpleNamespace(code=code, levers=levers, cost_band=cost_band)


@pytest.fixture
def entries():
    return [
        catalogue_entry("retention", [FEWER_LEAVERS]),
        catalogue_entry("recruit-and-return", [RECRUITS, RETURNERS], "high"),
        catalogue_entry("system-convening", []),
    ]


def test_spec_has_one_intervention_per_lever_template_named_after_the_candidate(entries):
    spec = candidates.candidate_spec(small_spec(), entries, NURSES, 2027)

    names = [iv["name"] for iv in spec["interventions"]]
    assert names == [
        "retention (candidate)",
        "recruit-and-return (candidate, lever 1 of 2)",
        "recruit-and-return (candidate, lever 2 of 2)",
    ]
    assert {iv["staff_group"] for iv in spec["interventions"]} == {NURSES}
    assert {iv["start_year"] for iv in spec["interventions"]} == {2027}
    assert spec["interventions"][2]["ramp_up_years"] == 2
    specs.check(spec)  # a valid scenario for the engine and for request_run


def test_a_candidate_with_no_levers_is_not_modelled_with_the_reason(entries):
    reasons = candidates.not_modelled(small_spec(), entries, staff_group=NURSES, start_year=2027)

    assert reasons == {"system-convening": "no evidence-based effect in the catalogue"}


def test_a_lever_that_cannot_apply_to_the_scenario_is_not_modelled_in_words():
    conversion = catalogue_entry(
        "top-up", [{"type": "conversion", "effect": 0.05, "source_group": "nursing-associates"}]
    )

    reasons = candidates.not_modelled(small_spec(), [conversion], staff_group=NURSES, start_year=2027)
    spec = candidates.candidate_spec(small_spec(), [conversion], NURSES, 2027)

    assert "cannot be applied to this scenario" in reasons["top-up"]
    assert "nursing-associates" in reasons["top-up"]
    assert spec.get("interventions", []) == []


def test_the_scenarios_own_levers_stay_in_the_baseline():
    own = {"name": "Retention programme", "lever": "leaver_rate_change", "staff_group": NURSES, "effect": -0.05}
    spec = candidates.candidate_spec(small_spec(interventions=[own]), [catalogue_entry("x", [RECRUITS])], NURSES, 2027)

    assert [iv["name"] for iv in spec["interventions"]] == ["Retention programme", "x (candidate)"]
    assert candidates.candidate_code("Retention programme") is None
    assert candidates.candidate_code("x (candidate)") == "x"


def test_each_candidate_is_modelled_alone_against_the_baseline(entries):
    spec = candidates.candidate_spec(small_spec(), entries, NURSES, 2027)
    seen = []

    out = candidates.compute(spec, 40, 7, lambda done, total: seen.append((done, total)))

    assert out["year"] == 2031  # five years on from 2026
    assert set(out["candidates"]) == {"retention", "recruit-and-return"}
    json.dumps(out)  # stored as Run.result
    # Alone: the retention candidate's effect is the same as in a scenario with only it.
    alone = candidates.compute(candidates.candidate_spec(small_spec(), entries[:1], NURSES, 2027), 40, 7)
    assert out["candidates"]["retention"] == alone["candidates"]["retention"]
    # And it is the gap without it minus the gap with it, on the same draws, five years on.
    one = small_spec(years=5, interventions=spec["interventions"][:1])
    result = engine_run(specs.check(one), runs=40, seed=7)
    gaps = result.final_gap_by_step
    assert out["candidates"]["retention"]["gap_closed_mean"] == pytest.approx(float((gaps[:, 0] - gaps[:, 1]).mean()))
    assert seen[-1] == (80, 80)


def test_every_figure_of_a_candidate_is_given(entries):
    out = candidates.compute(candidates.candidate_spec(small_spec(), entries, NURSES, 2027), 40, 7)

    for figures in out["candidates"].values():
        assert figures["modelled"] is True
        assert figures["gap_closed_p5"] <= figures["gap_closed_mean"] <= figures["gap_closed_p95"]
        assert figures["cost_total_mean"] > 0
        assert figures["cost_per_fte"] == pytest.approx(figures["cost_total_mean"] / figures["gap_closed_mean"])


def test_an_intervention_that_closes_more_of_the_gap_ranks_first():
    small = catalogue_entry("small-recruitment", [{"type": "international_recruitment", "effect": 0.005}])
    large = catalogue_entry("large-recruitment", [{"type": "international_recruitment", "effect": 0.04}])
    spec = candidates.candidate_spec(small_spec(), [small, large], NURSES, 2027)

    out = candidates.compute(spec, 20, 1)

    ranked = sorted(out["candidates"], key=lambda code: -out["candidates"][code]["gap_closed_mean"])
    assert ranked == ["large-recruitment", "small-recruitment"]


def test_the_year_is_the_last_year_of_a_shorter_scenario():
    spec = candidates.candidate_spec(small_spec(years=3), [catalogue_entry("x", [RECRUITS])], NURSES, 2027)

    out = candidates.compute(spec, 10, 1)

    assert out["year"] == 2029


def test_a_candidate_that_closes_no_gap_has_no_cost_per_fte():
    late = catalogue_entry("x", [RECRUITS])
    spec = candidates.candidate_spec(small_spec(), [late], NURSES, 2033)  # starts after the year of judgement

    out = candidates.compute(spec, 10, 1)

    assert out["candidates"]["x"]["gap_closed_mean"] == pytest.approx(0)
    assert out["candidates"]["x"]["cost_per_fte"] is None


def test_an_effect_in_words():
    from lodestar.projections.presenters.workshops import Effect

    figures = {
        "gap_closed_mean": 6.62,
        "gap_closed_p5": 3.5,
        "gap_closed_p95": 10.04,
        "cost_total_mean": 139_000,
        "cost_per_fte": 21_066.8,
        "modelled": True,
        "reason": "",
    }
    assert Effect(2031, figures).text == (
        "Modelled effect by 2031: closes 6.6 FTE of the gap (range 3.5 to 10.0), £21,100 per FTE"
    )
    nothing = {**figures, "gap_closed_mean": 0.0, "gap_closed_p5": 0.0, "gap_closed_p95": 0.0, "cost_per_fte": None}
    assert Effect(2031, nothing).short == "Closes none of the gap (range 0.0 to 0.0 FTE)"
    assert Effect(2031, None, "no evidence-based effect in the catalogue").text == (
        "Not modelled: no evidence-based effect in the catalogue"
    )
    assert Effect(2031, None, "x").sort_value is None
