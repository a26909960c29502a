"""Every assumption of a scenario, in plain words, grouped the way a facilitator thinks of them.

``groups(spec)`` lists the headings (staff in post; leavers, joiners and retirement; training
pipelines; conversions; demand; the scenario's own interventions), each with its assumptions:
where it lives in the scenario mapping (``path``, the engine's own field path such as
``rates.registered-nurses.leaver_rate`` or ``pipelines[0].intake_per_year``), a label, help
words saying what the number means, and the current value in words ("9%", or "likely range:
lowest 7%, most likely 9%, highest 12%").

Rates and shares are fractions in the mapping and per cent on the page (``Unit.percent``);
FTE, people and pounds are plain numbers. ``find(spec, path)`` and ``with_value(spec, path,
value)`` are what ``actions.scenarios.set_assumption`` edits through, so only listed paths can
be changed.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from lodestar.engine.levers import LEVER_TYPES
from lodestar.ingest.sources.population import band_range

RATE_BOUNDS = (0.0, 1.0)
GROWTH_BOUNDS = (-0.5, 0.5)
COUNT_BOUNDS = (0.0, None)
RETIREMENT_FROM = 55


@dataclass(frozen=True)
class Unit:
    key: str  # "rate", "growth", "fte", "people", "gbp", "weight"
    percent: bool  # shown and typed as per cent (stored as a fraction)
    suffix: str  # words after a number: "%", " FTE", " people a year"


RATE = Unit("rate", True, "%")
GROWTH = Unit("growth", True, "% a year")
FTE = Unit("fte", False, " FTE")
PEOPLE = Unit("people", False, " people a year")
FTE_A_YEAR = Unit("fte_a_year", False, " FTE a year")
GBP = Unit("gbp", False, "")
WEIGHT = Unit("weight", False, "")


@dataclass(frozen=True)
class Assumption:
    path: str
    keys: tuple  # where the value sits in the mapping: ("rates", "registered-nurses", "leaver_rate")
    label: str
    help: str
    unit: Unit
    value: Any  # a number, a distribution mapping, or None (not set)
    bounds: tuple[float | None, float | None] = COUNT_BOUNDS
    editable: bool = True
    fixed_only: bool = False  # the engine takes a plain number here, not a range
    note: str = ""
    default_words: str = "Not set"

    @property
    def kind(self) -> str:
        """ "fixed", "range" (triangular), "other" (normal, uniform, lognormal) or "unset"."""
        if self.value is None:
            return "unset"
        if isinstance(self.value, dict):
            return "range" if self.value.get("dist") == "triangular" else "other"
        return "fixed"

    @property
    def words(self) -> str:
        return value_words(self.value, self.unit, self.default_words)

    @property
    def group_key(self) -> str:
        return self.keys[1] if len(self.keys) > 1 else ""


@dataclass
class Group:
    key: str
    heading: str
    intro: str
    items: list[Assumption] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)  # read-only summaries (label, words)


# ------------------------------------------------------------------------------ words


def number_words(x: float, unit: Unit) -> str:
    if unit.percent:
        text = f"{x * 100:,.4f}".rstrip("0").rstrip(".")
        return f"{text}{unit.suffix}"
    if unit is GBP:
        return f"£{x:,.0f}" if abs(x) >= 100 else f"£{x:,.2f}".replace(".00", "")
    text = f"{x:,.3f}".rstrip("0").rstrip(".")
    return f"{text}{unit.suffix}"


def value_words(value, unit: Unit, default: str = "Not set") -> str:
    """A value as a person reads it: "9%", "likely range: lowest 7%, most likely 9%, highest 12%"."""
    if value is None:
        return default
    if not isinstance(value, dict):
        return number_words(value, unit) if isinstance(value, int | float) else str(value)
    dist = value.get("dist")
    n = lambda key: number_words(value.get(key, 0), unit)  # noqa: E731
    if dist == "triangular":
        return f"likely range: lowest {n('low')}, most likely {n('mode')}, highest {n('high')}"
    if dist == "uniform":
        return f"any value from {n('low')} to {n('high')}, each as likely"
    if dist == "normal":
        return f"around {n('mean')} on average, give or take {n('sd')} (a normal distribution)"
    if dist == "lognormal":
        return f"a skewed range (lognormal: mu {value.get('mu')}, sigma {value.get('sigma')})"
    return str(value)


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_words(path: str) -> str:
    """A field path as words: "rates.registered-nurses.leaver_rate" -> "rates → registered-nurses →
    leaver rate"; "pipelines[0].attrition" -> "pipelines → 1 → attrition"."""
    parts = []
    for name, index in _SEGMENT.findall(path):
        parts.append(str(int(index) + 1) if index else name.replace("_", " "))
    return " → ".join(parts)


