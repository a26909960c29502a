"""Bad scenarios are refused with every problem named by its field path."""

from __future__ import annotations

import pytest

from lodestar.engine import EXAMPLE_SCENARIO, SpecError, load_scenario


def problems(data) -> dict[str, str]:
    with pytest.raises(SpecError) as exc:
        load_scenario(data)
    return dict(exc.value.problems)


GOOD = {
    "name": "x",
    "start_year": 2026,
    "years": 5,
    "cohorts": [{"staff_group": "nurses", "fte": 10}],
}


def test_the_example_scenario_is_valid_and_parses_from_a_string():
    sc = load_scenario(EXAMPLE_SCENARIO)
    assert sc.years == 15
    assert [iv.name for iv in sc.interventions][0] == "Retention programme"


def test_a_scenario_loads_from_a_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nstart_year: 2026\nyears: 2\ncohorts: [{staff_group: a, fte: 1}]\n")
    assert load_scenario(str(path)).years == 2
    assert load_scenario(path).years == 2


def test_every_problem_is_reported_at_once_with_its_path():
    bad = {
        **GOOD,
        "years": 0,
        "cohorts": [{"staff_group": "nurses", "fte": -1}, {"staff_group": "nurses"}],
        "rates": {"nurses": {"leaver_rate": 1.5}, "doctors": {"leaver_rate": 0.1}},
    }
    p = problems(bad)
    assert p["years"] == "must be between 1 and 100"
    assert p["cohorts[0].fte"] == "must be at least 0"
    assert p["cohorts[1].fte"] == "is required"
    assert p["rates.nurses.leaver_rate"] == "must be between 0 and 1"
    assert "doctors" in p["rates.doctors"]


def test_error_text_is_one_path_and_reason_per_line():
    with pytest.raises(SpecError) as exc:
        load_scenario({**GOOD, "years": "ten", "name": ""})
    assert str(exc.value).splitlines() == ["name: must not be empty", "years: must be a whole number"]
    assert exc.value.path == "name"


def test_distributions_are_checked():
    p = problems(
        {**GOOD, "rates": {"nurses": {"leaver_rate": {"dist": "triangular", "low": 0.1, "mode": 0.05, "high": 0.2}}}}
    )
    assert p["rates.nurses.leaver_rate"] == "needs low <= mode <= high"
    p = problems({**GOOD, "rates": {"nurses": {"leaver_rate": {"dist": "beta", "a": 1}}}})
    assert "must be one of normal, triangular, uniform, lognormal" in p["rates.nurses.leaver_rate.dist"]
    p = problems({**GOOD, "rates": {"nurses": {"leaver_rate": {"dist": "normal", "mean": 0.1}}}})
    assert p["rates.nurses.leaver_rate.sd"] == "is required"


def test_interventions_are_checked():
    p = problems(
        {
            **GOOD,
            "interventions": [
                {"name": "a", "lever": "teleport", "staff_group": "nurses"},
                {
                    "name": "b",
                    "lever": "leaver_rate_change",
                    "staff_group": "nurses",
                    "start_year": 2040,
                    "effect": -0.1,
                },
                {
                    "name": "c",
                    "lever": "extra_training_places",
                    "staff_group": "nurses",
                    "effect": 0.01,
                    "extra_places": 3,
                },
                {"name": "d", "lever": "productivity", "staff_group": "nurses", "extra_places": 3, "effect": 0.01},
            ],
        }
    )
    assert p["interventions[0].lever"].startswith("must be one of leaver_rate_change")
    assert p["interventions[1].start_year"] == "must be between 2026 and 2031 (the scenario's years)"
    assert p["interventions[2]"] == "give effect or extra_places, not both"
    assert p["interventions[3].extra_places"] == "does not apply to the productivity lever"


def test_invalid_yaml_names_the_line():
    with pytest.raises(SpecError) as exc:
        load_scenario("name: x\nyears: [1,\n")
    assert exc.value.path.startswith("line ")


def test_the_scenario_is_immutable():
    sc = load_scenario(GOOD)
    with pytest.raises(AttributeError):
        sc.years = 3


@pytest.mark.parametrize("years", ["abc", 0, 500])
def test_an_invalid_years_is_the_only_problem_reported_for_valid_interventions(years):
    import yaml

    data = yaml.safe_load(EXAMPLE_SCENARIO)
    data["years"] = years
    found = problems(data)
    assert list(found) == ["years"], found


@pytest.mark.parametrize(
    ("joiners", "path", "reason"),
    [
        ({"dist": []}, "rates.nurses.joiners_per_year.dist", "must be one of"),
        ({"dist": {}}, "rates.nurses.joiners_per_year.dist", "must be one of"),
        ({"dist": "lognormal", "mu": 1000, "sigma": 1}, "rates.nurses.joiners_per_year", "too large"),
        ({"dist": "lognormal", "mu": 600, "sigma": 30}, "rates.nurses.joiners_per_year", "too large"),
        (1e308, "rates.nurses.joiners_per_year", "too large"),
    ],
)
def test_malformed_or_overflowing_numbers_are_named_not_crashed_on(joiners, path, reason):
    found = problems({**GOOD, "rates": {"nurses": {"leaver_rate": 0.1, "joiners_per_year": joiners}}})
    assert reason in found[path], found


def test_huge_population_is_refused_rather_than_giving_nan_results():
    found = problems({**GOOD, "demand": {"population": {"0-64": {"base": 1e308, "growth": 0.01}}}})
    assert any("too large" in reason for reason in found.values()), found


@pytest.mark.parametrize("lever", [[], {}, ["leaver_rate_change"]])
def test_a_lever_that_is_not_text_is_named(lever):
    found = problems({**GOOD, "interventions": [{"name": "x", "lever": lever, "staff_group": "nurses"}]})
    assert "must be one of" in found["interventions[0].lever"]


def test_deeply_nested_yaml_is_a_spec_error():
    assert "nested too deeply" in problems("a: " + "[" * 10000 + "\n")["YAML"]


def test_a_number_yaml_read_as_text_says_how_to_write_it():
    found = problems("name: x\nstart_year: 2026\nyears: 5\ncohorts: [{staff_group: n, fte: 1e3}]\n")
    assert "write 100000 or 1.0e+5" in found["cohorts[0].fte"]
