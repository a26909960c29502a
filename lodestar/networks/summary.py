"""Network reach for the regional dashboard (``lodestar.core.summary``): one aggregate query.

A row per network hosted by the organisations given that has members: how many members, and
how many ICSs and sectors they come from (a network that crosses boundaries has more than one)."""

from __future__ import annotations

from django.db.models import Count, Q

from lodestar.core.summary import SummaryTable
from lodestar.networks.models import MemberStatus, Network

MEMBER = Q(members__status=MemberStatus.MEMBER)


def regional_summary(organisation_ids) -> SummaryTable:
    """Networks hosted by ``organisation_ids`` with their members, ICSs and sectors."""
    found = (
        Network.objects.filter(host_id__in=list(organisation_ids))
        .annotate(
            people=Count("members", filter=MEMBER, distinct=True),
            icss=Count("members__ics", filter=MEMBER, distinct=True),
            sectors=Count("members__sector", filter=MEMBER, distinct=True),
        )
        .filter(people__gt=0)
        .order_by("name", "pk")
        .values_list("name", "people", "icss", "sectors")
    )
    return SummaryTable(
        key="networks",
        title="Network reach",
        caption="Each network with members: how many, and how many integrated care systems and sectors they come from.",
        columns=("Network", "Members", "ICSs", "Sectors"),
        rows=tuple(tuple(row) for row in found),
    )
