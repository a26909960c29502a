"""Scenario mappings as the web app keeps them: canonical hashing, YAML out and in, run size.

A scenario version's ``spec`` is exactly the mapping a scenario YAML file holds; the YAML a
person downloads is ``to_yaml(spec)`` and reading it back (``from_yaml``) gives the same mapping
(``tests/unit/projections/test_specs.py``). ``check`` validates a mapping with the engine's own
parser, so the web, the API and the CLI accept exactly the same scenarios.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import yaml

from lodestar.engine import Scenario, SpecError
from lodestar.engine.spec import parse_scenario
from lodestar.engine.yamlio import load_yaml


def canonical(spec: dict) -> str:
    """The mapping as compact JSON, keys in their own order: the engine's draws follow that order
    (docs/adr/0007-monte-carlo-seeding.md), so two orders are two different inputs."""
    return json.dumps(spec, separators=(",", ":"), ensure_ascii=False)


def spec_hash(spec: dict) -> str:
    """SHA-256 of the mapping's compact JSON: the same mapping in the same key order, the same hash."""
    return hashlib.sha256(canonical(spec).encode()).hexdigest()


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the mapping's own order, long text unwrapped."""


def _str(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def to_yaml(spec: dict) -> str:
    """The scenario file: ``from_yaml(to_yaml(spec)) == spec``."""
    return yaml.dump(spec, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def from_yaml(text: str) -> dict:
    """A scenario file's mapping (strict YAML: ``lodestar.engine.yamlio``); raises SpecError."""
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise SpecError([("", "a scenario file must be a mapping of keys (name, start_year, years, cohorts ...)")])
    return data


def check(spec: dict) -> Scenario:
    """The engine's scenario for ``spec``; raises SpecError listing every problem by field path.
    The engine's parser reads the mapping and changes nothing in it, so it is not copied first
    (a national scenario's copy costs a fifth of a second)."""
    return parse_scenario(spec)


def size(scenario: Scenario, runs: int) -> int:
    """A run's size, for the configured limits: cohorts x projection years x runs (at least one
    cohort; ``actions.runs`` counts a checked version's the same way from its mapping)."""
    return max(len(scenario.cohorts), 1) * scenario.years * runs


def deep_copy(spec: dict) -> dict[str, Any]:
    return copy.deepcopy(spec)
