"""The catalogue data file: the shipped file is valid, and every kind of mistake is reported with its path."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
import yaml

from lodestar.engine.levers import LEVER_TYPES
from lodestar.star import catalogue, vocab
from lodestar.star.presenters import describe_lever, star_geometry

SHIPPED = yaml.safe_load(catalogue.DEFAULT_PATH.read_text(encoding="utf-8"))


def problems_for(mutate) -> list[str]:
    data = copy.deepcopy(SHIPPED)
    mutate(data)
    with pytest.raises(catalogue.CatalogueError) as err:
        catalogue.parse(data)
    return [f"{path}: {reason}" for path, reason in err.value.problems]


def test_shipped_catalogue_is_valid_with_at_least_60_interventions_and_10_per_point():
    cat = catalogue.load()
    assert cat.version == SHIPPED["version"]
    assert len(cat.interventions) >= 60
    per_point = Counter(e.point for e in cat.interventions)
    assert {key: per_point[key] >= 10 for key, _ in vocab.STAR_POINTS} == {key: True for key, _ in vocab.STAR_POINTS}
    assert [p.key for p in cat.points] == [k for k, _ in vocab.STAR_POINTS]


def test_shipped_catalogue_uses_every_lever_type_and_says_when_it_has_none():
    cat = catalogue.load()
    used = {lever["type"] for e in cat.interventions for lever in e.levers}
    assert used == set(LEVER_TYPES)
    assert any(not e.levers for e in cat.interventions)
    assert "lead-system-convening" in {e.id for e in cat.interventions if not e.levers}


def test_shipped_entries_are_frozen():
    entry = catalogue.load().interventions[0]
    with pytest.raises(AttributeError):
        entry.title = "changed"


def test_unknown_staff_group_is_reported_with_its_path():
    def mutate(d):
        d["interventions"][12]["staff_groups"] = ["registered-nurses", "nurse"]

    assert "interventions[12].staff_groups[1]: 'nurse' is not a known staff group" in problems_for(mutate)


def test_unknown_care_setting_point_and_choices_are_each_reported():
    def mutate(d):
        d["interventions"][0]["care_settings"] = ["hospital"]
        d["interventions"][1]["point"] = "supplies"
        d["interventions"][2]["evidence_level"] = "good"
        d["interventions"][3]["time_to_impact"] = "soon"
        d["interventions"][4]["cost_band"] = "cheap"

    found = problems_for(mutate)
    assert "interventions[0].care_settings[0]: 'hospital' is not a known care setting" in found
    assert any(p.startswith("interventions[1].point: 'supplies' is not one of the Star points") for p in found)
    assert any(p.startswith("interventions[2].evidence_level: 'good' is not a known evidence level") for p in found)
    assert any(p.startswith("interventions[3].time_to_impact: 'soon'") for p in found)
    assert any(p.startswith("interventions[4].cost_band: 'cheap'") for p in found)
    assert len(found) == 5


def test_duplicate_and_badly_formed_ids_are_reported():
    def mutate(d):
        d["interventions"][5]["id"] = d["interventions"][2]["id"]
        d["interventions"][6]["id"] = "Bad Id"
        d["interventions"][7]["id"] = "local-1-sneaky"

    found = problems_for(mutate)
    assert f"interventions[5].id: '{SHIPPED['interventions'][2]['id']}' is already used by interventions[2]" in found
    assert any(p.startswith("interventions[6].id: 'Bad Id' must be lower-case") for p in found)
    assert any(p.startswith("interventions[7].id: 'local-1-sneaky' is reserved") for p in found)


def test_missing_fields_unknown_fields_and_empty_lists_are_reported():
    def mutate(d):
        del d["interventions"][0]["summary"]
        d["interventions"][1]["colour"] = "blue"
        d["interventions"][2]["staff_groups"] = []
        d["interventions"][3]["levers"] = None

    found = problems_for(mutate)
    assert "interventions[0].summary: is missing or empty" in found
    assert "interventions[1].colour: is not a field of an intervention" in found
    assert "interventions[2].staff_groups: must be a list of at least one staff group" in found
    assert any(p.startswith("interventions[3].levers: must be a list") for p in found)


@pytest.mark.parametrize(
    "lever, expected",
    [
        ({"type": "leaver_rate", "effect": -0.05}, "levers[0].type: 'leaver_rate' is not a known lever type"),
        (
            {"type": "leaver_rate_change", "effect": {"dist": "triangular", "low": -0.01, "mode": -0.05, "high": -0.1}},
            "levers[0].effect: needs low <= mode <= high",
        ),
        ({"type": "leaver_rate_change", "effect": {"dist": "beta", "a": 1}}, "levers[0].effect.dist: 'beta'"),
        (
            {"type": "leaver_rate_change", "effect": {"dist": "triangular", "low": -0.1, "high": -0.01}},
            "levers[0].effect.mode: is missing",
        ),
        ({"type": "leaver_rate_change", "effect": {"dist": "normal", "mean": -0.05, "sd": 0}}, "levers[0].effect.sd"),
        ({"type": "leaver_rate_change", "effect": {"dist": "uniform", "low": 0.1, "high": 0.0}}, "needs low < high"),
        ({"type": "leaver_rate_change", "effect": "a lot"}, "levers[0].effect: must be a number or a distribution"),
        ({"type": "leaver_rate_change"}, "levers[0].effect: is missing"),
        ({"type": "extra_joiners", "effect": 3}, "levers[0].effect: 3 is outside the plausible range"),
        ({"type": "productivity", "effect": 0.01, "ramp_up_years": -1}, "levers[0].ramp_up_years"),
        ({"type": "productivity", "effect": 0.01, "equivalence": 0.5}, "levers[0].equivalence: is not a setting"),
        ({"type": "substitution", "effect": 0.01, "new_role": "wizards"}, "'wizards' is not a known staff group"),
        ({"type": "extra_training_places", "effect": 0.01, "course_years": 0}, "levers[0].course_years"),
        ({"type": "conversion", "effect": 0.01, "attrition": 1.5}, "levers[0].attrition"),
    ],
)
def test_bad_levers_are_reported_with_their_path(lever, expected):
    def mutate(d):
        d["interventions"][9]["levers"] = [lever]

    found = problems_for(mutate)
    assert any(p.startswith("interventions[9].") and expected in p for p in found), found


def test_missing_or_repeated_points_and_bad_version_are_reported():
    def mutate(d):
        d["version"] = 2026.1
        d["points"] = d["points"][:4] + [dict(d["points"][0])]

    found = problems_for(mutate)
    assert any(p.startswith("version: 2026.1 must be a quoted YEAR.N string") for p in found)
    assert "points: the Supply point (supply) appears more than once" in found
    assert "points: the Leadership point (leadership) is missing" in found


def test_not_a_mapping_is_reported():
    with pytest.raises(catalogue.CatalogueError, match="must be a mapping"):
        catalogue.parse(["not", "a", "catalogue"])


def test_levers_are_described_in_plain_words():
    lever = {
        "type": "leaver_rate_change",
        "effect": {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.01},
        "ramp_up_years": 2,
    }
    assert describe_lever(lever) == (
        "Reduces the leaver rate by 1% to 10%, most likely 5%, reaching full effect after 2 years."
    )
    assert describe_lever({"type": "productivity", "effect": 0.02, "ramp_up_years": 0}) == (
        "Reduces the demand for staff by 2%, with full effect from the first year."
    )
    substitution = describe_lever(
        {
            "type": "substitution",
            "effect": 0.01,
            "ramp_up_years": 1,
            "equivalence": 0.7,
            "new_role": "nursing-associates",
        }
    )
    assert substitution.startswith("Adds nursing associates each year equal to 1% of the demand")
    assert "(one full-time post in the new role covers 0.7 of a full-time post)" in substitution


def test_every_shipped_lever_has_a_description():
    for entry in catalogue.load().interventions:
        for lever in entry.levers:
            text = describe_lever(lever)
            assert text.endswith(".") and "an uncertain amount" not in text


def test_star_geometry_has_five_linked_points():
    points = [{"key": k, "name": n, "href": f"/star/{k}/", "count": 1} for k, n in vocab.STAR_POINTS]
    geometry = star_geometry(points)
    assert [p["href"] for p in geometry["points"]] == [f"/star/{k}/" for k, _ in vocab.STAR_POINTS]
    assert all(len(p["polygon"].split()) == 3 for p in geometry["points"])
    assert len(geometry["centre"].split()) == 5


# ---------------------------------------------------------------- the lever-type registry


@pytest.mark.parametrize("key", list(LEVER_TYPES))
def test_every_lever_type_is_described_in_its_own_words(key):
    lever = LEVER_TYPES[key]
    settings = {"course_years": 3, "attrition": 0.1, "share_taking_posts": 0.9, "equivalence": 0.5}
    template = {"type": key, "effect": 0.02, **{k: v for k, v in settings.items() if k in lever.extra_keys}}
    text = describe_lever(template)
    assert not text.startswith("Changes the workforce"), text
    assert "2%" in text and "{" not in text
    for phrase in lever.detail_words.values():
        assert phrase.split("{value}")[-1].strip() in text


def test_the_catalogue_and_the_form_read_the_registry():
    from lodestar.star.catalogue import validate_lever
    from lodestar.star.forms import FORM_LEVERS, InterventionForm

    for key, lever in LEVER_TYPES.items():
        low, high = lever.plausible_range
        assert validate_lever({"type": key, "effect": (low + high) / 2}, "x") == [], key
        assert validate_lever({"type": key, "effect": high + 0.5}, "x"), key
        if lever.form_label:
            assert FORM_LEVERS[key] == (lever.form_label, lever.form_sign)
    choices = dict(InterventionForm.base_fields["lever_type"].choices)
    assert set(choices) - {""} == {k for k, lever in LEVER_TYPES.items() if lever.form_label}


def test_a_catalogue_file_with_a_key_given_twice_is_refused(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text('version: "2026.1"\nversion: "2026.2"\npoints: []\ninterventions: []\n', encoding="utf-8")
    with pytest.raises(
        catalogue.CatalogueError, match="not valid YAML at line 2, column 1: .*'version' is given twice"
    ):
        catalogue.load(path)
