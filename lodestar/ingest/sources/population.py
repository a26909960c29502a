"""ONS subnational population projections (SNPP), one CSV per sex or all together::

    "AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2022","2023",...
    E06000001,Hartlepool,Population,persons,0,1034.5,...

Only ``COMPONENT`` "Population" rows are kept (births, deaths and migration are other
components). ``AGE_GROUP`` is a single year 0 to 89, "90 and over" or "All ages" (dropped, it is
the sum of the others). ``SEX`` is persons, males or females (or the codes 1 males, 2 females).
The year columns are unpivoted and the single years summed into five-year bands "0-4" ... "85-89"
and "90+" (``schemas.POPULATION``); ``band_population`` rebands them to a scenario's age bands.
"""

from __future__ import annotations

import dataclasses
import math
import re

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import ROW, Checker, Problem, as_table, empty, missing

NAME = "population"
LABEL = "ONS subnational population projections"
SCHEMA = schemas.POPULATION

REQUIRED = ("area_code", "area_name", "sex", "age_group")
SEXES = {"persons": "persons", "all": "persons", "males": "males", "male": "males", "1": "males"}
SEXES |= {"females": "females", "female": "females", "2": "females"}
TOP_AGE = 90  # "90 and over"
ALL_AGES = "all ages"
_YEAR = re.compile(r"^(19|20|21)\d\d$")
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_UNDER = re.compile(r"^\s*(?:<|under\s*)(\d+)\s*$", re.I)
_OVER = re.compile(r"^\s*(\d+)\s*(?:\+|and over|or over|plus)\s*$", re.I)
_SINGLE = re.compile(r"^\s*(\d+)\s*$")
_AT_MOST = re.compile(r"^\s*<=\s*(\d+)\s*$")  # ESR's "<=20 Years"
_AT_LEAST = re.compile(r"^\s*>=\s*(\d+)\s*$")  # ESR's ">=71 Years"
_YEARS = re.compile(r"\s*(?:years?|yrs)\s*$", re.I)


def year_columns(header: list[str]) -> list[str]:
    return [h for h in header if _YEAR.match(h)]


def detect(header: list[str]) -> bool:
    return not missing(header, ("area_code", "age_group", "sex")) and bool(year_columns(header))


def why_not(header: list[str]) -> str:
    absent = missing(header, ("area_code", "age_group", "sex"))
    if absent:
        return f"it has no column {' or '.join(absent)}"
    if not year_columns(header):
        return "it has no year columns (2022, 2023, ...)"
    return "it has the columns of an ONS population projections file"


