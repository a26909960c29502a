"""The scenario as the engine sees it: frozen dataclasses, built only by ``load_scenario``.

Any uncertain number is a ``Param``: a plain value or a distribution.  Each ``Param``
carries its field path; the order of ``Scenario.params`` fixes which random draws each
parameter uses (docs/adr/0007-monte-carlo-seeding.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Dist:
    """A probability distribution for an uncertain number."""

    kind: str  # normal | triangular | uniform | lognormal
    args: tuple[float, ...]  # in the order of levers.DISTRIBUTIONS[kind]

    def mean(self) -> float:
        a = self.args
        if self.kind == "normal":
            return a[0]
        if self.kind == "triangular":
            return (a[0] + a[1] + a[2]) / 3.0
        if self.kind == "uniform":
            return (a[0] + a[1]) / 2.0
        try:
            return math.exp(a[0] + a[1] ** 2 / 2.0)  # lognormal
        except OverflowError:
            return math.inf


@dataclass(frozen=True)
class Param:
    """One number of the scenario: a fixed ``value`` or a distribution ``dist``.

    Sampled values are clipped to ``[low, high]`` (a rate stays between 0 and 1, a count
    stays at or above 0); the bounds come from the field, not from the user.
    """

    path: str
    value: float | None = None
    dist: Dist | None = None
    low: float = -math.inf
    high: float = math.inf

    @property
    def is_uncertain(self) -> bool:
        return self.dist is not None

    def mean(self) -> float:
        m = self.value if self.dist is None else self.dist.mean()
        return min(max(m, self.low), self.high)


@dataclass(frozen=True)
class AgeBand:
    name: str
    years: float | None  # width in years; None for the last band (nobody ages out of it)


@dataclass(frozen=True)
class Cohort:
    organisation: str
    staff_group: str
    band: str
    age_band: str
    fte: float
    headcount: float


@dataclass(frozen=True)
class GroupRates:
    """Flows of one staff group.  Rates are fractions a year; counts are FTE a year."""

    leaver_rate: dict[str, Param]  # age band -> rate (every band present)
    retirement_rate: dict[str, Param]  # age band -> rate (only bands given)
    joiners_per_year: Param | None = None
    joiner_rate: Param | None = None  # fraction of the group's opening stock
    international_recruits_per_year: Param | None = None
    returners_per_year: Param | None = None
    joiner_age_profile: dict[str, float] | None = None  # None: the group's base-year age mix


@dataclass(frozen=True)
class Pipeline:
    name: str
    staff_group: str
    intake_per_year: Param
    course_years: int
    attrition: Param
    share_taking_posts: Param


@dataclass(frozen=True)
class Conversion:
    name: str
    from_group: str
    to_group: str
    rate: Param  # fraction of the source group's stock starting the conversion each year
    course_years: int
    attrition: Param


@dataclass(frozen=True)
class Demand:
    base_fte: dict[str, Param]  # staff group -> base-year demand (FTE)
    vacancies_fte: dict[str, Param]  # staff group -> vacancies (demand = staff in post + vacancies)
    population: dict[str, tuple[float, ...]]  # population age band -> values for each year (start .. end)
    utilisation: dict[str, float]
    non_demographic_growth: Param
    productivity_gain: Param


@dataclass(frozen=True)
class Intervention:
    """A lever applied to a staff group from ``start_year`` (see docs/engine/method.md)."""

    name: str
    lever: str
    staff_group: str
    start_year: int
    ramp_up_years: int
    cost_per_year: Param
    effect: Param | None = None  # relative effect (the catalogue's unit for this lever)
    amount: Param | None = None  # absolute alternative: extra_places / fte_per_year / fte
    course_years: int = 0
    attrition: Param | None = None
    share_taking_posts: Param | None = None
    source_group: str | None = None  # conversion
    equivalence: Param | None = None  # substitution
    new_role: str | None = None  # substitution

    def ramp(self, year: int) -> float:
        """Share of the full effect reached in ``year``."""
        return min(max((year - self.start_year + 1) / self.ramp_up_years, 0.0), 1.0)


@dataclass(frozen=True)
class Scenario:
    name: str
    start_year: int
    years: int
    leaver_rate_denominator: str
    age_bands: tuple[AgeBand, ...]
    cohorts: tuple[Cohort, ...]
    rates: dict[str, GroupRates]
    pipelines: tuple[Pipeline, ...]
    conversions: tuple[Conversion, ...]
    demand: Demand
    interventions: tuple[Intervention, ...]
    params: tuple[Param, ...] = field(repr=False)

    @property
    def end_year(self) -> int:
        return self.start_year + self.years

    @cached_property
    def staff_groups(self) -> tuple[str, ...]:
        """Groups with cohorts, in first-seen order."""
        return tuple(dict.fromkeys(c.staff_group for c in self.cohorts))

    @property
    def result_groups(self) -> tuple[str, ...]:
        """Every staff group reported: cohorts, demand-only groups and new roles."""
        groups = dict.fromkeys(self.staff_groups)
        groups.update(dict.fromkeys(self.demand.base_fte))
        for iv in self.interventions:
            if iv.lever == "substitution":
                groups[iv.new_role] = None
        return tuple(groups)

    @property
    def is_deterministic(self) -> bool:
        return not any(p.is_uncertain for p in self.params)

    def param_index(self) -> dict[str, int]:
        return {p.path: i for i, p in enumerate(self.params)}
