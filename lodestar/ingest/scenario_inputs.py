"""Tidy frames -> the parts of an engine scenario (docs/engine/method.md; ``lodestar.engine.spec``).

- ``cohorts``: staff in post as the scenario's ``cohorts`` list (organisation, staff_group, band,
  age_band, fte, headcount), rebanded to the scenario's ``age_bands``;
- ``rates_from_turnover``: leaver and joiner rates by staff group (published or linked turnover);
- ``rates_from_flows``: the same from linked snapshots, plus retirement rates by age band: the
  leaving above the under-55 rate in each band from 55 (snapshots hold no reason for leaving);
- ``vacancies``: vacancies FTE by staff group (``demand.vacancies_fte``);
- ``population``: population a year by age band for ``demand.population`` (``population_growth``:
  a base and a growth rate, for horizons past the projections);
- ``scenario``: all of them in one scenario dict, which ``lodestar.engine.spec.parse_scenario``
  reads.

Rates are FTE-weighted (the engine's stock is FTE) over every organisation in the frame; the
denominator is the mean of opening and closing staff, as ``leaver_rate_denominator: mean_stock``.
"""

from __future__ import annotations

import polars as pl

from lodestar.ingest.sources.population import band_map, band_population, band_range

RETIREMENT_FROM = 55  # age bands starting here get a retirement rate from linked flows
ALL = "all"  # the engine's single age band when a scenario gives none


def _latest(frame: pl.DataFrame, period, column: str = "period") -> pl.DataFrame:
    if frame.is_empty():
        return frame
    return frame.filter(pl.col(column) == (period or frame[column].max()))


def age_bands_of(frame: pl.DataFrame) -> list[str]:
    """The frame's age bands, youngest first ([] when it has none)."""
    names = [a for a in frame["age_band"].unique().to_list() if a]
    return sorted(names, key=band_range)


def _rebanded(frame: pl.DataFrame, age_bands: list[str] | None) -> pl.DataFrame:
    """``frame`` with its age bands mapped to ``age_bands`` (ValueError when they do not fit)."""
    sources = frame["age_band"].unique().to_list()
    if age_bands is None:
        if all(not a for a in sources):
            return frame.with_columns(pl.lit(ALL).alias("age_band"))
        return frame
    if len(age_bands) == 1:
        return frame.with_columns(pl.lit(age_bands[0]).alias("age_band"))
    if any(not a for a in sources):
        raise ValueError("The figures have no age bands: use a scenario with one age band")
    mapping = band_map(sources, age_bands)
    lost = [s for s, t in mapping.items() if t is None]
    if lost:
        raise ValueError(f'No age band of the scenario holds the figures\' band "{lost[0]}"')
    return frame.with_columns(pl.col("age_band").replace_strict(mapping, return_dtype=pl.String))


def cohorts(
    staff_in_post: pl.DataFrame, *, age_bands: list[str] | None = None, period=None, organisations=None
) -> list[dict]:
    """The latest period's (or ``period``'s) staff in post as engine cohorts. Cohorts of 0 FTE
    are left out (the engine refuses staff without FTE)."""
    frame = _latest(staff_in_post, period)
    if organisations is not None:
        frame = frame.filter(pl.col("org_code").is_in(list(organisations)))
    frame = _rebanded(frame, age_bands)
    order = {a: i for i, a in enumerate(age_bands or age_bands_of(frame) or [ALL])}
    grouped = (
        frame.group_by(["org_code", "staff_group", "band", "age_band"])
        .agg(pl.col("fte").sum(), pl.col("headcount").sum())
        .filter(pl.col("fte") > 0)
        .with_columns(pl.col("age_band").replace_strict(order, return_dtype=pl.Int64).alias("_order"))
        .sort(["org_code", "staff_group", "band", "_order"])
    )
    return [
        {
            "organisation": row["org_code"],
            "staff_group": row["staff_group"],
            "band": row["band"] or "",
            "age_band": row["age_band"],
            "fte": round(row["fte"], 3),
            "headcount": int(row["headcount"]),
        }
        for row in grouped.iter_rows(named=True)
    ]


