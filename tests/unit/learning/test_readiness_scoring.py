"""The readiness vocabulary and its scoring: which factors need most action, in what order, and why."""

from __future__ import annotations

from lodestar.learning import readiness as r


def _all(domain: str = r.SIMPLE, attribute: str = r.HELP) -> dict[str, tuple[str, str]]:
    return {key: (domain if f.kind == r.DOMAIN else attribute, "") for key, f in r.FACTORS.items()}


def test_seven_domains_and_five_attributes_each_with_a_prompt_and_a_first_step():
    assert len(r.DOMAINS) == 7 and len(r.ATTRIBUTES) == 5
    assert [r.FACTORS[k].name for k in r.ATTRIBUTES] == [
        "Relative advantage",
        "Compatibility",
        "Complexity",
        "Trialability",
        "Observability",
    ]
    for factor in r.FACTORS.values():
        assert factor.prompt.endswith(("?", ".")) and factor.what_to_do


def test_scales_are_three_levels_for_domains_and_five_for_attributes_and_any_may_be_not_sure():
    assert [v for v, _ in r.FACTORS["organisation"].scale] == ["simple", "complicated", "complex"]
    labels = [t for _, t in r.FACTORS["trialability"].scale]
    assert labels[0] == "A strong barrier" and labels[-1] == "A strong help" and len(labels) == 5
    assert r.NOT_SURE in r.valid_ratings(r.FACTORS["condition"])
    assert "complex" not in r.valid_ratings(r.FACTORS["compatibility"])


def test_nothing_needs_action_when_every_domain_is_simple_and_every_attribute_helps():
    assert r.rank(_all()) == []
    assert r.summary(_all()).startswith("No domain is complex")


def test_complex_domains_come_first_then_complicated_then_strong_barriers_then_barriers():
    ratings = _all()
    ratings["observability"] = (r.BARRIER, "")
    ratings["compatibility"] = (r.STRONG_BARRIER, "Clashes with the rota system")
    ratings["adopters"] = (r.COMPLICATED, "")
    ratings["wider_system"] = (r.COMPLEX, "")
    ratings["condition"] = (r.COMPLEX, "")
    needs = r.rank(ratings)
    assert [n.factor.key for n in needs] == ["condition", "wider_system", "adopters", "compatibility", "observability"]
    assert needs[3].note == "Clashes with the rota system"
    assert needs[3].rating_label == "A strong barrier"


def test_each_need_says_why():
    ratings = _all()
    ratings["value_proposition"] = (r.COMPLEX, "")
    ratings["trialability"] = (r.BARRIER, "")
    why = {n.factor.key: n.why for n in r.rank(ratings)}
    assert "complex" in why["value_proposition"] and "abandoned" in why["value_proposition"]
    assert why["trialability"] == "You rated trialability a barrier to adoption."


def test_not_sure_is_something_to_find_out_not_a_need():
    ratings = _all()
    ratings["embedding"] = (r.NOT_SURE, "Funding after March?")
    assert r.rank(ratings) == []
    [unsure] = r.unsure(ratings)
    assert unsure.factor.key == "embedding" and "find out" in unsure.why and unsure.note == "Funding after March?"


def test_unknown_factors_and_ratings_are_ignored_by_the_scoring():
    ratings = {"made_up": (r.COMPLEX, ""), "compatibility": (r.COMPLEX, ""), "condition": ("awful", "")}
    assert r.rank(ratings) == []


def test_the_summary_warns_more_as_more_domains_are_complex():
    ratings = _all()
    ratings["condition"] = (r.COMPLEX, "")
    assert r.summary(ratings).startswith("1 domain is complex")
    for key in ("intervention", "organisation"):
        ratings[key] = (r.COMPLEX, "")
    assert "often not adopted" in r.summary(ratings)


def test_change_between_two_assessments():
    domain, attribute = r.FACTORS["organisation"], r.FACTORS["complexity"]
    assert r.change(domain, r.COMPLEX, r.COMPLICATED) == "Better"
    assert r.change(domain, r.SIMPLE, r.COMPLEX) == "Worse"
    assert r.change(attribute, r.BARRIER, r.HELP) == "Better"
    assert r.change(attribute, r.STRONG_HELP, r.NEUTRAL) == "Worse"
    assert r.change(attribute, r.HELP, r.HELP) == "No change"
    assert r.change(attribute, r.NOT_SURE, r.HELP) == ""