# ------------------------------------------------------------------------------ the list


def staff_groups(spec: dict) -> list[str]:
    """Staff groups with cohorts, in order of first appearance, then those only in rates."""
    names = [str(c.get("staff_group")) for c in spec.get("cohorts") or [] if isinstance(c, dict)]
    names += [str(g) for g in (spec.get("rates") or {})]
    return list(dict.fromkeys(n for n in names if n and n != "None"))


def groups(spec: dict) -> list[Group]:
    return [
        _staff_in_post(spec),
        _flows(spec),
        _pipelines(spec),
        _conversions(spec),
        _demand(spec),
        _interventions(spec),
    ]


def editable(spec: dict) -> list[Assumption]:
    return [a for g in groups(spec) for a in g.items if a.editable]


def find(spec: dict, path: str) -> Assumption | None:
    return next((a for a in editable(spec) if a.path == path), None)


def with_value(spec: dict, assumption: Assumption, value) -> dict:
    """A copy of ``spec`` with ``value`` at the assumption's place (None removes it)."""
    out = copy.deepcopy(spec)
    node = out
    for key in assumption.keys[:-1]:
        if isinstance(node, list):
            node = node[key]
        else:
            node = node.setdefault(key, {})
    last = assumption.keys[-1]
    if value is None:
        if isinstance(node, dict):
            node.pop(last, None)
    else:
        node[last] = value
    return out


def _staff_in_post(spec: dict) -> Group:
    group = Group(
        "staff",
        "Staff in post by staff group",
        "The staff in post in the first year, summed from the scenario's cohorts. These are read "
        "from workforce data: to change them, import new data and build a new scenario, or upload "
        "a scenario file.",
    )
    totals: dict[str, list[float]] = {}
    for c in spec.get("cohorts") or []:
        if isinstance(c, dict):
            t = totals.setdefault(str(c.get("staff_group")), [0.0, 0.0])
            t[0] += float(c.get("fte") or 0)
            t[1] += float(c.get("headcount") or 0)
    for g, (fte, heads) in totals.items():
        words = f"{fte:,.1f}".removesuffix(".0") + " FTE" + (f" ({heads:,.0f} people)" if heads else "")
        group.rows.append((g, words))
    return group


def _flows(spec: dict) -> Group:
    group = Group(
        "flows",
        "Leavers, joiners and retirement by staff group",
        "How many staff leave, retire and join each year. Rates are shares of the staff in post.",
    )
    bands = [str(b) for b in spec.get("age_bands") or []]
    for g in staff_groups(spec):
        raw = (spec.get("rates") or {}).get(g) or {}
        base = ("rates", g)
        lr = raw.get("leaver_rate")
        if isinstance(lr, dict) and "dist" not in lr:
            for band in bands:
                group.items.append(_leaver(g, band, lr.get(band), (*base, "leaver_rate", band)))
        else:
            group.items.append(_leaver(g, None, lr, (*base, "leaver_rate")))
        retire = raw.get("retirement_rate_by_age") or {}
        for band in [b for b in bands if b in retire or _retiring(b)]:
            group.items.append(
                Assumption(
                    f"rates.{g}.retirement_rate_by_age.{band}",
                    (*base, "retirement_rate_by_age", band),
                    f"{g}: retirement rate, aged {band}",
                    f"The share of staff aged {band} who retire each year. A retirement rate of 0.15 "
                    "(15%) means 15 in 100 staff of that age retire each year.",
                    RATE,
                    retire.get(band),
                    RATE_BOUNDS,
                    default_words="Not set: none retire",
                )
            )
        group.items += _joiners(g, raw, base)
    return group


