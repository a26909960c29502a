"""NHS Workforce Statistics: staff in post, monthly, by organisation, staff group and AfC band.

Takes the published CSV files (inside the monthly "NHS Workforce Statistics, <Month YYYY> csv
files" zip) and the Excel editions, whose title and notes rows above the table are skipped (the
header is found within the first 20 rows). Columns, as published (any case and spacing)::

    Date, NHSE_Region_Name (older: HEE_Region_Name), ICS name, Org code, Org name,
    Main Staff Group, Staff Group 1, Staff Group 2, Care Setting, Level, AfC Band, Total FTE,
    Total Headcount (or Headcount)

Needed: Date, Org code, Org name, Staff Group 1, Total FTE and a headcount column. AfC Band may be
absent (band is then ""); the region, ICS, main staff group, staff group 2, care setting and level
columns are read past.

Tidy output (``schemas.STAFF_IN_POST``), one row per period, organisation, staff group and band::

    period      Date     first day of the month of Date (2024-09-30 -> 2024-09-01)
    org_code    String   Org code, upper case; must look like an ODS code (3 to 6 letters/digits)
    org_name    String   Org name (the first spelling in the file for each code)
    staff_group String   Staff Group 1 without its numeric prefix ("005_Nurses & health visitors"
                         -> "Nurses & health visitors")
    band        String   "Band 1" ... "Band 9", "Band 8a" ... "Band 8d", "Very Senior Manager",
                         "Non AfC Grade" (published non-AfC values begin with N: "N_Non AfC Grade");
                         "" when the file has no AfC Band column
    age_band    String   "" (published files have no ages)
    fte         Float64  sum of Total FTE
    headcount   Int64    sum of the headcount column

Published rows are split by care setting, level and staff group 2, so rows with the same period,
organisation, staff group and band are summed. (A person in two roles is counted once in a
published total but once in each row here: summed headcounts can exceed the published total
slightly. FTE sums exactly.)

Dates are read as 2024-09-30, 30/09/2024, "September 2024", "2024-09" or 202409 (``periods``).

Headcount is required: the figure tables store a headcount for every row, and a figure made up
(zero, or FTE rounded) would be shown as if published. An edition without a headcount column is
refused with a problem that names the column to add.
"""

from __future__ import annotations

import re

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import NUMERIC_PREFIX, Checker, Problem, as_table, missing, no_columns, without_prefix
from lodestar.ingest.periods import month_start

NAME = "staff_in_post"
LABEL = "NHS Workforce Statistics: staff in post"
SCHEMA = schemas.STAFF_IN_POST

IDENTIFYING = {"date": "Date", "org_code": "Org code", "staff_group_1": "Staff Group 1", "total_fte": "Total FTE"}
REQUIRED = {**IDENTIFYING, "org_name": "Org name"}
HEADCOUNT = ("total_headcount", "headcount")
BAND = "afc_band"

DATE_WORDS = "a date (such as 2024-09-30, 30/09/2024 or September 2024)"
BAND_WORDS = "an AfC band (Band 1 to Band 9, Band 8a to Band 8d, Very Senior Manager or Non AfC Grade)"
ORG_WORDS = "an organisation code (3 to 6 letters and digits, such as RA1)"

_BAND = re.compile(r"^(?:afc )?band ([1-9])(?: ?(?:range )?([a-d]))?$")


def detect(header: list[str]) -> bool:
    """True for a header with Date, Org code, Staff Group 1 and Total FTE."""
    return not missing(header, IDENTIFYING)


def why_not(header: list[str]) -> str:
    gone = missing(header, IDENTIFYING)
    if not gone:
        return "it has the columns of staff in post"
    return no_columns([IDENTIFYING[c] for c in gone])


def afc_band(text: str) -> str | None:
    """A published AfC band value in the tidy spelling, or None when it is not one."""
    plain = re.sub(NUMERIC_PREFIX, "", text.strip())
    words = " ".join(plain.lower().replace("_", " ").replace("-", " ").split())
    if match := _BAND.match(words):
        number, letter = match.groups()
        if letter and number != "8":
            return None
        return f"Band {number}{letter or ''}"
    if words in ("very senior manager", "vsm", "very senior managers"):
        return "Very Senior Manager"
    if plain[:1] in ("N", "n") and (words.startswith("n ") or words.startswith("non")):
        return "Non AfC Grade"
    return None


def read(file, name: str | None = None, **options) -> tuple[pl.DataFrame, list[Problem]]:
    """The file's staff in post as ``SCHEMA`` (empty when any problem), and the problems."""
    table = as_table(file, name, detect)
    checker = Checker(table)
    headcount = next((c for c in HEADCOUNT if c in table.header), None)
    if not checker.require_columns(list(REQUIRED), LABEL, REQUIRED) or not checker.require_rows():
        return checker.result(table.frame, SCHEMA)
    if headcount is None:
        checker.add(
            table.header_row,
            None,
            "The file has no headcount column: use the edition with Total Headcount (or a column "
            "called Headcount) beside Total FTE",
        )
        return checker.result(table.frame, SCHEMA)
    values = _values(checker, headcount)
    if checker.problems:
        return checker.result(table.frame, SCHEMA)
    return checker.result(_aggregate(table.frame.select(**values)), SCHEMA)


def _values(checker: Checker, headcount: str) -> dict[str, pl.Expr]:
    """Each tidy column as an expression over the raw table, problems recorded on ``checker``."""
    header = checker.table.header
    checker.required_text("staff_group_1", what="a staff group")
    return {
        "period": checker.mapped("date", month_start, DATE_WORDS, dtype=pl.Date),
        "org_code": checker.code("org_code", what=ORG_WORDS),
        "org_name": checker.required_text("org_name", what="the organisation's name"),
        "staff_group": without_prefix("staff_group_1"),
        "band": checker.mapped(BAND, afc_band, BAND_WORDS) if BAND in header else pl.lit(""),
        "fte": checker.number("total_fte"),
        "headcount": checker.number(headcount, integer=True),
    }


def _aggregate(frame: pl.DataFrame) -> pl.DataFrame:
    keys = ["period", "org_code", "staff_group", "band"]
    return (
        frame.group_by(keys)
        .agg(pl.col("org_name").first(), pl.col("fte").sum(), pl.col("headcount").sum())
        .with_columns(age_band=pl.lit(""))
        .sort(keys)
    )
