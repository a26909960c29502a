"""Where a network's members come from: counts by ICS and by sector, and the plain sentence that
says whether it really crosses boundaries."""

from __future__ import annotations

import dataclasses

from django.db.models import Count

from lodestar.core.words import plural
from lodestar.networks.models import MemberStatus, Network
from lodestar.networks.sectors import sector_label

NO_ICS = "Not in an ICS (regional or national bodies)"


@dataclasses.dataclass(frozen=True)
class Reach:
    members: int
    by_ics: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]

    @property
    def icss(self) -> int:
        return sum(1 for name, _n in self.by_ics if name != NO_ICS)

    @property
    def sectors(self) -> int:
        return len(self.by_sector)

    @property
    def crosses(self) -> bool:
        return self.icss > 1 or self.sectors > 1

    def sentence(self) -> str:
        if not self.members:
            return "The network has no members yet."
        where = f"Members come from {plural(self.icss, 'ICS')} and {plural(self.sectors, 'sector')}"
        if self.crosses:
            return f"{where}: it crosses organisational boundaries."
        return f"{where}: it does not cross boundaries yet."


def _sorted(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def of(network: Network) -> Reach:
    """Members of ``network`` by ICS and by sector (two aggregate queries)."""
    members = network.members.filter(status=MemberStatus.MEMBER)
    by_ics = {
        row["ics__name"] or NO_ICS: row["n"] for row in members.values("ics__name").annotate(n=Count("pk")).order_by()
    }
    by_sector = {
        sector_label(row["sector"]): row["n"] for row in members.values("sector").annotate(n=Count("pk")).order_by()
    }
    return Reach(sum(by_ics.values()), _sorted(by_ics), _sorted(by_sector))
