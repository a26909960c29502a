"""An organisation's own record-level staff extract (ESR-like, never public), one row per person
and snapshot: snapshot date, pseudonymised person identifier, organisation code, occupation code,
staff group, AfC band, contracted WTE, age band (or date of birth), start date, cost centre.

``options["mapping"]`` maps Lodestar's field names (``schemas.STAFF_RECORDS`` and
``date_of_birth``) to the file's column names; fields it leaves out are looked for under the ESR
names in ``DEFAULT_MAPPING``. ``read`` gives the aggregated cohorts (``schemas.STAFF_IN_POST``
with age bands; headcount counts distinct people): record-level rows leave this module only
through ``read_records``, for linking snapshots (``lodestar.ingest.linking``), and are never
stored (ADR 0026).
"""

from __future__ import annotations

import dataclasses

import polars as pl

from lodestar.core.tabular import normalise_header
from lodestar.ingest import schemas
from lodestar.ingest.common import NUMERIC_PREFIX, ROW, Checker, Problem, as_table, empty
from lodestar.ingest.linking import aggregate

NAME = "staff_records"
LABEL = "Your organisation's staff records (ESR extract)"
SCHEMA = schemas.STAFF_IN_POST

REQUIRED = ("snapshot", "person_id", "org_code", "staff_group", "wte")
FIELDS = (*schemas.STAFF_RECORDS, "date_of_birth")
FIELD_LABELS = {
    "snapshot": "snapshot date",
    "person_id": "person identifier",
    "org_code": "organisation code",
    "occupation_code": "occupation code",
    "staff_group": "staff group",
    "band": "AfC band",
    "wte": "contracted WTE",
    "age_band": "age band",
    "date_of_birth": "date of birth",
    "start_date": "start date",
    "cost_centre": "cost centre",
}
# field -> column names tried in order (normalised: "Tm End Date" -> "tm_end_date"). Staff group
# 1 ("Nurses & health visitors") before the main staff group: it is what turnover is published by.
DEFAULT_MAPPING = {
    "snapshot": ["tm_end_date", "tm_year_month", "snapshot_date", "snapshot"],
    "person_id": ["unique_nhs_identifier", "person_id", "pseudonymised_person_id", "employee_number"],
    "org_code": ["reporting_org_code", "org_code", "organisation_code"],
    "occupation_code": ["occupation_code"],
    "staff_group": ["staff_group_1_name", "main_staff_group_name", "staff_group"],
    "band": ["afc_band", "grade", "band", "pay_band"],
    "wte": ["contracted_wte", "wte", "fte"],
    "age_band": ["age_band"],
    "date_of_birth": ["date_of_birth", "date_of_birth_band", "dob"],
    "start_date": ["assignment_start_date", "start_date"],
    "cost_centre": ["cost_centre"],
}
MAX_WTE = 1.5  # a contract above this is taken to be a mistake (a person's WTE is usually at most 1)
OLDEST, YOUNGEST = 100, 14
AGE_BANDS = ["<25", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+"]


def resolve(header: list[str], mapping: dict | None = None) -> tuple[dict[str, str], list[str]]:
    """field -> the header name that holds it, and sentences for mapping entries that name a
    field or column that does not exist. ``mapping`` values may be written as in the file."""
    have = set(header)
    found: dict[str, str] = {}
    errors: list[str] = []
    for field_name, column in (mapping or {}).items():
        if field_name not in FIELDS:
            errors.append(f'The mapping names "{field_name}", which is not a field Lodestar knows')
        elif column and normalise_header(column) not in have:
            errors.append(
                f'The mapping gives the column "{column}" for the {FIELD_LABELS[field_name]}; the file has none'
            )
        elif column:
            found[field_name] = normalise_header(column)
    for field_name, candidates in DEFAULT_MAPPING.items():
        if field_name not in found and not (mapping and field_name in mapping):
            column = next((c for c in candidates if c in have), None)
            if column:
                found[field_name] = column
    return found, errors


def detect(header: list[str]) -> bool:
    found, _ = resolve(header)
    return all(f in found for f in REQUIRED)


def why_not(header: list[str]) -> str:
    found, _ = resolve(header)
    absent = [FIELD_LABELS[f] for f in REQUIRED if f not in found]
    if not absent:
        return "it has the columns of a record-level staff extract"
    return f"it has no column for the {', '.join(absent)} (map your columns to read it)"


def read(file, name: str | None = None, **options) -> tuple[pl.DataFrame, list[Problem]]:
    """Staff in post by snapshot, organisation, staff group, band and age band."""
    records, problems = read_records(file, options.get("mapping"), name=name)
    if problems:
        return empty(SCHEMA), problems
    return aggregate(records, one_row_per_person=True), []  # read_records refuses repeated people


def read_records(file, mapping: dict | None = None, *, name: str | None = None) -> tuple[pl.DataFrame, list[Problem]]:
    """The extract's rows after the mapping (``schemas.STAFF_RECORDS``), empty when any problem."""
    table = as_table(file, name, lambda header: detect(header) or (mapping and _mapped(header, mapping)))
    check = Checker(table)
    found, errors = resolve(table.header, mapping)
    for error in errors:
        check.add(table.header_row, None, error)
    absent = [f for f in REQUIRED if f not in found]
    if absent:
        names = ", ".join(FIELD_LABELS[f] for f in absent)
        check.add(table.header_row, None, f"No column holds the {names}: map a column of the file to each")
    if errors or absent:
        return empty(schemas.STAFF_RECORDS), check.problems
    frame = table.frame.select(pl.col(ROW), *(pl.col(c).alias(f) for f, c in found.items()))
    labels = {f: table.label(c) for f, c in found.items()}
    check.table = dataclasses.replace(table, header=list(found), frame=frame, labels=labels)
    records = frame.select(pl.col(ROW), *_columns(check, frame))
    records = _derive(check, records)
    check.duplicates(
        records.filter(pl.col("person_id").is_not_null()),
        ["snapshot", "person_id"],
        "the same person in the same snapshot",
    )
    return check.result(records, schemas.STAFF_RECORDS)


def _mapped(header: list[str], mapping: dict) -> bool:
    """The header row of a mapped file: it has at least half the columns the mapping names."""
    wanted = {normalise_header(c) for c in mapping.values() if c}
    return bool(wanted) and 2 * len(wanted & set(header)) >= len(wanted)


def _columns(check: Checker, frame: pl.DataFrame) -> list[pl.Expr]:
    """The checked columns of the records, in users' words when wrong."""
    has = set(frame.columns)
    columns = [
        _date(check, frame, "snapshot", required=True).dt.month_start().alias("snapshot"),
        check.required_text("person_id", what="the person identifier").alias("person_id"),
        check.code("org_code").alias("org_code"),
        _unprefixed(frame, check.required_text("staff_group", what="the staff group")).alias("staff_group"),
        check.number("wte", minimum=0, maximum=MAX_WTE).alias("wte"),
        _text("occupation_code", has),
        (_unprefixed(frame, pl.col("band")) if "band" in has else pl.lit(None, pl.String)).fill_null("").alias("band"),
        _text("age_band", has),
        _text("cost_centre", has),
        _date(check, frame, "start_date") if "start_date" in has else pl.lit(None, pl.Date).alias("start_date"),
    ]
    if "date_of_birth" in has:
        columns.append(_date(check, frame, "date_of_birth").alias("date_of_birth"))
    return columns


def _unprefixed(frame: pl.DataFrame, column: pl.Expr) -> pl.Expr:
    """The column without published numeric prefixes ("005_Nurses" -> "Nurses"), worked out
    once per distinct value (staff groups and bands are few)."""
    values = frame.select(column.drop_nulls().unique()).to_series()
    return column.replace_strict(values, values.str.replace(NUMERIC_PREFIX, ""), default=None)


def _text(column: str, has: set[str]) -> pl.Expr:
    return (pl.col(column) if column in has else pl.lit(None, pl.String)).alias(column)


def parse_date(text: pl.Expr) -> pl.Expr:
    """Text as a date: 2024-09-30, 30/09/2024, 30-SEP-2024, 20240930, 202409 or 2024-09 (the
    last two give the month's first day). A time after the date is ignored; null when none fits."""
    clean = text.str.strip_chars().str.replace(r"[ T]\d{1,2}:\d\d(:\d\d(\.\d+)?)?$", "").str.to_titlecase()
    digits = clean.str.contains(r"^\d+$")
    return (
        pl.when(digits & (clean.str.len_chars() == 6))
        .then((clean + "01").str.to_date("%Y%m%d", strict=False))
        .when(digits & (clean.str.len_chars() == 8))
        .then(clean.str.to_date("%Y%m%d", strict=False))
        .when(clean.str.contains(r"^\d{4}-\d{1,2}$"))
        .then((clean + "-01").str.to_date("%Y-%m-%d", strict=False))
        .otherwise(
            pl.coalesce(
                clean.str.to_date("%Y-%m-%d", strict=False),
                clean.str.to_date("%d/%m/%Y", strict=False),
                clean.str.to_date("%d-%b-%Y", strict=False),
                clean.str.to_date("%d %b %Y", strict=False),
                clean.str.to_date("%d %B %Y", strict=False),
            )
        )
    )


def _date(check: Checker, frame: pl.DataFrame, column: str, *, required: bool = False) -> pl.Expr:
    """The column as dates, each distinct text parsed once (a national extract has a million
    rows but some thousands of dates); a problem for each text that is not a date."""
    texts = frame.select(pl.col(column).drop_nulls().unique())
    parsed = texts.with_columns(parse_date(pl.col(column)).alias("_v"))
    good = parsed.filter(pl.col("_v").is_not_null())
    unread = parsed.filter(pl.col("_v").is_null()).get_column(column)
    if required:
        check.add_rows(frame.filter(pl.col(column).is_null()), column, f"is empty: enter the {FIELD_LABELS[column]}")
    check.add_rows(
        frame.filter(pl.col(column).is_in(unread.implode())).sort(ROW),
        column,
        lambda r: f'"{r[column]}" is not a date: write it like 2024-09-30',
    )
    value = pl.col(column).replace_strict(good.get_column(column), good.get_column("_v"), default=None)
    return value.cast(pl.Date).alias(column)


def age_band(age: pl.Expr) -> pl.Expr:
    """``AGE_BANDS``: "<25", five-year bands "25-29" ... "60-64", "65+"."""
    low = (age // 5) * 5
    five = pl.concat_str([low.cast(pl.String), pl.lit("-"), (low + 4).cast(pl.String)])
    return pl.when(age < 25).then(pl.lit("<25")).when(age >= 65).then(pl.lit("65+")).otherwise(five)


def _derive(check: Checker, records: pl.DataFrame) -> pl.DataFrame:
    """Dates checked against the snapshot; the age band from the date of birth when not given.
    Ages are worked out once per distinct (snapshot, date of birth), then joined back."""
    ends = records.select(pl.col("snapshot").unique().drop_nulls())
    ends = ends.with_columns(pl.col("snapshot").dt.month_end().alias("_end"))
    records = records.join(ends, on="snapshot", how="left", maintain_order="left")
    late = records.filter(pl.col("start_date") > pl.col("_end"))
    check.add_rows(late, "start_date", lambda r: f"is after the snapshot ({r['snapshot']:%B %Y})")
    if "date_of_birth" not in records.columns:
        return records.with_columns(pl.col("age_band").fill_null(""))
    pairs = records.select("_end", "date_of_birth").unique().drop_nulls()
    at, born = pl.col("_end"), pl.col("date_of_birth")
    before_birthday = (at.dt.month() < born.dt.month()) | (
        (at.dt.month() == born.dt.month()) & (at.dt.day() < born.dt.day())
    )
    pairs = pairs.with_columns((at.dt.year() - born.dt.year() - before_birthday).cast(pl.Int64).alias("_age"))
    pairs = pairs.with_columns(age_band(pl.col("_age")).alias("_band"))
    aged = records.join(pairs, on=["_end", "date_of_birth"], how="left", maintain_order="left")
    odd = aged.filter((pl.col("_age") < YOUNGEST) | (pl.col("_age") > OLDEST))
    check.add_rows(
        odd,
        "date_of_birth",
        lambda r: f"gives an age of {r['_age']} at the snapshot: check the date (ages {YOUNGEST} to {OLDEST})",
    )
    return aged.with_columns(pl.coalesce(pl.col("age_band"), pl.col("_band"), pl.lit("")).alias("age_band"))
