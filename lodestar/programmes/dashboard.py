"""The regional dashboard's tables: programmes by theme and status, and each regional programme
app's ``regional_summary`` (``lodestar.core.summary``), over the organisations the reader sees
(optionally one ICS and what is beneath it). Each table becomes an accessible grey bar chart
with the same table beneath it, and a CSV or XLSX download.

Counts only: every summary takes organisation ids and returns aggregates, so no individual's
record reaches this page (the talent summary suppresses headcounts of 1 to 4 itself).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from lodestar.core.summary import SummaryTable
from lodestar.core.tabular import Sheet, to_csv, to_workbook
from lodestar.networks import summary as networks_summary
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.pathways import summary as pathways_summary
from lodestar.pilots import summary as pilots_summary
from lodestar.programmes import summary as programmes_summary
from lodestar.roles import summary as roles_summary
from lodestar.talent import summary as talent_summary
from lodestar.workforce import charts

# In the order the dashboard shows them. Each app's summary module is its contract with this page.
SUMMARIES: Sequence[Callable[[list[int]], SummaryTable]] = (
    programmes_summary.regional_summary,  # programmes by theme and status
    pilots_summary.regional_summary,  # pilots by stage
    roles_summary.regional_summary,  # new roles: posts filled against planned
    pathways_summary.regional_summary,  # learners by pathway stage
    talent_summary.regional_summary,  # leadership pipeline health (small counts suppressed)
    networks_summary.regional_summary,  # network reach across ICSs and sectors
)


def organisation_ids(user, ics: Organisation | None = None) -> list[int]:
    """The organisations the reader reaches with VIEW, narrowed to one ICS and what is beneath it."""
    reach = Organisation.objects.in_reach(user, Permission.VIEW)
    if ics is not None:
        reach = reach.filter(path__startswith=ics.path)
    return list(reach.values_list("pk", flat=True))


def tables(ids: list[int]) -> list[SummaryTable]:
    return [summarise(ids) for summarise in SUMMARIES]


def _series_columns(table: SummaryTable) -> list[int]:
    """The columns drawn as bars: every number column but a total (the table beneath has it)."""
    return [i for i, name in enumerate(table.columns) if i > 0 and name.lower() != "total"]


def chart(table: SummaryTable) -> Markup | None:
    """A grey horizontal bar chart of the table (a group per row, a bar per column); None when empty."""
    if not table.rows:
        return None
    columns = _series_columns(table)
    return charts.hbar_chart(
        uid=f"dashboard-{table.key}",
        title=table.title,
        description=f"{table.caption} The table beneath gives the figures; * marks a count of fewer than 5.",
        labels=[str(row[0]) for row in table.rows],
        series=[charts.Series(table.columns[i], [row[i] for row in table.rows]) for i in columns],
    )


def cell(value) -> str:
    if value is None:
        return "fewer than 5"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _download_rows(table: SummaryTable) -> list[list]:
    """The rows with a suppressed count written out in words; numbers stay numbers."""
    return [["fewer than 5" if v is None else v for v in row] for row in table.rows]


def csv_body(table: SummaryTable) -> bytes:
    return to_csv(list(table.columns), _download_rows(table)).encode("utf-8-sig")


def xlsx_body(found: list[SummaryTable]) -> bytes:
    sheets = [
        Sheet(title=t.title.replace(":", "")[:31], columns=list(t.columns), rows=_download_rows(t)) for t in found
    ]
    return to_workbook(sheets, title="Regional programmes dashboard")
