"""Supply flows: leaver, retirement and joiner rates, training pipelines and conversions.

docs/engine/method.md, "One year of supply, per cohort", "Joiners", "Training pipelines"
and "Conversions (up-skilling)".
"""

from __future__ import annotations

from lodestar.engine.spec.cohorts import Groups
from lodestar.engine.spec.common import Parser
from lodestar.engine.spec.scenario import Conversion, GroupRates, Param, Pipeline

RATE_KEYS = (
    "leaver_rate",
    "retirement_rate_by_age",
    "joiners_per_year",
    "joiner_rate",
    "international_recruits_per_year",
    "returners_per_year",
    "joiner_age_profile",
)
PIPELINE_KEYS = ("name", "staff_group", "intake_per_year", "course_years", "attrition", "share_taking_posts")
CONVERSION_KEYS = ("name", "from_group", "to_group", "rate", "course_years", "attrition")


def parse_rates(p: Parser, raw_rates, groups: Groups, band_names: list[str]) -> dict[str, GroupRates]:
    """Each staff group's flows; a group without rates has no leavers and no joiners."""
    rates: dict[str, GroupRates] = {}
    for g, raw in p.mapping(raw_rates, "rates").items():
        path = f"rates.{g}"
        if not groups.check(p, str(g), path):
            continue
        raw = p.mapping(raw, path)
        p.unknown_keys(raw, RATE_KEYS, path)
        leaver = _leaver_rates(p, raw.get("leaver_rate", 0.0), path, band_names)
        retire = _retirement_rates(p, raw, path, band_names)
        profile = _joiner_age_profile(p, raw, path, band_names)
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
    for g in groups.names:
        rates.setdefault(
            g,
            GroupRates(
                leaver_rate={a: Param(f"rates.{g}.leaver_rate", value=0.0) for a in band_names}, retirement_rate={}
            ),
        )
    return rates


def _leaver_rates(p: Parser, lr_raw, path: str, band_names: list[str]) -> dict[str, Param]:
    """One leaver rate for every age band: a single rate, or a rate per band (0 where not given)."""
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
    return leaver


def _retirement_rates(p: Parser, raw: dict, path: str, band_names: list[str]) -> dict[str, Param]:
    retire: dict[str, Param] = {}
    for a, v in p.mapping(raw.get("retirement_rate_by_age"), f"{path}.retirement_rate_by_age").items():
        if str(a) not in band_names:
            p.add(f"{path}.retirement_rate_by_age.{a}", f'"{a}" is not one of the age_bands')
            continue
        q = p.param(v, f"{path}.retirement_rate_by_age.{a}", low=0, high=1)
        if q:
            retire[str(a)] = q
    return retire


def _joiner_age_profile(p: Parser, raw: dict, path: str, band_names: list[str]) -> dict[str, float] | None:
    """Weights of the age bands joiners land in; None: the group's base-year age mix."""
    if "joiner_age_profile" not in raw:
        return None
    prof = p.mapping(raw["joiner_age_profile"], f"{path}.joiner_age_profile")
    profile: dict[str, float] = {}
    for a, v in prof.items():
        if str(a) not in band_names:
            p.add(f"{path}.joiner_age_profile.{a}", f'"{a}" is not one of the age_bands')
            continue
        w = p.number(v, f"{path}.joiner_age_profile.{a}", low=0)
        if w is not None:
            profile[str(a)] = w
    if prof and not any(profile.values()):
        p.add(f"{path}.joiner_age_profile", "needs at least one age band with a weight above 0")
    return profile


def parse_pipelines(p: Parser, raw_list, groups: Groups) -> list[Pipeline]:
    pipelines: list[Pipeline] = []
    for i, raw in enumerate(p.listing(raw_list, "pipelines")):
        path = f"pipelines[{i}]"
        raw = p.mapping(raw, path, required=True)
        p.unknown_keys(raw, PIPELINE_KEYS, path)
        g = p.text(raw.get("staff_group"), f"{path}.staff_group")
        ok = groups.check(p, g, f"{path}.staff_group")
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
    return pipelines


def parse_conversions(p: Parser, raw_list, groups: Groups) -> list[Conversion]:
    conversions: list[Conversion] = []
    for i, raw in enumerate(p.listing(raw_list, "conversions")):
        path = f"conversions[{i}]"
        raw = p.mapping(raw, path, required=True)
        p.unknown_keys(raw, CONVERSION_KEYS, path)
        src = p.text(raw.get("from_group"), f"{path}.from_group")
        dst = p.text(raw.get("to_group"), f"{path}.to_group")
        ok = groups.check(p, src, f"{path}.from_group") & groups.check(p, dst, f"{path}.to_group")
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
    return conversions
