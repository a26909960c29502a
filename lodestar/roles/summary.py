"""New roles posts for the regional dashboard (``lodestar.core.summary``): counts only."""

from __future__ import annotations

from django.db.models import Sum

from lodestar.core.summary import SummaryTable
from lodestar.roles.models import PostCount
from lodestar.roles.queries import current_posts

COLUMNS = ("Role", "Posts planned", "Posts funded", "Posts filled")


def _number(value) -> float:
    number = float(value or 0)
    return int(number) if number.is_integer() else number


def regional_summary(organisation_ids) -> SummaryTable:
    """Each new role at ``organisation_ids``, by role name: the posts planned, funded and filled now
    (each entry's newest counts, added up): one aggregate query."""
    rows = (
        current_posts(PostCount.objects.filter(role__organisation_id__in=organisation_ids))
        .values("role__name")
        .annotate(planned=Sum("planned"), funded=Sum("funded"), filled=Sum("filled"))
        .order_by("role__name")
    )
    return SummaryTable(
        key="roles",
        title="New roles: posts filled against planned",
        caption="Posts in each new role now: planned, funded and filled, from each organisation's latest counts.",
        columns=COLUMNS,
        rows=tuple((r["role__name"], _number(r["planned"]), _number(r["funded"]), _number(r["filled"])) for r in rows),
    )