def _rate(numerator: float, denominator: float) -> float:
    if not denominator or denominator <= 0:
        return 0.0
    return round(min(max(numerator / denominator, 0.0), 1.0), 4)


def rates_from_turnover(turnover: pl.DataFrame, *, period=None) -> dict[str, dict]:
    """Leaver and joiner rates by staff group over the latest period (FTE; head count where a
    group has no FTE denominator)."""
    frame = _latest(turnover, period).fill_null(0)
    sums = frame.group_by("staff_group").agg(pl.col(c).sum() for c in frame.columns if c.endswith(("_hc", "_fte")))
    rates = {}
    for row in sums.sort("staff_group").iter_rows(named=True):
        unit = "fte" if row["denom_fte"] > 0 else "hc"
        rates[row["staff_group"]] = {
            "leaver_rate": _rate(row[f"leavers_{unit}"], row[f"denom_{unit}"]),
            "joiner_rate": _rate(row[f"joiners_{unit}"], row[f"denom_{unit}"]),
        }
    return rates


def _annual(rate: float, months: float) -> float:
    """A rate over ``months`` as a rate a year (compounded)."""
    if months <= 0 or rate >= 1:
        return rate
    return round(1 - (1 - rate) ** (12 / months), 4)


def rates_from_flows(flows: pl.DataFrame, age_bands: list[str] | None = None, *, period=None) -> dict[str, dict]:
    """Leaver, joiner and retirement rates by staff group from linked snapshots (``STAFF_FLOWS``),
    a year's worth. The leaver rate is that of the bands under 55; each band from 55 gets the
    rate above it as its retirement rate."""
    frame = _latest(flows, period)
    if frame.is_empty():
        return {}
    first = frame.row(0, named=True)
    months = (
        (first["period"].year - first["period_from"].year) * 12 + first["period"].month - first["period_from"].month
    )
    has_ages = any(frame["age_band"].to_list())
    frame = _rebanded(frame, age_bands) if has_ages else frame.with_columns(pl.lit(ALL).alias("age_band"))
    table = frame.pivot(on="flow", index=["staff_group", "age_band"], values="fte", aggregate_function="sum")
    for flow in ("opening", "closing", "leavers", "joiners"):
        if flow not in table.columns:
            table = table.with_columns(pl.lit(0.0).alias(flow))
    table = table.fill_null(0).with_columns(((pl.col("opening") + pl.col("closing")) / 2).alias("denom"))
    rates = {}
    for (group,), rows in table.sort("staff_group").group_by(["staff_group"], maintain_order=True):
        rates[group] = _group_rates(rows, months, has_ages)
    return rates


def _retiring(band: str) -> bool:
    return band != ALL and band_range(band)[0] >= RETIREMENT_FROM


def _group_rates(rows: pl.DataFrame, months: float, has_ages: bool) -> dict:
    by_band = {r["age_band"]: r for r in rows.iter_rows(named=True)}
    younger = [r for band, r in by_band.items() if not (has_ages and _retiring(band))]
    base = _rate(sum(r["leavers"] for r in younger), sum(r["denom"] for r in younger))
    out = {
        "leaver_rate": _annual(base, months),
        "joiner_rate": _annual(_rate(rows["joiners"].sum(), rows["denom"].sum()), months),
    }
    retirement = {}
    for band, r in by_band.items():
        if has_ages and _retiring(band):
            excess = _rate(r["leavers"], r["denom"]) - base
            retirement[band] = _annual(max(round(excess, 4), 0.0), months)
    if retirement:
        out["retirement_rate_by_age"] = retirement
    return out


def vacancies(vacancy_frame: pl.DataFrame, *, period=None, area_codes=None) -> dict[str, float]:
    """Vacancies FTE by staff group in the latest quarter (or ``period``), over ``area_codes``."""
    frame = _latest(vacancy_frame, period)
    if area_codes is not None:
        frame = frame.filter(pl.col("area_code").is_in(list(area_codes)))
    sums = frame.group_by("staff_group").agg(pl.col("vacancies_fte").sum()).sort("staff_group")
    return {row["staff_group"]: round(row["vacancies_fte"], 3) for row in sums.iter_rows(named=True)}


