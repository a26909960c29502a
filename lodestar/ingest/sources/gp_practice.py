"""General Practice Workforce, practice level (NHS England, monthly).

The published CSV has one row per practice::

    PRAC_CODE, PRAC_NAME, PCN_CODE, PCN_NAME, SUB_ICB_CODE, SUB_ICB_NAME, ICB_CODE, ICB_NAME,
    REGION_CODE, REGION_NAME, TOTAL_PATIENTS, TOTAL_GP_HC, TOTAL_GP_FTE, ...,
    TOTAL_NURSES_HC, TOTAL_NURSES_FTE, TOTAL_DPC_HC, TOTAL_DPC_FTE, TOTAL_ADMIN_HC, TOTAL_ADMIN_FTE, ...

Files before March 2020 have no PCN columns (``pcn_code`` is then null) and files before July
2022 name the STP, not the ICB (``icb_code`` is then the STP code, its predecessor). The file has
no date column: the month comes from ``options["period"]`` ("2024-09" or an ISO date) or from the
file's name ("... 30 September 2024 ..."). Published files write "ND" (no data) or "NA" for a
figure that is not available: those cells are null, not problems.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import ROW, Checker, Problem, as_table, empty, missing
from lodestar.ingest.periods import month_start

NAME = "gp_practice"
LABEL = "General Practice Workforce (practice level)"
SCHEMA = schemas.GP_PRACTICE

REQUIRED = ("prac_code", "total_patients", "total_gp_fte")
NOT_AVAILABLE = ("ND", "NA", "N/A", "-")
# tidy column -> the published column; a missing optional column gives nulls
FIGURES = {
    "gp_fte": "total_gp_fte",
    "nurses_fte": "total_nurses_fte",
    "dpc_fte": "total_dpc_fte",
    "admin_fte": "total_admin_fte",
}
HEADCOUNTS = {
    "gp_hc": "total_gp_hc",
    "nurses_hc": "total_nurses_hc",
    "dpc_hc": "total_dpc_hc",
    "admin_hc": "total_admin_hc",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_IN_NAME = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")[\s_\-]*(\d{4})", re.I
)
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")
_YEAR_MONTH_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_ ]?(0[1-9]|1[0-2])(?!\d)")


def detect(header: list[str]) -> bool:
    return not missing(header, ("prac_code", "total_gp_fte"))


def why_not(header: list[str]) -> str:
    absent = missing(header, ("prac_code", "total_gp_fte"))
    if not absent:
        return "it has the columns of a practice-level General Practice Workforce file"
    return f"it has no column {' or '.join(absent)}"


def period_from(text: str | None) -> datetime.date | None:
    """The first day of the month ``text`` names: "2024-09", "2024-09-30", "30 September 2024",
    or a file name holding one ("GPW Practice Level Sep 2024.csv", "gpw_practice_202409.csv")."""
    if not text:
        return None
    if m := _ISO_MONTH.match(str(text)):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1900 <= year <= 2200:
            return datetime.date(year, month, 1)
        return None
    if m := _MONTH_IN_NAME.search(str(text)):
        return datetime.date(int(m.group(2)), MONTHS[m.group(1).lower()], 1)
    if m := _YEAR_MONTH_IN_NAME.search(str(text)):  # "gpw_practice_2024-09.csv", "..._202409.csv"
        return datetime.date(int(m.group(1)), int(m.group(2)), 1)
    return None


def read(file, name: str | None = None, **options) -> tuple[pl.DataFrame, list[Problem]]:
    """The practices' figures (``schemas.GP_PRACTICE``) and the problems found."""
    table = as_table(file, name, detect)
    table = dataclasses.replace(table, frame=_blank_not_available(table.frame))
    check = Checker(table)
    period = _period(check, options.get("period"), table.name)
    if not check.require_columns(REQUIRED, LABEL):
        return empty(SCHEMA), check.problems
    frame = table.frame
    columns = [
        check.code("prac_code", what="a practice code (such as A81001)").alias("prac_code"),
        _text(frame, "prac_name"),
        _text(frame, "pcn_code", upper=True),
        _text(frame, "pcn_name"),
        _icb(frame),
        check.number("total_patients", integer=True, required=False).alias("total_patients"),
    ]
    for tidy, published in FIGURES.items():
        columns.append(_figure(check, frame, published).alias(tidy))
    for tidy, published in HEADCOUNTS.items():
        columns.append(_figure(check, frame, published, integer=True).alias(tidy))
    tidy = frame.select(pl.col(ROW), *columns).with_columns(pl.lit(period, dtype=pl.Date).alias("period"))
    check.duplicates(tidy.filter(pl.col("prac_code").is_not_null()), ["prac_code"], "the same practice")
    return check.result(tidy, SCHEMA)


def _blank_not_available(frame: pl.DataFrame) -> pl.DataFrame:
    texts = [c for c, t in frame.schema.items() if t == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.to_uppercase().is_in(NOT_AVAILABLE)).then(None).otherwise(pl.col(c)).alias(c)
        for c in texts
    )


def _period(check: Checker, given, file_name: str) -> datetime.date | None:
    if given:
        if isinstance(given, datetime.date):
            return given.replace(day=1)
        period = month_start(str(given))
        if period is None:
            check.add(None, None, f'The month "{given}" is not a date: give it like 2024-09.')
        return period
    period = period_from(file_name)
    if period is None:
        check.add(
            None,
            None,
            "The file has no date and its name has no month: give the month the figures are for (for example 2024-09).",
        )
    return period


def _text(frame: pl.DataFrame, column: str, *, upper: bool = False) -> pl.Expr:
    if column not in frame.columns:
        return pl.lit(None, dtype=pl.String).alias(column)
    return (pl.col(column).str.to_uppercase() if upper else pl.col(column)).alias(column)


def _icb(frame: pl.DataFrame) -> pl.Expr:
    """The ICB code, or before July 2022 the STP code (the ICB's predecessor)."""
    for column in ("icb_code", "stp_code"):
        if column in frame.columns:
            return pl.col(column).str.to_uppercase().alias("icb_code")
    return pl.lit(None, dtype=pl.String).alias("icb_code")


def _figure(check: Checker, frame: pl.DataFrame, column: str, *, integer: bool = False) -> pl.Expr:
    if column not in frame.columns:
        return pl.lit(None, dtype=pl.Int64 if integer else pl.Float64)
    return check.number(column, integer=integer, required=False)
