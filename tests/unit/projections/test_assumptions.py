"""Every assumption of a scenario in plain words: the headings, the labels and help, the values in
words (fixed, likely range, and the other distributions a file may hold), and editing one."""

from __future__ import annotations

import pytest

from lodestar.projections import assumptions
from lodestar.projections.assumptions import FTE, GBP, GROWTH, RATE, value_words
from tests.factories.projections import small_spec


def by_path(spec) -> dict[str, assumptions.Assumption]:
    return {a.path: a for g in assumptions.groups(spec) for a in g.items}


def test_headings_in_order():
    headings = [g.heading for g in assumptions.groups(small_spec())]
    assert headings == [
        "Staff in post by staff group",
        "Leavers, joiners and retirement by staff group",
        "Training pipelines",
        "Conversions",
        "Demand",
        "The scenario's own interventions",
    ]


def test_staff_in_post_is_summarised_and_read_only():
    staff = assumptions.groups(small_spec())[0]
    assert staff.items == []
    assert staff.rows == [("registered-nurses", "380 FTE (415 people)"), ("support-workers", "170 FTE (195 people)")]
    assert "import new data" in staff.intro and "upload" in staff.intro


def test_leaver_rate_help_says_what_the_number_means():
    item = by_path(small_spec())["rates.registered-nurses.leaver_rate"]
    assert "9 in 100 staff leave each year" in item.help
    assert item.words == "likely range: lowest 7%, most likely 9%, highest 12%"
    assert item.kind == "range" and item.unit is RATE


def test_fixed_values_and_retirement_by_age():
    items = by_path(small_spec())
    assert items["rates.support-workers.leaver_rate"].words == "12%"
    assert items["rates.registered-nurses.retirement_rate_by_age.55+"].words == "15%"
    assert items["rates.registered-nurses.joiners_per_year"].words == "20 FTE a year"
    assert items["rates.registered-nurses.joiner_rate"].words == "Not set"
    assert items["demand.vacancies_fte.registered-nurses"].words == "40 FTE"
    assert items["demand.productivity_gain"].words == "0.5% a year"


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        (0.09, RATE, "9%"),
        (1500, FTE, "1,500 FTE"),
        (250000, GBP, "£250,000"),
        (
            {"dist": "triangular", "low": 0.005, "mode": 0.01, "high": 0.02},
            GROWTH,
            "likely range: lowest 0.5% a year, most likely 1% a year, highest 2% a year",
        ),
        (
            {"dist": "uniform", "low": 0.005, "high": 0.015},
            GROWTH,
            "any value from 0.5% a year to 1.5% a year, each as likely",
        ),
        (
            {"dist": "normal", "mean": 0.1, "sd": 0.02},
            RATE,
            "around 10% on average, give or take 2% (a normal distribution)",
        ),
        ({"dist": "lognormal", "mu": 1.0, "sigma": 0.5}, FTE, "a skewed range (lognormal: mu 1.0, sigma 0.5)"),
        (None, RATE, "Not set"),
    ],
)
def test_values_in_words(value, unit, words):
    assert value_words(value, unit) == words


def test_other_distributions_are_shown_and_can_be_replaced():
    spec = small_spec()
    spec["rates"]["support-workers"]["leaver_rate"] = {"dist": "normal", "mean": 0.1, "sd": 0.02}
    item = assumptions.find(spec, "rates.support-workers.leaver_rate")
    assert item.kind == "other" and item.editable


def test_with_value_changes_one_place_only():
    spec = small_spec()
    item = assumptions.find(spec, "rates.support-workers.leaver_rate")
    changed = assumptions.with_value(spec, item, {"dist": "triangular", "low": 0.1, "mode": 0.12, "high": 0.15})
    assert changed["rates"]["support-workers"]["leaver_rate"]["mode"] == 0.12
    assert spec == small_spec()  # the original is untouched
    changed["rates"]["support-workers"]["leaver_rate"] = 0.12
    assert changed == spec


def test_pipelines_conversions_and_interventions_are_listed():
    spec = small_spec(
        pipelines=[{"name": "Nursing degree", "staff_group": "registered-nurses", "intake_per_year": 40}],
        conversions=[{"from_group": "support-workers", "to_group": "registered-nurses", "rate": 0.02}],
        interventions=[
            {"name": "Retention", "lever": "leaver_rate_change", "staff_group": "registered-nurses", "effect": -0.08}
        ],
    )
    items = by_path(spec)
    assert items["pipelines[0].intake_per_year"].label == "Nursing degree: intake a year"
    assert items["pipelines[0].attrition"].words == "0%"
    assert items["conversions[0].rate"].words == "2%"
    assert items["interventions[0].effect"].words == "-8%"
    assert items["interventions[0].cost_per_year"].words == "Not set: no cost"


def test_population_is_read_only_and_utilisation_fixed_only():
    spec = small_spec()
    spec["demand"]["population"] = {"0-64": {"base": 100000, "growth": 0.01}, "65+": [20000] * 11}
    demand = assumptions.groups(spec)[4]
    assert ("Population aged 65+", "20,000 in the first year, 20,000 in the last") in demand.rows
    util = by_path(spec)["demand.utilisation.0-64"]
    assert util.fixed_only and util.words == "1 (the default)"


def test_unknown_path_is_not_found():
    assert assumptions.find(small_spec(), "cohorts[0].fte") is None


def test_path_words():
    assert assumptions.path_words("rates.registered-nurses.leaver_rate") == "rates → registered-nurses → leaver rate"
    assert assumptions.path_words("pipelines[0].attrition") == "pipelines → 1 → attrition"
