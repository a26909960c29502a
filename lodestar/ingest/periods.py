"""Periods as published, read into the first day of the month a figure is for.

Monthly figures (staff in post, turnover)::

    month_start("2024-09-30")      -> 2024-09-01      # ISO date (also "2024-09-30 00:00:00" from Excel)
    month_start("30/09/2024")      -> 2024-09-01      # day/month/year, as English spreadsheets write it
    month_start("September 2024")  -> 2024-09-01      # also "Sep 2024", "Sep-24"
    month_start("2024-09")         -> 2024-09-01
    month_start("202409")          -> 2024-09-01      # YYYYMM, the turnover files' period

Quarterly figures (vacancies) are dated by the quarter's last month::

    quarter_month("2022-09-30")    -> 2022-09-01      # a quarter's last day (30/09/2022 too)
    quarter_month("2022 Q3")       -> 2022-09-01      # a calendar quarter (also "Q3 2022"): Jul-Sep
    quarter_month("Q3 2022/23")    -> 2022-12-01      # a financial-year quarter: Q1 Apr-Jun ... Q4 Jan-Mar
                                                      # (also "2022/23 Q3", "2022-23 Q3")

Anything else gives None: the ingestor reports the row and column. Plain Python: a file's
periods are few, so each distinct text is read once (``Checker.mapped``).
"""

from __future__ import annotations

import calendar
import datetime
import re

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9

EARLIEST, LATEST = 1948, 2100  # the NHS began in 1948; later than 2100 is a typing slip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YYYYMM = re.compile(r"^(\d{4})(\d{2})$")
_NAMED = re.compile(r"^([A-Za-z]+)[\s\-]+(\d{2}|\d{4})$")
_CALENDAR_QUARTER = re.compile(r"^(?:(\d{4})\s*Q([1-4])|Q([1-4])\s*(\d{4}))$", re.IGNORECASE)
_FINANCIAL_QUARTER = re.compile(
    r"^(?:Q([1-4])\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})|(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*Q([1-4]))$", re.IGNORECASE
)


def _first(year: int, month: int, day: int = 1) -> datetime.date | None:
    if not EARLIEST <= year <= LATEST:
        return None
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return datetime.date(year, month, 1)


def _date(text: str) -> datetime.date | None:
    """A full date (ISO or day/month/year), or None."""
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None
    if _first(year, month, day) is None:
        return None
    return datetime.date(year, month, day)


def month_start(text: str | None) -> datetime.date | None:
    """The first day of the month ``text`` names (see the module's examples), or None."""
    text = (text or "").strip()
    if (day := _date(text)) is not None:
        return day.replace(day=1)
    if match := _YEAR_MONTH.match(text) or _YYYYMM.match(text):
        return _first(int(match.group(1)), int(match.group(2)))
    if (match := _NAMED.match(text)) and (month := MONTHS.get(match.group(1).lower())):
        year = int(match.group(2))
        return _first(year + 2000 if year < 100 else year, month)
    return None


def quarter_month(text: str | None) -> datetime.date | None:
    """The first day of the last month of the quarter ``text`` names, or None (a date must be the
    quarter's last day: 2022-09-30, not 2022-09-15)."""
    text = (text or "").strip()
    if (day := _date(text)) is not None:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1) if day.month % 3 == 0 and day.day == last else None
    if match := _CALENDAR_QUARTER.match(text):
        year = int(match.group(1) or match.group(4))
        quarter = int(match.group(2) or match.group(3))
        return _first(year, quarter * 3)
    if match := _FINANCIAL_QUARTER.match(text):
        quarter = int(match.group(1) or match.group(6))
        start = int(match.group(2) or match.group(4))
        end = match.group(3) or match.group(5)
        if int(end) % 100 != (start + 1) % 100:  # 2022/23: the second year follows the first
            return None
        return _first(start + 1, 3) if quarter == 4 else _first(start, quarter * 3 + 3)
    return None
