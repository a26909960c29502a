"""Learners by pathway for the regional dashboard (``lodestar.core.summary``): counts only."""

from __future__ import annotations

from django.db.models import Sum

from lodestar.core.summary import SummaryTable
from lodestar.pathways.models import CohortCount
from lodestar.pathways.queries import current_counts

COLUMNS = ("Pathway", "Enrolled", "Progressing", "Completed", "Withdrawn")


def regional_summary(organisation_ids) -> SummaryTable:
    """Each pathway owned by one of ``organisation_ids``, with its learners' current counts (the
    newest counts of each cohort at each stage, added up): one aggregate query."""
    rows = (
        current_counts(CohortCount.objects.filter(cohort__pathway__organisation_id__in=organisation_ids))
        .values("cohort__pathway__name", "cohort__pathway_id")
        .annotate(
            enrolled=Sum("enrolled"),
            progressing=Sum("progressing"),
            completed=Sum("completed"),
            withdrawn=Sum("withdrawn"),
        )
        .order_by("cohort__pathway__name", "cohort__pathway_id")
    )
    return SummaryTable(
        key="pathways",
        title="Learners by training pathway",
        caption="Learners on each training pathway now: enrolled, progressing, completed and withdrawn, "
        "from each cohort's latest counts.",
        columns=COLUMNS,
        rows=tuple(
            (r["cohort__pathway__name"], r["enrolled"], r["progressing"], r["completed"], r["withdrawn"]) for r in rows
        ),
    )
