"""NHS Workforce Statistics: turnover (joiners and leavers over the twelve months to a period).

Takes the published turnover CSV (or the same table in an Excel file, under any title rows)::

    period, org_code, org_name, nhse_region_code, nhse_region_name, ics_code, ics_name,
    cluster_group, benchmark_group, staff_group, type, hc, fte

Needed: period, org_code, org_name, staff_group, type, hc, fte (the region, ICS, cluster and
benchmark columns are read past). Each published row is one ``type`` for one organisation and
staff group: ``Joiners``, ``Leavers`` or ``Denoms`` (the denominator: the mean of staff at the
start and the end of the twelve months), as a headcount (``hc``) and FTE (``fte``).

Tidy output (``schemas.TURNOVER``), the three types side by side, one row per period,
organisation and staff group::

    period       Date     first day of the month of period (202409 -> 2024-09-01; 2024-09-30,
                          "September 2024" and the other ``periods.month_start`` forms are read too)
    org_code     String   upper case; must look like an ODS code (3 to 6 letters/digits)
    org_name     String   the first spelling in the file for each code
    staff_group  String   without a numeric prefix ("005_Nurses & health visitors" -> "Nurses ...")
    joiners_hc, leavers_hc, denom_hc, joiners_fte, leavers_fte, denom_fte   Float64
    opening_hc, stayers_hc   Float64, null: published files do not give them (``rates`` explains
                          how the stability index is approximated without them)

Problems: a type other than the three; a type given twice for the same period, organisation and
staff group; a group with joiners or leavers but no Denoms row (no rate can be worked out). A
group without a Joiners or Leavers row has none (0): published files leave out empty rows.
"""

from __future__ import annotations

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import ROW, Checker, Problem, as_table, missing, no_columns, without_prefix
from lodestar.ingest.periods import month_start

NAME = "turnover"
LABEL = "NHS Workforce Statistics: turnover"
SCHEMA = schemas.TURNOVER

IDENTIFYING = ("period", "org_code", "staff_group", "type", "hc", "fte")
REQUIRED = ("period", "org_code", "org_name", "staff_group", "type", "hc", "fte")
TYPES = {"joiners": "joiners", "leavers": "leavers", "denoms": "denom"}  # published type -> column prefix
KEYS = ["period", "org_code", "staff_group"]

PERIOD_WORDS = "a period (a year and month such as 202409)"
TYPE_WORDS = "a type (Joiners, Leavers or Denoms)"
ORG_WORDS = "an organisation code (3 to 6 letters and digits, such as RA1)"


def detect(header: list[str]) -> bool:
    """True for a header with period, org_code, staff_group, type, hc and fte."""
    return not missing(header, IDENTIFYING)


def why_not(header: list[str]) -> str:
    gone = missing(header, IDENTIFYING)
    return no_columns(gone) if gone else "it has the columns of turnover"


def turnover_type(text: str) -> str | None:
    """``Joiners``, ``Leavers`` or ``Denoms`` (any case) as "joiners", "leavers", "denoms"."""
    word = text.strip().lower()
    return word if word in TYPES else None


def read(file, name: str | None = None, **options) -> tuple[pl.DataFrame, list[Problem]]:
    """The file's turnover as ``SCHEMA`` (empty when any problem), and the problems."""
    table = as_table(file, name, detect)
    checker = Checker(table)
    if not checker.require_columns(REQUIRED, LABEL) or not checker.require_rows():
        return checker.result(table.frame, SCHEMA)
    checker.required_text("staff_group", what="a staff group")
    values = {
        "period": checker.mapped("period", month_start, PERIOD_WORDS, dtype=pl.Date),
        "org_code": checker.code("org_code", what=ORG_WORDS),
        "org_name": checker.required_text("org_name", what="the organisation's name"),
        "staff_group": without_prefix("staff_group"),
        "type": checker.mapped("type", turnover_type, TYPE_WORDS),
        "hc": checker.number("hc"),
        "fte": checker.number("fte"),
    }
    if checker.problems:
        return checker.result(table.frame, SCHEMA)
    frame = table.frame.select(pl.col(ROW), **values)
    checker.duplicates(frame, [*KEYS, "type"], "the same period, organisation, staff group and type")
    _check_denominators(checker, frame)
    if checker.problems:
        return checker.result(table.frame, SCHEMA)
    return checker.result(_pivot(frame), SCHEMA)


def _check_denominators(checker: Checker, frame: pl.DataFrame) -> None:
    """A problem on the first row of each group that has no Denoms row."""
    groups = frame.group_by(KEYS).agg(
        pl.col(ROW).min(), (pl.col("type") == "denoms").any().alias("_has_denoms"), pl.col("org_name").first()
    )
    lacking = groups.filter(~pl.col("_has_denoms")).sort(ROW)
    checker.add_rows(
        lacking,
        "type",
        lambda r: (
            f"{r['org_code']} {r['staff_group']} for {r['period']:%B %Y} has no Denoms row: "
            "the leaver and joiner rates need the number of staff"
        ),
    )


def _pivot(frame: pl.DataFrame) -> pl.DataFrame:
    sums = [
        pl.col(measure).filter(pl.col("type") == published).sum().alias(f"{prefix}_{measure}")
        for published, prefix in TYPES.items()
        for measure in ("hc", "fte")
    ]
    return (
        frame.group_by(KEYS)
        .agg(pl.col("org_name").first(), *sums)
        .with_columns(opening_hc=pl.lit(None, pl.Float64), stayers_hc=pl.lit(None, pl.Float64))
        .sort(KEYS)
    )
