"""Demand: base-year demand, population change, utilisation and growth (docs/engine/method.md, "Demand")."""

from __future__ import annotations

from lodestar.engine.spec.cohorts import Groups
from lodestar.engine.spec.common import RESERVED_GROUP, Parser
from lodestar.engine.spec.scenario import Demand, Param

DEMAND_KEYS = (
    "base_fte",
    "vacancies_fte",
    "population",
    "utilisation",
    "non_demographic_growth",
    "productivity_gain",
)


def parse_demand(p: Parser, raw, groups: Groups, years: int | None) -> Demand:
    raw_d = p.mapping(raw, "demand")
    p.unknown_keys(raw_d, DEMAND_KEYS, "demand")
    base_fte = _base_fte(p, raw_d)
    vacancies = _vacancies(p, raw_d, groups, base_fte)
    population = _population(p, raw_d, (years or 0) + 1)
    utilisation = _utilisation(p, raw_d, population)
    return Demand(
        base_fte=base_fte,
        vacancies_fte=vacancies,
        population=population,
        utilisation=utilisation,
        non_demographic_growth=p.param(
            raw_d.get("non_demographic_growth", 0.0), "demand.non_demographic_growth", low=-0.5, high=0.5
        ),
        productivity_gain=p.param(raw_d.get("productivity_gain", 0.0), "demand.productivity_gain", low=-0.5, high=0.5),
    )


def _base_fte(p: Parser, raw_d: dict) -> dict[str, Param]:
    base_fte: dict[str, Param] = {}
    for g, v in p.mapping(raw_d.get("base_fte"), "demand.base_fte").items():
        if str(g) == RESERVED_GROUP:
            p.add(f"demand.base_fte.{g}", f'"{RESERVED_GROUP}" is reserved for every staff group together')
            continue
        q = p.param(v, f"demand.base_fte.{g}", low=0)
        if q:
            base_fte[str(g)] = q
    return base_fte


def _vacancies(p: Parser, raw_d: dict, groups: Groups, base_fte: dict[str, Param]) -> dict[str, Param]:
    """Vacancies per staff group: demand is staff in post plus vacancies."""
    vacancies: dict[str, Param] = {}
    for g, v in p.mapping(raw_d.get("vacancies_fte"), "demand.vacancies_fte").items():
        if not groups.check(p, str(g), f"demand.vacancies_fte.{g}"):
            continue
        if str(g) in base_fte:
            p.add(f"demand.vacancies_fte.{g}", "give base_fte or vacancies_fte for a staff group, not both")
            continue
        q = p.param(v, f"demand.vacancies_fte.{g}", low=0)
        if q:
            vacancies[str(g)] = q
    return vacancies


def _population(p: Parser, raw_d: dict, n_years: int) -> dict[str, tuple[float, ...]]:
    """Population per age band for each year from start_year to the end: a list, or base and growth."""
    population: dict[str, tuple[float, ...]] = {}
    for a, v in p.mapping(raw_d.get("population"), "demand.population").items():
        path = f"demand.population.{a}"
        if isinstance(v, list):
            vals = [p.number(x, f"{path}[{j}]", low=0) for j, x in enumerate(v)]
            if len(v) < n_years:
                p.add(path, f"needs a value for each year from start_year to the end ({n_years} values), got {len(v)}")
            elif None not in vals:
                population[str(a)] = tuple(vals[:n_years])
        elif isinstance(v, dict):
            p.unknown_keys(v, ("base", "growth"), path)
            base = p.number(v.get("base"), f"{path}.base", low=0)
            growth = p.number(v.get("growth", 0.0), f"{path}.growth", low=-0.5, high=0.5)
            if base is not None and growth is not None:
                population[str(a)] = tuple(base * (1 + growth) ** t for t in range(n_years))
        else:
            p.add(path, "must be a list of values (one a year) or {base: ..., growth: ...}")
    if population and sum(vals[0] for vals in population.values()) <= 0:
        p.add("demand.population", "needs a base-year population above 0")
    return population


def _utilisation(p: Parser, raw_d: dict, population: dict[str, tuple[float, ...]]) -> dict[str, float]:
    """Weight of each population age band (1 where not given)."""
    utilisation: dict[str, float] = {}
    for a, v in p.mapping(raw_d.get("utilisation"), "demand.utilisation").items():
        if str(a) not in population:
            p.add(f"demand.utilisation.{a}", f'"{a}" is not an age band of demand.population')
            continue
        w = p.number(v, f"demand.utilisation.{a}", low=0)
        if w is not None:
            utilisation[str(a)] = w
    for a in population:
        utilisation.setdefault(a, 1.0)
    if population and sum(population[a][0] * utilisation[a] for a in population) <= 0:
        p.add("demand.utilisation", "weights times base-year population must add up to more than 0")
    return utilisation