def _retiring(band: str) -> bool:
    try:
        return band_range(band)[0] >= RETIREMENT_FROM
    except ValueError:
        return False


def _leaver(g: str, band: str | None, value, keys: tuple) -> Assumption:
    path = ".".join(str(k) for k in keys)
    return Assumption(
        path,
        keys,
        f"{g}: leaver rate" + (f", aged {band}" if band else ""),
        "The share of staff who leave each year for any reason other than retirement. A leaver "
        "rate of 0.09 (9%) means 9 in 100 staff leave each year.",
        RATE,
        value,
        RATE_BOUNDS,
        default_words="Not set: no one leaves",
    )


def _joiners(g: str, raw: dict, base: tuple) -> list[Assumption]:
    items = [
        (
            "joiners_per_year",
            "joiners a year",
            "Staff who join each year from outside (FTE). 20 means 20 FTE join every year.",
            FTE_A_YEAR,
            COUNT_BOUNDS,
        ),
        (
            "joiner_rate",
            "joiner rate",
            "Joiners each year as a share of the staff in post. A joiner rate of 0.1 (10%) means 10 "
            "join for every 100 in post.",
            RATE,
            RATE_BOUNDS,
        ),
        (
            "international_recruits_per_year",
            "international recruits a year",
            "Staff recruited from abroad each year (FTE).",
            FTE_A_YEAR,
            COUNT_BOUNDS,
        ),
        (
            "returners_per_year",
            "returners a year",
            "Staff returning to practice each year (FTE).",
            PEOPLE,
            COUNT_BOUNDS,
        ),
    ]
    return [
        Assumption(f"rates.{g}.{key}", (*base, key), f"{g}: {label}", help_, unit, raw.get(key), bounds)
        for key, label, help_, unit, bounds in items
    ]


def _pipelines(spec: dict) -> Group:
    group = Group(
        "pipelines",
        "Training pipelines",
        "People in training who take posts when their course ends.",
    )
    for i, pl in enumerate(spec.get("pipelines") or []):
        if not isinstance(pl, dict):
            continue
        name = pl.get("name") or f"{pl.get('staff_group')} training"
        base = ("pipelines", i)
        group.items += [
            Assumption(
                f"pipelines[{i}].intake_per_year",
                (*base, "intake_per_year"),
                f"{name}: intake a year",
                "People starting the course each year.",
                PEOPLE,
                pl.get("intake_per_year"),
            ),
            Assumption(
                f"pipelines[{i}].attrition",
                (*base, "attrition"),
                f"{name}: students who do not finish",
                "The share of students who leave before the end of the course. 0.1 (10%) means 1 "
                "in 10 does not finish.",
                RATE,
                pl.get("attrition", 0.0),
                RATE_BOUNDS,
            ),
            Assumption(
                f"pipelines[{i}].share_taking_posts",
                (*base, "share_taking_posts"),
                f"{name}: share taking posts",
                "The share of those who finish who take a post here. 0.8 (80%) means 8 in 10.",
                RATE,
                pl.get("share_taking_posts", 1.0),
                RATE_BOUNDS,
            ),
        ]
    return group


def _conversions(spec: dict) -> Group:
    group = Group(
        "conversions",
        "Conversions",
        "Staff who train into another staff group (for example support workers becoming nursing associates).",
    )
    for i, cv in enumerate(spec.get("conversions") or []):
        if not isinstance(cv, dict):
            continue
        name = cv.get("name") or f"{cv.get('from_group')} to {cv.get('to_group')}"
        base = ("conversions", i)
        group.items += [
            Assumption(
                f"conversions[{i}].rate",
                (*base, "rate"),
                f"{name}: share converting a year",
                f"The share of {cv.get('from_group')} staff who start converting each year. 0.02 (2%) means 2 in 100.",
                RATE,
                cv.get("rate"),
                RATE_BOUNDS,
            ),
            Assumption(
                f"conversions[{i}].attrition",
                (*base, "attrition"),
                f"{name}: share who do not finish",
                "The share who start converting but do not finish.",
                RATE,
                cv.get("attrition", 0.0),
                RATE_BOUNDS,
            ),
        ]
    return group


