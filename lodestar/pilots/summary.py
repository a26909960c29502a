"""Pilots by stage for the regional dashboard (``lodestar.core.summary``): one aggregate query."""

from __future__ import annotations

from django.db.models import Count

from lodestar.core.summary import SummaryTable
from lodestar.pilots.models import Decision, Pilot, Stage


def _rows(counts: dict[tuple[str, str], int]) -> tuple[tuple, ...]:
    rows = []
    for stage, label in Stage.choices:
        if stage != Stage.DECIDED:
            rows.append((label, sum(n for (s, _d), n in counts.items() if s == stage)))
    for decision, label in Decision.choices:
        if decision != Decision.ADAPT:  # adapt and retest goes back to running
            rows.append((f"Decided: {label.lower()}", counts.get((Stage.DECIDED, decision), 0)))
    return tuple(rows)


def regional_summary(organisation_ids) -> SummaryTable:
    """How many pilots of the given organisations are at each stage, and how the decided ones ended."""
    found = (
        Pilot.objects.filter(organisation_id__in=list(organisation_ids))
        .values_list("stage", "decision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(stage, decision): n for stage, decision, n in found}
    return SummaryTable(
        key="pilots",
        title="Pilots by stage",
        caption="The number of pilot and test-of-concept projects at each stage, and what was decided at the end.",
        columns=("Stage", "Pilots"),
        rows=_rows(counts),
    )
