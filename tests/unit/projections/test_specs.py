"""Scenario mappings as the web keeps them: checked without being changed, hashed in their key order,
and written to YAML and read back to the same mapping."""

from __future__ import annotations

import copy

from lodestar.engine import EXAMPLE_SCENARIO
from lodestar.projections import specs
from tests.factories.projections import small_spec


def test_checking_a_scenario_leaves_its_mapping_as_it_was():
    for spec in (small_spec(), specs.from_yaml(EXAMPLE_SCENARIO)):
        before = copy.deepcopy(spec)
        specs.check(spec)
        assert spec == before and list(spec) == list(before)


def test_the_yaml_reads_back_to_the_same_mapping_in_the_same_order():
    spec = specs.from_yaml(EXAMPLE_SCENARIO)
    again = specs.from_yaml(specs.to_yaml(spec))
    assert again == spec and specs.canonical(again) == specs.canonical(spec)


def test_the_hash_follows_key_order_because_the_engines_draws_do():
    spec = small_spec()
    reordered = dict(reversed(list(spec.items())))
    assert reordered == spec
    assert specs.spec_hash(reordered) != specs.spec_hash(spec)
    assert specs.spec_hash(copy.deepcopy(spec)) == specs.spec_hash(spec)
