"""``load_scenario``: a scenario file, YAML string or dict -> a validated ``Scenario``.

The sections are read in the order docs/engine/method.md describes them (cohorts, supply
flows, demand, interventions); every problem is collected and raised together as one
``SpecError`` whose lines name the field path and the reason.
"""

from __future__ import annotations

from pathlib import Path

from lodestar.engine.errors import SpecError
from lodestar.engine.spec.cohorts import parse_age_bands, parse_cohorts
from lodestar.engine.spec.common import Parser
from lodestar.engine.spec.demand import parse_demand
from lodestar.engine.spec.interventions import Context, parse_interventions
from lodestar.engine.spec.rates import parse_conversions, parse_pipelines, parse_rates
from lodestar.engine.spec.scenario import Scenario
from lodestar.engine.yamlio import read_yaml_source

DENOMINATORS = ("mean_stock", "opening_stock")
TOP_KEYS = (
    "name",
    "start_year",
    "years",
    "leaver_rate_denominator",
    "age_bands",
    "cohorts",
    "rates",
    "pipelines",
    "conversions",
    "demand",
    "interventions",
    "description",
)


def load_scenario(source: str | Path | dict) -> Scenario:
    """Read and validate a scenario from a YAML file path, a YAML string or a dict.

    YAML is read by the one strict loader (:mod:`lodestar.engine.yamlio`): a key given
    twice is refused, as it is by the CLI.
    """
    data = read_yaml_source(source)
    if not isinstance(data, dict):
        raise SpecError("scenario", "must be a mapping with name, start_year, years, cohorts, ...")
    return parse_scenario(data)


def parse_scenario(data: dict) -> Scenario:
    """A validated ``Scenario`` from already-read data; raises ``SpecError`` listing every problem."""
    p = Parser()
    p.unknown_keys(data, TOP_KEYS, "")
    name = p.text(data.get("name"), "name")
    start_year = p.number(data.get("start_year"), "start_year", low=1900, high=2200, integer=True)
    years = p.number(data.get("years"), "years", low=1, high=100, integer=True)
    denom = data.get("leaver_rate_denominator", "mean_stock")
    if denom not in DENOMINATORS:
        p.add("leaver_rate_denominator", f"must be one of {', '.join(DENOMINATORS)}")
        denom = "mean_stock"
    bands = parse_age_bands(p, data.get("age_bands"))
    band_names = [b.name for b in bands]
    cohorts, groups = parse_cohorts(p, data, band_names)
    rates = parse_rates(p, data.get("rates"), groups, band_names)
    pipelines = parse_pipelines(p, data.get("pipelines"), groups)
    conversions = parse_conversions(p, data.get("conversions"), groups)
    demand = parse_demand(p, data.get("demand"), groups, years)
    end_year = None if start_year is None or years is None else start_year + years
    ctx = Context(groups=groups, pipelines=pipelines, start_year=start_year, end_year=end_year)
    interventions = parse_interventions(p, data.get("interventions"), ctx, demand.base_fte)
    p.problems.raise_if_any()
    return Scenario(
        name=name,
        start_year=start_year,
        years=years,
        leaver_rate_denominator=denom,
        age_bands=tuple(bands),
        cohorts=tuple(cohorts),
        rates=rates,
        pipelines=tuple(pipelines),
        conversions=tuple(conversions),
        demand=demand,
        interventions=tuple(interventions),
        params=tuple(p.params.values()),
    )
