"""Programmes by theme and status for the regional dashboard (``lodestar.core.summary``): counts
only, in one aggregate query over the organisations given (the programmes they own)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from lodestar.core.summary import SummaryTable
from lodestar.programmes.models import Programme, ProgrammeStatus


def regional_summary(organisation_ids: Iterable[int]) -> SummaryTable:
    """One row per theme (by name, so an ICS's and a region's themes of the same name add up),
    a column per status and the total."""
    counts = (
        Programme.objects.filter(organisation_id__in=list(organisation_ids))
        .values_list("theme__name", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_theme: dict[str, dict[str, int]] = {}
    for theme, status, n in counts:
        by_theme.setdefault(theme, {})[status] = n
    statuses = ProgrammeStatus.values
    rows = tuple(
        (theme, *(by_theme[theme].get(s, 0) for s in statuses), sum(by_theme[theme].values()))
        for theme in sorted(by_theme)
    )
    return SummaryTable(
        key="programmes",
        title="Programmes by theme and status",
        caption="How many programmes each theme has, by status, run by the organisations shown.",
        columns=("Theme", *ProgrammeStatus.labels, "Total"),
        rows=rows,
    )
