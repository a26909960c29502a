"""The scenario spec: what a workforce projection is asked to compute.

``load_scenario`` turns a YAML file, a YAML string or a dict into a frozen, validated
``Scenario``.  Every problem in the input is collected in one pass and raised together
as a ``SpecError`` whose lines name the field path (``rates.nurses.leaver_rate``) and
the reason (``must be between 0 and 1``).

The spec only *describes* a projection; ``lodestar.engine.kernel`` (fast) and
``lodestar.engine.reference`` (slow, obviously correct) compute it.  The method and
every field are documented in docs/engine/method.md.

Any uncertain number is a ``Param``: a plain value or a distribution.  Each ``Param``
carries its field path; the order of ``Scenario.params`` fixes which random draws each
parameter uses (docs/adr/0007-monte-carlo-seeding.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lodestar.engine.errors import ProblemCollector, SpecError
from lodestar.engine.lever_types import DISTRIBUTIONS, LEVER_TYPES
from lodestar.engine.yamlio import read_yaml_source

DENOMINATORS = ("mean_stock", "opening_stock")
# no number of a scenario (FTE, people, GBP) is anywhere near this; larger ones overflow the arithmetic
MAX_MAGNITUDE = 1e12
RESERVED_GROUP = "all"
# levers that change supply flows (the others change demand only)
SUPPLY_LEVERS = frozenset(
    {
        "leaver_rate_change",
        "retirement_deferral",
        "extra_training_places",
        "international_recruitment",
        "return_to_practice",
        "extra_joiners",
        "conversion",
    }
)
# the absolute-number key each lever accepts instead of the relative ``effect``
ABSOLUTE_KEYS = {
    "extra_training_places": "extra_places",
    "international_recruitment": "fte_per_year",
    "return_to_practice": "fte_per_year",
    "extra_joiners": "fte_per_year",
    "conversion": "fte_per_year",
    "substitution": "fte",
}


@dataclass(frozen=True)
class Dist:
    """A probability distribution for an uncertain number."""

    kind: str  # normal | triangular | uniform | lognormal
    args: tuple[float, ...]  # in the order of lever_types.DISTRIBUTIONS[kind]

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

    @property
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


# --------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self) -> None:
        self.problems = ProblemCollector()
        self.params: dict[str, Param] = {}

    def add(self, path: str, reason: str) -> None:
        self.problems.add(path, reason)

    # numbers ---------------------------------------------------------------
    def number(self, raw: Any, path: str, *, low=None, high=None, integer=False, required=True) -> float | None:
        if raw is None:
            if required:
                self.add(path, "is required")
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            hint = ""
            if isinstance(raw, str):
                try:
                    float(raw)
                    hint = f' (got "{raw}"; YAML reads a number like 1e5 as text: write 100000 or 1.0e+5)'
                except ValueError:
                    pass
            self.add(path, ("must be a whole number" if integer else "must be a number") + hint)
            return None
        if not math.isfinite(raw):
            self.add(path, "must be a finite number")
            return None
        if abs(raw) > MAX_MAGNITUDE:
            self.add(path, f"is too large (at most {MAX_MAGNITUDE:,.0f} either side of 0)")
            return None
        if integer and raw != int(raw):
            self.add(path, "must be a whole number")
            return None
        if low is not None and high is not None and not (low <= raw <= high):
            self.add(path, f"must be between {_fmt(low)} and {_fmt(high)}")
            return None
        if low is not None and raw < low:
            self.add(path, f"must be at least {_fmt(low)}")
            return None
        if high is not None and raw > high:
            self.add(path, f"must be at most {_fmt(high)}")
            return None
        return int(raw) if integer else float(raw)

    def param(self, raw: Any, path: str, *, low=-math.inf, high=math.inf, required=True) -> Param | None:
        """A number or a distribution mapping; its mean must lie within [low, high]."""
        if raw is None:
            if required:
                self.add(path, "is required")
            return None
        if isinstance(raw, dict):
            dist = self.dist(raw, path)
            if dist is None:
                return None
            p = Param(path=path, dist=dist, low=low, high=high)
            m = dist.mean()
            if abs(m) > MAX_MAGNITUDE:
                self.add(path, f"the distribution's mean is too large (at most {MAX_MAGNITUDE:,.0f} either side of 0)")
                return None
            if not (low <= m <= high):
                self.add(path, f"the distribution's mean ({_fmt(m)}) must be between {_fmt(low)} and {_fmt(high)}")
                return None
        else:
            value = self.number(
                raw, path, low=None if low == -math.inf else low, high=None if high == math.inf else high
            )
            if value is None:
                return None
            p = Param(path=path, value=value, low=low, high=high)
        self.params[path] = p
        return p

    def dist(self, raw: dict, path: str) -> Dist | None:
        kind = raw.get("dist")
        if not isinstance(kind, str) or kind not in DISTRIBUTIONS:
            self.add(f"{path}.dist", f"must be one of {', '.join(DISTRIBUTIONS)} (a number is also accepted)")
            return None
        names = DISTRIBUTIONS[kind]
        extra = sorted(set(raw) - set(names) - {"dist"})
        for key in extra:
            self.add(f"{path}.{key}", f"is not a parameter of the {kind} distribution ({', '.join(names)})")
        args = [self.number(raw.get(n), f"{path}.{n}") for n in names]
        if extra or any(a is None for a in args):
            return None
        ok = True
        if kind == "normal" and args[1] < 0 or kind == "lognormal" and args[1] < 0:
            self.add(f"{path}.{names[1]}", "must be at least 0")
            ok = False
        if kind == "triangular" and not (args[0] <= args[1] <= args[2]):
            self.add(path, "needs low <= mode <= high")
            ok = False
        if kind == "uniform" and not (args[0] <= args[1]):
            self.add(path, "needs low <= high")
            ok = False
        return Dist(kind, tuple(args)) if ok else None

    def text(self, raw: Any, path: str, *, required=True, default: str | None = None) -> str | None:
        if raw is None:
            if required:
                self.add(path, "is required")
            return default
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            self.add(path, "must be text")
            return None
        value = str(raw).strip()
        if not value and required:
            self.add(path, "must not be empty")
            return None
        return value

    def mapping(self, raw: Any, path: str, *, required=False) -> dict:
        if raw is None:
            if required:
                self.add(path, "is required")
            return {}
        if not isinstance(raw, dict):
            self.add(path, "must be a mapping of names to values")
            return {}
        return raw

    def listing(self, raw: Any, path: str, *, required=False) -> list:
        if raw is None:
            if required:
                self.add(path, "is required")
            return []
        if not isinstance(raw, list):
            self.add(path, "must be a list")
            return []
        return raw

    def unknown_keys(self, raw: dict, allowed, path: str) -> None:
        for key in raw:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                self.add(where, f"is not a known field (expected one of: {', '.join(allowed)})")


def _fmt(x: float) -> str:
    return f"{x:g}"


_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_UNDER = re.compile(r"^\s*(?:<|under\s*)(\d+)\s*$", re.I)
WORKING_AGE_FROM = 18  # "<25" is taken to span ages 18 to 24 (7 years)


def band_years(name: str) -> float | None:
    """Width in years of an age band named like "25-34" (10) or "<25" (7); None if unknown."""
    if m := _RANGE.match(name):
        return float(int(m.group(2)) - int(m.group(1)) + 1)
    if m := _UNDER.match(name):
        return float(max(int(m.group(1)) - WORKING_AGE_FROM, 1))
    return None


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
RATE_KEYS = (
    "leaver_rate",
    "retirement_rate_by_age",
    "joiners_per_year",
    "joiner_rate",
    "international_recruits_per_year",
    "returners_per_year",
    "joiner_age_profile",
)
COHORT_KEYS = ("organisation", "staff_group", "band", "age_band", "fte", "headcount")
PIPELINE_KEYS = ("name", "staff_group", "intake_per_year", "course_years", "attrition", "share_taking_posts")
CONVERSION_KEYS = ("name", "from_group", "to_group", "rate", "course_years", "attrition")
DEMAND_KEYS = (
    "base_fte",
    "vacancies_fte",
    "population",
    "utilisation",
    "non_demographic_growth",
    "productivity_gain",
)
INTERVENTION_KEYS = (
    "name",
    "lever",
    "staff_group",
    "effect",
    "extra_places",
    "fte_per_year",
    "fte",
    "start_year",
    "ramp_up_years",
    "cost_per_year",
    "course_years",
    "attrition",
    "share_taking_posts",
    "source_group",
    "equivalence",
    "new_role",
    "catalogue_code",
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
    p = _Parser()
    p.unknown_keys(data, TOP_KEYS, "")
    name = p.text(data.get("name"), "name")
    start_year = p.number(data.get("start_year"), "start_year", low=1900, high=2200, integer=True)
    years = p.number(data.get("years"), "years", low=1, high=100, integer=True)
    denom = data.get("leaver_rate_denominator", "mean_stock")
    if denom not in DENOMINATORS:
        p.add("leaver_rate_denominator", f"must be one of {', '.join(DENOMINATORS)}")
        denom = "mean_stock"

    # age bands -----------------------------------------------------------
    raw_bands = data.get("age_bands")
    bands: list[AgeBand] = []
    if raw_bands is None:
        bands = [AgeBand("all", None)]
    else:
        items = p.listing(raw_bands, "age_bands")
        if raw_bands is not None and isinstance(raw_bands, list) and not raw_bands:
            p.add("age_bands", "must list at least one age band")
        for i, item in enumerate(items):
            path = f"age_bands[{i}]"
            last = i == len(items) - 1
            if isinstance(item, dict):
                p.unknown_keys(item, ("name", "years"), path)
                bname = p.text(item.get("name"), f"{path}.name")
                width = p.number(item.get("years"), f"{path}.years", low=1, required=not last)
            else:
                bname = p.text(item, path)
                width = None if bname is None else band_years(bname)
                if width is None and not last and bname is not None:
                    p.add(path, 'needs a width in years: write it like "25-34" or {name: ..., years: 10}')
            if bname is not None:
                if any(b.name == bname for b in bands):
                    p.add(path, f'repeats the age band "{bname}"')
                bands.append(AgeBand(bname, None if last else width))
    band_names = [b.name for b in bands]

    # cohorts ---------------------------------------------------------------
    cohorts: list[Cohort] = []
    seen: dict[tuple, int] = {}
    named_groups: list[str] = []  # groups named by any cohort, valid or not (to check other sections against)
    raw_cohorts = p.listing(data.get("cohorts"), "cohorts", required=True)
    if isinstance(data.get("cohorts"), list) and not raw_cohorts:
        p.add("cohorts", "must list at least one cohort")
    for i, raw in enumerate(raw_cohorts):
        path = f"cohorts[{i}]"
        if not isinstance(raw, dict):
            p.add(path, "must be a mapping with staff_group, age_band and fte")
            continue
        p.unknown_keys(raw, COHORT_KEYS, path)
        org = p.text(raw.get("organisation"), f"{path}.organisation", required=False, default="all")
        group = p.text(raw.get("staff_group"), f"{path}.staff_group")
        if group is not None and group != RESERVED_GROUP:
            named_groups.append(group)
        band = p.text(raw.get("band"), f"{path}.band", required=False, default="")
        default_age = band_names[0] if len(band_names) == 1 else None
        age = p.text(raw.get("age_band", default_age), f"{path}.age_band")
        fte = p.number(raw.get("fte"), f"{path}.fte", low=0)
        hc = p.number(raw.get("headcount", fte), f"{path}.headcount", low=0)
        if group == RESERVED_GROUP:
            p.add(f"{path}.staff_group", f'"{RESERVED_GROUP}" is reserved for every staff group together')
            continue
        if age is not None and band_names and age not in band_names:
            p.add(f"{path}.age_band", f'"{age}" is not one of the age_bands ({", ".join(band_names)})')
            continue
        if fte is not None and hc is not None and fte == 0 and hc > 0:
            p.add(f"{path}.headcount", "must be 0 when fte is 0")
            continue
        if None in (org, group, band, age, fte, hc):
            continue
        key = (org, group, band, age)
        if key in seen:
            p.add(path, f"repeats the cohort in cohorts[{seen[key]}] (same organisation, staff group, band, age band)")
            continue
        seen[key] = i
        cohorts.append(Cohort(org, group, band, age, fte, hc))
    groups = list(dict.fromkeys(named_groups))
    group_set = set(groups)
    base_fte_by_group = {g: sum(c.fte for c in cohorts if c.staff_group == g) for g in groups}

    def check_group(value: str | None, path: str) -> bool:
        if value is None:
            return False
        if value not in group_set:
            known = ", ".join(groups) or "none"
            p.add(path, f'"{value}" is not a staff group with cohorts (known: {known})')
            return False
        return True

    # rates -------------------------------------------------------------------
    rates: dict[str, GroupRates] = {}
    raw_rates = p.mapping(data.get("rates"), "rates")
    for g, raw in raw_rates.items():
        path = f"rates.{g}"
        if not check_group(str(g), path):
            continue
        raw = p.mapping(raw, path)
        p.unknown_keys(raw, RATE_KEYS, path)
        lr_raw = raw.get("leaver_rate", 0.0)
        leaver: dict[str, Param] = {}
        if isinstance(lr_raw, dict) and "dist" not in lr_raw:
            for a in lr_raw:
                if str(a) not in band_names:
                    p.add(f"{path}.leaver_rate.{a}", f'"{a}" is not one of the age_bands')
            for a in band_names:
                if a in lr_raw:
                    q = p.param(lr_raw[a], f"{path}.leaver_rate.{a}", low=0, high=1)
                    if q:
                        leaver[a] = q
                else:
                    leaver[a] = Param(f"{path}.leaver_rate.{a}", value=0.0, low=0, high=1)
        else:
            q = p.param(lr_raw, f"{path}.leaver_rate", low=0, high=1)
            if q:
                leaver = dict.fromkeys(band_names, q)
        retire: dict[str, Param] = {}
        for a, v in p.mapping(raw.get("retirement_rate_by_age"), f"{path}.retirement_rate_by_age").items():
            if str(a) not in band_names:
                p.add(f"{path}.retirement_rate_by_age.{a}", f'"{a}" is not one of the age_bands')
                continue
            q = p.param(v, f"{path}.retirement_rate_by_age.{a}", low=0, high=1)
            if q:
                retire[str(a)] = q
        profile = None
        if "joiner_age_profile" in raw:
            prof = p.mapping(raw["joiner_age_profile"], f"{path}.joiner_age_profile")
            profile = {}
            for a, v in prof.items():
                if str(a) not in band_names:
                    p.add(f"{path}.joiner_age_profile.{a}", f'"{a}" is not one of the age_bands')
                    continue
                w = p.number(v, f"{path}.joiner_age_profile.{a}", low=0)
                if w is not None:
                    profile[str(a)] = w
            if prof and not any(profile.values()):
                p.add(f"{path}.joiner_age_profile", "needs at least one age band with a weight above 0")
        rates[str(g)] = GroupRates(
            leaver_rate=leaver,
            retirement_rate=retire,
            joiners_per_year=p.param(raw.get("joiners_per_year"), f"{path}.joiners_per_year", low=0, required=False),
            joiner_rate=p.param(raw.get("joiner_rate"), f"{path}.joiner_rate", low=0, high=1, required=False),
            international_recruits_per_year=p.param(
                raw.get("international_recruits_per_year"),
                f"{path}.international_recruits_per_year",
                low=0,
                required=False,
            ),
            returners_per_year=p.param(
                raw.get("returners_per_year"), f"{path}.returners_per_year", low=0, required=False
            ),
            joiner_age_profile=profile,
        )
    for g in groups:
        rates.setdefault(
            g,
            GroupRates(
                leaver_rate={a: Param(f"rates.{g}.leaver_rate", value=0.0) for a in band_names}, retirement_rate={}
            ),
        )

    # pipelines -----------------------------------------------------------------
    pipelines: list[Pipeline] = []
    for i, raw in enumerate(p.listing(data.get("pipelines"), "pipelines")):
        path = f"pipelines[{i}]"
        raw = p.mapping(raw, path, required=True)
        p.unknown_keys(raw, PIPELINE_KEYS, path)
        g = p.text(raw.get("staff_group"), f"{path}.staff_group")
        ok = check_group(g, f"{path}.staff_group")
        pl = Pipeline(
            name=p.text(raw.get("name"), f"{path}.name", required=False, default=f"{g} training"),
            staff_group=g,
            intake_per_year=p.param(raw.get("intake_per_year"), f"{path}.intake_per_year", low=0),
            course_years=p.number(raw.get("course_years", 3), f"{path}.course_years", low=0, high=10, integer=True),
            attrition=p.param(raw.get("attrition", 0.0), f"{path}.attrition", low=0, high=1),
            share_taking_posts=p.param(raw.get("share_taking_posts", 1.0), f"{path}.share_taking_posts", low=0, high=1),
        )
        if ok and None not in (pl.intake_per_year, pl.course_years, pl.attrition, pl.share_taking_posts):
            pipelines.append(pl)

    # conversions ---------------------------------------------------------------
    conversions: list[Conversion] = []
    for i, raw in enumerate(p.listing(data.get("conversions"), "conversions")):
        path = f"conversions[{i}]"
        raw = p.mapping(raw, path, required=True)
        p.unknown_keys(raw, CONVERSION_KEYS, path)
        src = p.text(raw.get("from_group"), f"{path}.from_group")
        dst = p.text(raw.get("to_group"), f"{path}.to_group")
        ok = check_group(src, f"{path}.from_group") & check_group(dst, f"{path}.to_group")
        if ok and src == dst:
            p.add(f"{path}.to_group", "must differ from from_group")
            ok = False
        cv = Conversion(
            name=p.text(raw.get("name"), f"{path}.name", required=False, default=f"{src} to {dst}"),
            from_group=src,
            to_group=dst,
            rate=p.param(raw.get("rate"), f"{path}.rate", low=0, high=1),
            course_years=p.number(raw.get("course_years", 0), f"{path}.course_years", low=0, high=10, integer=True),
            attrition=p.param(raw.get("attrition", 0.0), f"{path}.attrition", low=0, high=1),
        )
        if ok and None not in (cv.rate, cv.course_years, cv.attrition):
            conversions.append(cv)

    # demand ------------------------------------------------------------------
    raw_d = p.mapping(data.get("demand"), "demand")
    p.unknown_keys(raw_d, DEMAND_KEYS, "demand")
    base_fte: dict[str, Param] = {}
    for g, v in p.mapping(raw_d.get("base_fte"), "demand.base_fte").items():
        if str(g) == RESERVED_GROUP:
            p.add(f"demand.base_fte.{g}", f'"{RESERVED_GROUP}" is reserved for every staff group together')
            continue
        q = p.param(v, f"demand.base_fte.{g}", low=0)
        if q:
            base_fte[str(g)] = q
    vacancies: dict[str, Param] = {}
    for g, v in p.mapping(raw_d.get("vacancies_fte"), "demand.vacancies_fte").items():
        if not check_group(str(g), f"demand.vacancies_fte.{g}"):
            continue
        if str(g) in base_fte:
            p.add(f"demand.vacancies_fte.{g}", "give base_fte or vacancies_fte for a staff group, not both")
            continue
        q = p.param(v, f"demand.vacancies_fte.{g}", low=0)
        if q:
            vacancies[str(g)] = q
    population: dict[str, tuple[float, ...]] = {}
    n_years = (years or 0) + 1
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
    demand = Demand(
        base_fte=base_fte,
        vacancies_fte=vacancies,
        population=population,
        utilisation=utilisation,
        non_demographic_growth=p.param(
            raw_d.get("non_demographic_growth", 0.0), "demand.non_demographic_growth", low=-0.5, high=0.5
        ),
        productivity_gain=p.param(raw_d.get("productivity_gain", 0.0), "demand.productivity_gain", low=-0.5, high=0.5),
    )

    # interventions -------------------------------------------------------------
    interventions: list[Intervention] = []
    names: dict[str, int] = {}
    end_year = None if start_year is None or years is None else start_year + years
    for i, raw in enumerate(p.listing(data.get("interventions"), "interventions")):
        path = f"interventions[{i}]"
        raw = p.mapping(raw, path, required=True)
        iv = _parse_intervention(p, raw, path, group_set, groups, pipelines, start_year, end_year, base_fte_by_group)
        if iv is None:
            continue
        if iv.name in names:
            p.add(f"{path}.name", f"repeats the name of interventions[{names[iv.name]}]; names must be unique")
            continue
        names[iv.name] = i
        interventions.append(iv)
    for iv in interventions:
        where = f"interventions[{names[iv.name]}]"
        if iv.lever == "substitution" and iv.new_role == RESERVED_GROUP:
            p.add(f"{where}.new_role", f'"{RESERVED_GROUP}" is reserved')
        if iv.lever in ("substitution", "productivity") and iv.staff_group not in group_set | set(base_fte):
            p.add(f"{where}.staff_group", f'"{iv.staff_group}" has no cohorts and no demand.base_fte')

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


def _parse_intervention(p, raw, path, group_set, groups, pipelines, start_year, end_year, base_fte_by_group):
    p.unknown_keys(raw, INTERVENTION_KEYS, path)
    n_before = len(p.problems.problems)
    name = p.text(raw.get("name"), f"{path}.name")
    lever = raw.get("lever")
    if not isinstance(lever, str) or lever not in LEVER_TYPES:
        p.add(f"{path}.lever", f"must be one of {', '.join(LEVER_TYPES)}")
        return None
    group = p.text(raw.get("staff_group"), f"{path}.staff_group")
    if group is not None and group not in group_set and lever not in ("substitution", "productivity"):
        p.add(f"{path}.staff_group", f'"{group}" is not a staff group with cohorts (known: {", ".join(groups)})')
    iv_start = p.number(raw.get("start_year", start_year), f"{path}.start_year", integer=True)
    if iv_start is not None and end_year is not None and not (start_year <= iv_start <= end_year):
        p.add(f"{path}.start_year", f"must be between {start_year} and {end_year} (the scenario's years)")
    ramp = p.number(raw.get("ramp_up_years", 1), f"{path}.ramp_up_years", low=1, high=50, integer=True)
    cost = p.param(raw.get("cost_per_year", 0.0), f"{path}.cost_per_year", low=0)

    abs_key = ABSOLUTE_KEYS.get(lever)
    for key in ("extra_places", "fte_per_year", "fte"):
        if key in raw and key != abs_key:
            p.add(f"{path}.{key}", f"does not apply to the {lever} lever")
    has_effect, has_abs = "effect" in raw, abs_key is not None and abs_key in raw
    effect = amount = None
    if has_effect and has_abs:
        p.add(path, f"give effect or {abs_key}, not both")
    elif not has_effect and not has_abs:
        p.add(f"{path}.effect", "is required" + (f" (or give {abs_key})" if abs_key else ""))
    elif has_effect:
        low, high = _effect_bounds(lever)
        effect = p.param(raw["effect"], f"{path}.effect", low=low, high=high)
    else:
        amount = p.param(raw[abs_key], f"{path}.{abs_key}", low=0)

    extra = {}
    pipe = next((pl for pl in pipelines if pl.staff_group == group), None)
    if lever == "extra_training_places":
        extra["course_years"] = p.number(
            raw.get("course_years", pipe.course_years if pipe else 3),
            f"{path}.course_years",
            low=0,
            high=10,
            integer=True,
        )
        extra["attrition"] = (
            p.param(raw["attrition"], f"{path}.attrition", low=0, high=1)
            if "attrition" in raw
            else (pipe.attrition if pipe else Param(f"{path}.attrition", value=0.0, low=0, high=1))
        )
        extra["share_taking_posts"] = (
            p.param(raw["share_taking_posts"], f"{path}.share_taking_posts", low=0, high=1)
            if "share_taking_posts" in raw
            else (pipe.share_taking_posts if pipe else Param(f"{path}.share_taking_posts", value=1.0, low=0, high=1))
        )
    elif lever == "conversion":
        src = p.text(raw.get("source_group"), f"{path}.source_group")
        if src is not None and src not in group_set:
            p.add(f"{path}.source_group", f'"{src}" is not a staff group with cohorts (known: {", ".join(groups)})')
        elif src is not None and src == group:
            p.add(f"{path}.source_group", "must differ from staff_group (the group converted into)")
        extra["source_group"] = src
        extra["course_years"] = p.number(
            raw.get("course_years", 0), f"{path}.course_years", low=0, high=10, integer=True
        )
        extra["attrition"] = p.param(raw.get("attrition", 0.0), f"{path}.attrition", low=0, high=1)
        if amount is not None and src in base_fte_by_group and base_fte_by_group[src] <= 0:
            p.add(f"{path}.fte_per_year", "cannot be used when the source group has no staff in the base year")
    elif lever == "substitution":
        extra["equivalence"] = p.param(raw.get("equivalence", 1.0), f"{path}.equivalence", low=0)
        extra["new_role"] = p.text(raw.get("new_role"), f"{path}.new_role", required=False, default=name)
        if extra["new_role"] is not None and extra["new_role"] == group:
            p.add(f"{path}.new_role", "must differ from staff_group (the group whose demand it covers)")
    for key in ("course_years", "attrition", "share_taking_posts", "source_group", "equivalence", "new_role"):
        if key in raw and key not in LEVER_TYPES[lever][2] and key not in extra:
            p.add(f"{path}.{key}", f"does not apply to the {lever} lever")
    fraction_of_stock = ("extra_training_places", "international_recruitment", "return_to_practice", "extra_joiners")
    if lever in fraction_of_stock and effect is not None and base_fte_by_group.get(group, 1) <= 0:
        p.add(
            f"{path}.effect",
            "is a fraction of staff in post, but the group has none in the base year: give an absolute number",
        )
    if len(p.problems.problems) > n_before:
        return None
    return Intervention(
        name=name,
        lever=lever,
        staff_group=group,
        start_year=iv_start,
        ramp_up_years=ramp,
        cost_per_year=cost,
        effect=effect,
        amount=amount,
        **extra,
    )


def _effect_bounds(lever: str) -> tuple[float, float]:
    if lever in ("leaver_rate_change", "retirement_deferral"):
        return -1.0, 10.0
    if lever == "productivity":
        return -0.5, 0.95
    if lever == "conversion":
        return 0.0, 1.0
    return 0.0, math.inf