def population(
    frame: pl.DataFrame, bands: list[str], *, start_year: int, years: int, area_codes=None, sex: str = "persons"
) -> dict[str, list[float]]:
    """Population of ``bands`` for each year from ``start_year`` to ``start_year + years`` (as
    ``demand.population`` lists), over ``area_codes`` (every area when None). ValueError when
    the projections lack a year or a band splits the figures' bands."""
    frame = frame.filter(pl.col("sex") == sex)
    if area_codes is not None:
        frame = frame.filter(pl.col("area_code").is_in(list(area_codes)))
    wanted = list(range(start_year, start_year + years + 1))
    have = set(frame["year"].unique().to_list())
    absent = [y for y in wanted if y not in have]
    if absent:
        raise ValueError(f"The population projections have no figures for {', '.join(map(str, absent))}")
    banded = band_population(frame.filter(pl.col("year").is_in(wanted)), bands)
    totals = banded.group_by(["age_band", "year"]).agg(pl.col("population").sum())
    values = {(r["age_band"], r["year"]): r["population"] for r in totals.iter_rows(named=True)}
    return {band: [round(values.get((band, y), 0.0), 1) for y in wanted] for band in bands}


def population_growth(
    frame: pl.DataFrame, bands: list[str], *, start_year: int, years: int, area_codes=None, sex: str = "persons"
) -> dict[str, dict]:
    """``{base, growth}`` per band for ``demand.population``: the start year's population and the
    compound growth a year over the projection years available up to ``start_year + years``
    (for horizons beyond the projections' last year). ValueError without the start year."""
    last = min(start_year + years, int(frame["year"].max() or start_year))
    if last <= start_year:
        raise ValueError(f"The population projections have no figures after {start_year}")
    values = population(frame, bands, start_year=start_year, years=last - start_year, area_codes=area_codes, sex=sex)
    out = {}
    for band, series in values.items():
        first, final = series[0], series[-1]
        growth = (final / first) ** (1 / (last - start_year)) - 1 if first > 0 else 0.0
        out[band] = {"base": first, "growth": round(growth, 5)}
    return out


def scenario(
    *,
    name: str,
    start_year: int,
    years: int,
    staff_in_post: pl.DataFrame,
    age_bands: list[str] | None = None,
    turnover: pl.DataFrame | None = None,
    flows: pl.DataFrame | None = None,
    vacancy_frame: pl.DataFrame | None = None,
    population_frame: pl.DataFrame | None = None,
    population_bands: list[str] | None = None,
    vacancy_areas=None,
    population_areas=None,
) -> dict:
    """A scenario dict for ``lodestar.engine.spec.parse_scenario`` from the frames given: rates
    from linked flows when given (they have retirement by age), else from turnover."""
    cohort_list = cohorts(staff_in_post, age_bands=age_bands)
    bands = age_bands or age_bands_of(pl.DataFrame({"age_band": [c["age_band"] for c in cohort_list]})) or None
    if bands == [ALL]:
        bands = None
    groups = {c["staff_group"] for c in cohort_list}
    rates = {}
    if flows is not None and not flows.is_empty():
        rates = rates_from_flows(flows, bands)
    elif turnover is not None and not turnover.is_empty():
        rates = rates_from_turnover(turnover)
    data = {
        "name": name,
        "start_year": start_year,
        "years": years,
        "leaver_rate_denominator": "mean_stock",
        "cohorts": cohort_list,
        "rates": {g: r for g, r in rates.items() if g in groups},
    }
    if bands:
        data["age_bands"] = bands
    demand = {}
    if vacancy_frame is not None:
        demand["vacancies_fte"] = {
            g: v for g, v in vacancies(vacancy_frame, area_codes=vacancy_areas).items() if g in groups
        }
    if population_frame is not None and population_bands:
        demand["population"] = population(
            population_frame, population_bands, start_year=start_year, years=years, area_codes=population_areas
        )
    if demand:
        data["demand"] = demand
    return data
