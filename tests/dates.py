"""Dates as a browser sends them from the NHS.UK date input: three boxes per date
(``<name>-day``, ``<name>-month``, ``<name>-year``; ``lodestar.core.forms.UKDateField``).

    client.post(url, boxes({"title": "Hire", "due_date": "2027-03-31"}))
    # {"title": "Hire", "due_date-day": "31", "due_date-month": "3", "due_date-year": "2027"}
"""

from __future__ import annotations

import datetime

# The names of the date fields on Lodestar's forms.
DATE_FIELDS = ("date", "start_date", "due_date", "starts_on", "ends_on", "latest_on")


def date_boxes(name: str, value) -> dict[str, str]:
    """One date as its three boxes: ``value`` a date, "2027-03-31", "31/03/2027" or "" (empty boxes)."""
    if isinstance(value, datetime.date):
        day, month, year = str(value.day), str(value.month), str(value.year)
    elif not value:
        day = month = year = ""
    elif "/" in value:
        day, month, year = value.split("/")
    else:
        year, month, day = value.split("-")
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def boxes(data: dict) -> dict:
    """``data`` with each date field (``DATE_FIELDS``) written as its three boxes."""
    out = {}
    for name, value in data.items():
        if name in DATE_FIELDS and (value is None or isinstance(value, str | datetime.date)):
            out.update(date_boxes(name, value))
        else:
            out[name] = value
    return out