def five_year_band(age: pl.Expr) -> pl.Expr:
    """ "0-4" ... "85-89", "90+" for ages in whole years."""
    low = (age // 5) * 5
    band = pl.concat_str([low.cast(pl.String), pl.lit("-"), (low + 4).cast(pl.String)])
    return pl.when(age >= TOP_AGE).then(pl.lit(f"{TOP_AGE}+")).otherwise(band)


def single_year(age: pl.Expr) -> pl.Expr:
    """ "0", "1" ... "89", "90+" (``read(..., single_years=True)``, for bands such as "0-17")."""
    return pl.when(age >= TOP_AGE).then(pl.lit(f"{TOP_AGE}+")).otherwise(age.cast(pl.String))


def read(file, name: str | None = None, **options) -> tuple[pl.DataFrame, list[Problem]]:
    """Population by area, sex, five-year age band and year (``schemas.POPULATION``); with
    ``single_years=True`` the age bands are single years ("0" ... "89", "90+")."""
    table = as_table(file, name, detect)
    check = Checker(table)
    years = year_columns(table.header)
    if not check.require_columns(REQUIRED, LABEL):
        return empty(SCHEMA), check.problems
    if not years:
        check.add(table.header_row, None, "The file has no year columns (2022, 2023, ...)")
        return empty(SCHEMA), check.problems
    frame = table.frame
    if "component" in frame.columns:
        frame = frame.filter(pl.col("component").str.to_lowercase() == "population")
    frame = frame.filter(pl.col("age_group").is_null() | (pl.col("age_group").str.to_lowercase() != ALL_AGES))
    check = Checker(dataclasses.replace(table, frame=frame))
    tidy = frame.select(
        pl.col(ROW),
        check.required_text("area_code", what="the area code").str.to_uppercase().alias("area_code"),
        check.required_text("area_name", what="the area name"),
        _sex(check, frame),
        _age(check, frame),
        *(check.number(year, minimum=0).alias(year) for year in years),
    )
    check.duplicates(tidy, ["area_code", "sex", "age"], "the same area, sex and age")
    if check.problems:
        return check.result(tidy, SCHEMA)
    long = tidy.unpivot(index=["area_code", "area_name", "sex", "age"], on=years, variable_name="year")
    band = single_year(pl.col("age")) if options.get("single_years") else five_year_band(pl.col("age"))
    banded = (
        long.with_columns(band.alias("age_band"), pl.col("year").cast(pl.Int64))
        .group_by(["area_code", "area_name", "sex", "age_band", "year"], maintain_order=True)
        .agg(pl.col("value").sum().alias("population"), pl.col("age").min().alias("_low"))
        .sort(["area_code", "sex", "year", "_low"])
    )
    return check.result(banded, SCHEMA)


def _sex(check: Checker, frame: pl.DataFrame) -> pl.Expr:
    sex = pl.col("sex").str.to_lowercase().replace_strict(SEXES, default=None)
    bad = frame.filter(pl.col("sex").is_not_null() & sex.is_null())
    check.add_rows(bad, "sex", lambda r: f'"{r["sex"]}" is not a sex: write persons, males or females')
    check.add_rows(frame.filter(pl.col("sex").is_null()), "sex", "is empty: enter persons, males or females")
    return sex.alias("sex")


def _age(check: Checker, frame: pl.DataFrame) -> pl.Expr:
    text = pl.col("age_group").str.to_lowercase()
    age = (
        pl.when(text.str.contains(r"^\d+\s*(\+|and over)$"))
        .then(text.str.extract(r"^(\d+)").cast(pl.Int64, strict=False))
        .otherwise(text.cast(pl.Int64, strict=False))
    )
    bad = frame.filter(pl.col("age_group").is_not_null() & (age.is_null() | (age < 0) | (age > TOP_AGE)))
    check.add_rows(
        bad, "age_group", lambda r: f'"{r["age_group"]}" is not an age: write 0 to 89, "90 and over" or "All ages"'
    )
    check.add_rows(frame.filter(pl.col("age_group").is_null()), "age_group", "is empty: enter an age")
    return age.alias("age")


# ------------------------------------------------------------------------------ rebanding


def band_range(name: str) -> tuple[int, float]:
    """The ages (first, last) an age band spans: "25-34" (25, 34), "<25" (0, 24), "85+" (85, inf),
    "37" (37, 37), "all" (0, inf), and ESR's "<=20 Years" (0, 20), "21-25", ">=71 Years" (71, inf).
    ValueError for a name that is not a band."""
    text = _YEARS.sub("", str(name).strip())
    if m := _AT_MOST.match(text):
        return 0, int(m.group(1))
    if m := _AT_LEAST.match(text):
        return int(m.group(1)), math.inf
    if m := _RANGE.match(text):
        low, high = int(m.group(1)), int(m.group(2))
        if high >= low:
            return low, high
    elif m := _UNDER.match(text):
        return 0, int(m.group(1)) - 1
    elif m := _OVER.match(text):
        return int(m.group(1)), math.inf
    elif m := _SINGLE.match(text):
        return int(m.group(1)), int(m.group(1))
    elif text.lower() in ("all", "all ages"):
        return 0, math.inf
    raise ValueError(f'"{name}" is not an age band: write it like "25-34", "<25" or "85+"')


def band_map(sources, targets) -> dict[str, str | None]:
    """Each source band -> the target band holding all its ages (None when no target holds any
    of them). ValueError when the targets overlap or a target boundary splits a source band."""
    spans = [(t, *band_range(t)) for t in targets]
    ordered = sorted(spans, key=lambda s: s[1])
    for (a, _, a_high), (b, b_low, _) in zip(ordered, ordered[1:], strict=False):
        if b_low <= a_high:
            raise ValueError(f'The age bands "{a}" and "{b}" overlap')
    mapping: dict[str, str | None] = {}
    for source in sources:
        low, high = band_range(source)
        inside = [t for t, t_low, t_high in spans if t_low <= low and high <= t_high]
        touching = [t for t, t_low, t_high in spans if t_low <= high and low <= t_high]
        if touching and not inside:
            raise ValueError(
                f'The age band "{touching[0]}" splits the band "{source}" of the figures: '
                f"choose bands whose boundaries fall between the figures' bands"
            )
        mapping[source] = inside[0] if inside else None
    return mapping


def band_population(frame: pl.DataFrame, bands) -> pl.DataFrame:
    """``frame`` (``schemas.POPULATION``, single years or five-year bands) summed into ``bands``
    (e.g. ["0-17", "18-64", "65-84", "85+"]); ages no band covers are left out. ValueError when a
    band would split one of the frame's bands (a 5-year band cannot be divided without single years)."""
    bands = list(bands)
    mapping = band_map(frame["age_band"].unique().to_list(), bands)
    order = {b: i for i, b in enumerate(bands)}
    keys = ["area_code", "area_name", "sex", "age_band", "year"]
    return (
        frame.with_columns(pl.col("age_band").replace_strict(mapping, default=None, return_dtype=pl.String))
        .filter(pl.col("age_band").is_not_null())
        .group_by(keys)
        .agg(pl.col("population").sum())
        .with_columns(pl.col("age_band").replace_strict(order, return_dtype=pl.Int64).alias("_order"))
        .sort(["area_code", "sex", "year", "_order"])
        .select(list(SCHEMA))
    )
