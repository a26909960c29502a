"""NHS Vacancy Statistics: vacancies (FTE) and vacancy rates, quarterly, by area and staff group.

NHS England publishes vacancy statistics as tables in spreadsheets, with no single CSV layout,
so Lodestar takes this template (a CSV, or an Excel sheet under any title rows)::

    period, org_code, org_name, staff_group, vacancies_fte, vacancy_rate_percent

or, for regional figures, ``region_code, region_name`` in place of ``org_code, org_name`` (when a
file has both, the organisation columns are used). For example::

    period,region_code,region_name,staff_group,vacancies_fte,vacancy_rate_percent
    2022-09-30,Y56,London,Registered nurses,10234.5,14.1

``period`` names a quarter, in one of these forms (``periods.quarter_month``):

* the quarter's last day: ``2022-09-30`` or ``30/09/2022`` (the published "at 30 September 2022");
* a calendar quarter with one year: ``2022 Q3`` or ``Q3 2022`` (July to September 2022);
* a financial-year quarter with two years: ``Q3 2022/23``, ``2022/23 Q3`` or ``2022-23 Q3``
  (Q1 is April to June, so Q3 2022/23 is October to December 2022).

Tidy output (``schemas.VACANCIES``), one row per period, area and staff group::

    period         Date     first day of the quarter's last month (2022-09-30 -> 2022-09-01)
    area_code      String   org_code or region_code, upper case (3 to 6 letters/digits: RA1, Y56)
    area_name      String   org_name or region_name
    staff_group    String   without a numeric prefix ("005_Nurses" -> "Nurses")
    vacancies_fte  Float64  0 or more
    vacancy_rate   Float64  per cent of establishment (planned posts), 0 to 100 ("11.9" or "11.9%")

Problems: a period that is not a quarter, a rate outside 0 to 100, negative or non-numeric
vacancies, and a period, area and staff group given twice.
"""

from __future__ import annotations

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import ROW, Checker, Problem, as_table, missing, no_columns, without_prefix
from lodestar.ingest.periods import quarter_month

NAME = "vacancies"
LABEL = "NHS Vacancy Statistics"
SCHEMA = schemas.VACANCIES

MEASURES = ("period", "staff_group", "vacancies_fte", "vacancy_rate_percent")
AREAS = (("org_code", "org_name"), ("region_code", "region_name"))

PERIOD_WORDS = "a quarter (such as 2022-09-30, 2022 Q3 or Q2 2022/23)"
AREA_WORDS = "an organisation or region code (3 to 6 letters and digits, such as RA1 or Y56)"


def _area(header: list[str]) -> tuple[str, str] | None:
    return next((pair for pair in AREAS if pair[0] in header), None)


def detect(header: list[str]) -> bool:
    """True for the template's header: the four measures and org_code or region_code."""
    return not missing(header, MEASURES) and _area(header) is not None


def why_not(header: list[str]) -> str:
    gone = missing(header, MEASURES)
    if _area(header) is None:
        gone.append("org_code (or region_code)")
    return no_columns(gone) if gone else "it has the columns of vacancies"


def read(file, name: str | None = None, **options) -> tuple[pl.DataFrame, list[Problem]]:
    """The file's vacancies as ``SCHEMA`` (empty when any problem), and the problems."""
    table = as_table(file, name, detect)
    checker = Checker(table)
    code, area_name = _area(table.header) or AREAS[0]
    if not checker.require_columns([*MEASURES, code, area_name], LABEL) or not checker.require_rows():
        return checker.result(table.frame, SCHEMA)
    checker.required_text("staff_group", what="a staff group")
    values = {
        "period": checker.mapped("period", quarter_month, PERIOD_WORDS, dtype=pl.Date),
        "area_code": checker.code(code, what=AREA_WORDS),
        "area_name": checker.required_text(area_name, what="the area's name"),
        "staff_group": without_prefix("staff_group"),
        "vacancies_fte": checker.number("vacancies_fte"),
        "vacancy_rate": checker.number("vacancy_rate_percent", maximum=100, percent=True),
    }
    if checker.problems:
        return checker.result(table.frame, SCHEMA)
    frame = table.frame.select(pl.col(ROW), **values)
    checker.duplicates(frame, ["period", "area_code", "staff_group"], "the same period, area and staff group")
    return checker.result(frame.sort(["period", "area_code", "staff_group"]), SCHEMA)
