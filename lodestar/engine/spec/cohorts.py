"""Age bands and cohorts (docs/engine/method.md, "Cohorts")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lodestar.engine.spec.common import MAX_MAGNITUDE, RESERVED_GROUP, Parser
from lodestar.engine.spec.scenario import AgeBand, Cohort

COHORT_KEYS = ("organisation", "staff_group", "band", "age_band", "fte", "headcount")

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


def parse_age_bands(p: Parser, raw_bands: Any) -> list[AgeBand]:
    """The age bands, youngest first; one band "all" when none are given."""
    if raw_bands is None:
        return [AgeBand("all", None)]
    bands: list[AgeBand] = []
    items = p.listing(raw_bands, "age_bands")
    if isinstance(raw_bands, list) and not raw_bands:
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
    return bands


@dataclass(frozen=True)
class Groups:
    """The staff groups named by cohorts, which the other sections are checked against."""

    names: list[str]  # first-seen order
    base_fte: dict[str, float]  # group -> base-year FTE of its valid cohorts

    @property
    def known(self) -> set[str]:
        return set(self.names)

    def check(self, p: Parser, value: str | None, path: str) -> bool:
        """True when ``value`` is a staff group with cohorts; otherwise say so at ``path``."""
        if value is None:
            return False
        if value not in self.base_fte:
            p.add(path, f'"{value}" is not a staff group with cohorts (known: {", ".join(self.names) or "none"})')
            return False
        return True


def parse_cohorts(p: Parser, data: dict, band_names: list[str]) -> tuple[list[Cohort], Groups]:
    """The valid cohorts, and the staff groups any cohort names (valid or not)."""
    cohorts: list[Cohort] = []
    seen: dict[tuple, int] = {}
    named_groups: list[str] = []
    raw_cohorts = p.listing(data.get("cohorts"), "cohorts", required=True)
    if isinstance(data.get("cohorts"), list) and not raw_cohorts:
        p.add("cohorts", "must list at least one cohort")
    band_set = set(band_names)
    default_age = band_names[0] if len(band_names) == 1 else None
    for i, raw in enumerate(raw_cohorts):
        path = f"cohorts[{i}]"
        if not isinstance(raw, dict):
            p.add(path, "must be a mapping with staff_group, age_band and fte")
            continue
        cohort = _plain_cohort(raw, band_set, default_age)
        if cohort is not None:
            named_groups.append(cohort.staff_group)
        else:
            cohort = _parse_cohort(p, raw, path, band_names, named_groups)
        if cohort is None:
            continue
        key = (cohort.organisation, cohort.staff_group, cohort.band, cohort.age_band)
        if key in seen:
            p.add(path, f"repeats the cohort in cohorts[{seen[key]}] (same organisation, staff group, band, age band)")
            continue
        seen[key] = i
        cohorts.append(cohort)
    names = list(dict.fromkeys(named_groups))
    base_fte = dict.fromkeys(names, 0)
    for c in cohorts:  # in cohort order: the same additions as summing each group on its own
        base_fte[c.staff_group] += c.fte
    return cohorts, Groups(names, base_fte)


COHORT_KEY_SET = frozenset(COHORT_KEYS)
NUMBER_TYPES = (int, float)


def _plain_cohort(raw: dict, band_set: set[str], default_age: str | None) -> Cohort | None:
    """A cohort with nothing to report, read without building a path for each field (a national
    scenario has 64,500); None sends it through ``_parse_cohort``, which names every problem.
    Accepts only what ``_parse_cohort`` accepts without a problem, and returns the same Cohort
    (tests/unit/engine/test_cohort_fast_path.py). Exact types only: anything unusual (a number
    written as text, a bool, NaN) takes the full check."""
    if not raw.keys() <= COHORT_KEY_SET:
        return None
    fte = raw.get("fte")
    hc = raw.get("headcount", fte)
    if type(fte) not in NUMBER_TYPES or type(hc) not in NUMBER_TYPES:
        return None
    if not (0 <= fte <= MAX_MAGNITUDE and 0 <= hc <= MAX_MAGNITUDE) or (fte == 0 and hc > 0):
        return None  # NaN and infinities fail the comparisons too
    group, age = raw.get("staff_group"), raw.get("age_band", default_age)
    org, band = raw.get("organisation"), raw.get("band")
    if type(group) is not str or type(age) is not str:
        return None
    if (org is not None and type(org) is not str) or (band is not None and type(band) is not str):
        return None
    group, age = group.strip(), age.strip()
    if not group or group == RESERVED_GROUP or not age or (band_set and age not in band_set):
        return None
    return Cohort(
        "all" if org is None else org.strip(), group, "" if band is None else band.strip(), age, float(fte), float(hc)
    )


def _parse_cohort(p: Parser, raw: dict, path: str, band_names: list[str], named_groups: list[str]) -> Cohort | None:
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
        return None
    if age is not None and band_names and age not in band_names:
        p.add(f"{path}.age_band", f'"{age}" is not one of the age_bands ({", ".join(band_names)})')
        return None
    if fte is not None and hc is not None and fte == 0 and hc > 0:
        p.add(f"{path}.headcount", "must be 0 when fte is 0")
        return None
    if None in (org, group, band, age, fte, hc):
        return None
    return Cohort(org, group, band, age, fte, hc)
