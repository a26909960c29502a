"""Before and after figures from the imported workforce data, for a case study drafted from an
action plan (issue 12, item 2): the organisation's staff in post (FTE) and its leaver rate in the
month the work started and in the latest month loaded.

Read through ``lodestar.workforce.queries.figures`` (the author's reach) and aggregated with
``lodestar.workforce.figures.aggregate``, so small numbers from another organisation's own records
stay hidden (ADR 0027): a suppressed figure is left out rather than written down as a number.
Published statistics are used when loaded, else the organisations' own records; each row names
its source.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass

from django.db.models import QuerySet

from lodestar.orgs.models import Organisation
from lodestar.workforce import queries
from lodestar.workforce.figures import aggregate, ratio
from lodestar.workforce.glance import OWN_RECORDS_SOURCE, STAFF_IN_POST_SOURCE, TURNOVER_SOURCE
from lodestar.workforce.models import ImportStatus, StaffInPost, Turnover

NAME_MAX = 80  # characters of the organisation's name in a measure's label


@dataclass(frozen=True)
class Figure:
    """A result row: ``measure`` names the figure, the organisation and the source."""

    measure: str
    unit: str
    baseline: decimal.Decimal
    baseline_date: datetime.date
    after: decimal.Decimal
    after_date: datetime.date


def _cells(rows: QuerySet, sums: list[str]) -> tuple[dict, str]:
    """Cells by period from published figures, else from the organisations' own records."""
    for subset, source in ((queries.published_only(rows), ""), (queries.own_records_only(rows), OWN_RECORDS_SOURCE)):
        cells = {c["period"]: c for c in aggregate(subset, by=["period"], sums=sums, headcounts=sums)}
        if cells:
            return cells, source
    return {}, ""


def _before_and_after(cells: dict, start: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The latest period on or before ``start`` and the latest period of all, when they differ."""
    before = [period for period in cells if period <= start]
    if not before or max(cells) <= max(before):
        return None
    return max(before), max(cells)


def _amount(value) -> decimal.Decimal | None:
    if value is None:
        return None
    return decimal.Decimal(str(round(float(value), 2)))


def _figure(label: str, unit: str, cells: dict, periods, value) -> Figure | None:
    first, last = periods
    baseline, after = _amount(value(cells[first])), _amount(value(cells[last]))
    if baseline is None or after is None or cells[first]["suppressed"] or cells[last]["suppressed"]:
        return None
    return Figure(label[:200], unit, baseline, first, after, last)


def _staff_in_post(user, organisation: Organisation, start: datetime.date, groups: list[str]) -> Figure | None:
    rows = queries.beneath(queries.figures(user, StaffInPost), organisation)
    cells, own = _cells(rows.filter(staff_group__in=groups) if groups else rows, ["fte", "headcount"])
    periods = _before_and_after(cells, start)
    if periods is None:
        return None
    label = f"Staff in post (FTE), {organisation.name[:NAME_MAX]}. Source: {own or STAFF_IN_POST_SOURCE}"
    return _figure(label, "FTE", cells, periods, lambda cell: cell["fte"])


def _leaver_rate(user, organisation: Organisation, start: datetime.date, groups: list[str]) -> Figure | None:
    rows = queries.beneath(queries.figures(user, Turnover), organisation)
    cells, own = _cells(rows.filter(staff_group__in=groups) if groups else rows, ["leavers_hc", "denom_hc"])
    periods = _before_and_after(cells, start)
    if periods is None:
        return None
    label = f"Leaver rate over 12 months, {organisation.name[:NAME_MAX]}. Source: {own or TURNOVER_SOURCE}"
    return _figure(label, "%", cells, periods, lambda cell: ratio(cell["leavers_hc"], cell["denom_hc"]))


def before_and_after(user, organisation: Organisation, start: datetime.date | None, groups=()) -> list[Figure]:
    """The organisation's workforce figures at ``start`` and in the latest month, as ``user`` may
    see them ([] without a start date or without data on both sides of it). ``groups``: published
    staff groups (``lodestar.workforce.glance.published_groups``); empty means all staff."""
    if start is None or not queries.imports(user).filter(status=ImportStatus.LOADED).exists():
        return []
    groups = list(groups)
    found = [_staff_in_post(user, organisation, start, groups), _leaver_rate(user, organisation, start, groups)]
    return [f for f in found if f is not None]
