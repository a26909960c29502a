"""The leadership pipeline in figures: counts only, never a name, small numbers suppressed.

What ICS and regional users (and everyone else with a view of the organisations) see instead
of individual records: people by readiness for a next role (each person's latest conversation)
by organisation, by staff group and by each equality question people answered, and critical
posts (with those at high risk and those without a successor ready now) by organisation. Each
table is a ``lodestar.core.summary.SummaryTable`` with a total row, its counts passed through
``suppression.protect`` (None where hidden). One aggregate query per table.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from lodestar.core.summary import SummaryTable
from lodestar.orgs.models import Organisation
from lodestar.talent.models import (
    EQUALITY_FIELDS,
    STAFF_GROUPS,
    Readiness,
    SuccessionPlan,
    Successor,
    TalentConversation,
)
from lodestar.talent.suppression import protect, with_totals

READINESS = [key for key, _words in Readiness.choices]
READINESS_COLUMNS = tuple(words for _key, words in Readiness.choices) + ("All",)
NOT_REPORTED = "Not reported"


def latest_conversations(organisation_ids):
    return TalentConversation.objects.filter(latest=True, organisation_id__in=organisation_ids)


def _grid(counts: dict[tuple, int], labels: list[tuple[str, str]], columns: list[str]):
    """Rows (label, counts...) for the labels that have anyone, a total row, all protected."""
    present = [(key, words) for key, words in labels if any(counts.get((key, c)) for c in columns)]
    grid = with_totals([[counts.get((key, c), 0) for c in columns] for key, _words in present])
    safe = protect(grid) if present else []
    names = [words for _key, words in present] + ["Total"]
    return tuple((name, *row) for name, row in zip(names, safe, strict=False))


def _by_readiness(organisation_ids, field: str) -> dict[tuple, int]:
    rows = latest_conversations(organisation_ids).values(field, "readiness").annotate(n=Count("pk"))
    return {(row[field], row["readiness"]): row["n"] for row in rows}


def by_organisation(organisation_ids) -> SummaryTable:
    counts = _by_readiness(organisation_ids, "organisation_id")
    names = Organisation.objects.filter(pk__in={key for key, _r in counts}).order_by("name").values_list("pk", "name")
    return SummaryTable(
        key="pipeline-by-organisation",
        title="Leadership pipeline by organisation",
        caption="People with a talent conversation, by how ready they are for a next role (their latest conversation).",
        columns=("Organisation", *READINESS_COLUMNS),
        rows=_grid(counts, list(names), READINESS),
    )


def by_staff_group(organisation_ids) -> SummaryTable:
    return SummaryTable(
        key="pipeline-by-staff-group",
        title="Leadership pipeline by staff group",
        caption="People with a talent conversation, by staff group and readiness for a next role.",
        columns=("Staff group", *READINESS_COLUMNS),
        rows=_grid(_by_readiness(organisation_ids, "staff_group"), STAFF_GROUPS, READINESS),
    )


def by_equality(organisation_ids, field: str) -> SummaryTable:
    label, choices = EQUALITY_FIELDS[field]
    return SummaryTable(
        key=f"pipeline-by-{field.replace('_', '-')}",
        title=f"Leadership pipeline by {label.lower()}",
        caption=f"What people reported about their {label.lower()}, by readiness for a next role. "
        "People choose whether to answer.",
        columns=(label, *READINESS_COLUMNS),
        rows=_grid(_by_readiness(organisation_ids, field), [*choices, ("", NOT_REPORTED)], READINESS),
    )


def critical_posts(organisation_ids) -> SummaryTable:
    ready = Successor.objects.filter(plan=OuterRef("pk"), readiness=Readiness.READY_NOW)
    rows = (
        SuccessionPlan.objects.filter(organisation_id__in=organisation_ids)
        .annotate(has_ready=Exists(ready))
        .values("organisation__name")
        .annotate(
            posts=Count("pk"), high=Count("pk", filter=Q(risk="high")), uncovered=Count("pk", filter=Q(has_ready=False))
        )
        .order_by("organisation__name")
    )
    grid = [[row["posts"], row["high"], row["uncovered"]] for row in rows]
    totals = [sum(column) for column in zip(*grid, strict=False)] if grid else [0, 0, 0]
    # Columns are not parts of a whole: each is protected down its column, against its total.
    safe_columns = [[r[0] for r in protect([[v] for v in column])] for column in zip(*grid, totals, strict=False)]
    names = [row["organisation__name"] for row in rows] + ["Total"]
    return SummaryTable(
        key="critical-posts",
        title="Critical posts and their successors",
        caption="Critical posts with a succession plan, those at high risk of loss, and those without a successor ready now.",
        columns=("Organisation", "Critical posts", "High risk of loss", "Without a successor ready now"),
        rows=tuple((name, *values) for name, *values in zip(names, *safe_columns, strict=False)) if grid else (),
    )


def every_table(organisation_ids) -> list[SummaryTable]:
    ids = list(organisation_ids)
    return [
        by_organisation(ids),
        by_staff_group(ids),
        critical_posts(ids),
        *(by_equality(ids, field) for field in EQUALITY_FIELDS),
    ]