def _demand(spec: dict) -> Group:
    group = Group(
        "demand",
        "Demand",
        "How many staff are needed: the base year's need, then growth in population and in need "
        "for care, less what productivity gains save.",
    )
    demand = spec.get("demand") or {}
    base_fte = demand.get("base_fte") or {}
    vacancies = demand.get("vacancies_fte") or {}
    for g in list(dict.fromkeys([*base_fte, *staff_groups(spec)])):
        if g in base_fte:
            group.items.append(
                Assumption(
                    f"demand.base_fte.{g}",
                    ("demand", "base_fte", g),
                    f"{g}: staff needed in the first year",
                    "The FTE needed in the first year (instead of staff in post plus vacancies).",
                    FTE,
                    base_fte[g],
                )
            )
        else:
            group.items.append(
                Assumption(
                    f"demand.vacancies_fte.{g}",
                    ("demand", "vacancies_fte", g),
                    f"{g}: vacancies",
                    "Posts that are empty in the first year (FTE). The staff needed is staff in post plus vacancies.",
                    FTE,
                    vacancies.get(g),
                    default_words="Not set: no vacancies",
                )
            )
    group.items += [
        Assumption(
            "demand.non_demographic_growth",
            ("demand", "non_demographic_growth"),
            "Growth in need for care beyond population change",
            "How much the need for staff grows each year for reasons other than the population "
            "(new services, rising expectations). 0.01 (1%) means 1% more each year.",
            GROWTH,
            demand.get("non_demographic_growth"),
            GROWTH_BOUNDS,
            default_words="Not set: none",
        ),
        Assumption(
            "demand.productivity_gain",
            ("demand", "productivity_gain"),
            "Productivity gain",
            "How much less staff time the same care needs each year (new ways of working). 0.005 "
            "(0.5%) means half a per cent less each year.",
            GROWTH,
            demand.get("productivity_gain"),
            GROWTH_BOUNDS,
            default_words="Not set: none",
        ),
    ]
    _population(group, demand)
    return group


def _population(group: Group, demand: dict) -> None:
    population = demand.get("population") or {}
    for band, series in population.items():
        if isinstance(series, list) and series:
            words = f"{series[0]:,.0f} in the first year, {series[-1]:,.0f} in the last"
        elif isinstance(series, dict):
            words = f"{series.get('base', 0):,.0f} in the first year, growing {series.get('growth', 0) * 100:g}% a year"
        else:
            words = str(series)
        group.rows.append((f"Population aged {band}", words))
    utilisation = demand.get("utilisation") or {}
    for band in population:
        group.items.append(
            Assumption(
                f"demand.utilisation.{band}",
                ("demand", "utilisation", band),
                f"Use of services, aged {band}",
                "How much care a person of this age needs compared with others: 2.6 means 2.6 times "
                "as much as a person with a weight of 1.",
                WEIGHT,
                utilisation.get(band),
                COUNT_BOUNDS,
                fixed_only=True,
                default_words="1 (the default)",
            )
        )


def _interventions(spec: dict) -> Group:
    group = Group(
        "interventions",
        "The scenario's own interventions",
        "Changes this scenario makes on top of the trends above, such as a retention programme or extra training places.",
    )
    for i, iv in enumerate(spec.get("interventions") or []):
        if not isinstance(iv, dict):
            continue
        lever = LEVER_TYPES.get(str(iv.get("lever")))
        name = str(iv.get("name") or f"Intervention {i + 1}")
        base = ("interventions", i)
        if lever is not None and lever.amount_key and lever.amount_key in iv:
            key, unit, bounds, help_ = lever.amount_key, FTE, COUNT_BOUNDS, f"{lever.label}: the number a year."
        else:
            bounds = lever.effect_range if lever else (None, None)
            key, unit, help_ = "effect", RATE, (lever.meaning if lever else "The intervention's effect.")
        group.items.append(
            Assumption(f"interventions[{i}].{key}", (*base, key), f"{name}: effect", help_, unit, iv.get(key), bounds)
        )
        group.items.append(
            Assumption(
                f"interventions[{i}].cost_per_year",
                (*base, "cost_per_year"),
                f"{name}: cost a year",
                "What the intervention costs each year, in pounds.",
                GBP,
                iv.get("cost_per_year"),
                default_words="Not set: no cost",
            )
        )
    return group
