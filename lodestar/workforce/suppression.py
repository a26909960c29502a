"""Small numbers from an organisation's own records are hidden outside it (ADR 0027).

NHS publications suppress headcounts from 1 to 4 so that nobody can be picked out. Lodestar does
the same for every figure derived from an organisation's own data (an import with an
``organisation``) shown to someone outside that organisation: people whose reach includes it
through a role above it (ICS, region), platform staff, API clients and downloads alike. Inside
(a membership at the organisation itself) everything is shown. Published national files are
public and never suppressed.

The rule is applied to figures after they are aggregated (a cell of a table or chart, a row of a
download, an item of an API answer), by ``suppress`` and nowhere else: a cell that is
``restricted`` (any part of it comes from data the viewer is outside of) and has any headcount
from 1 to 4 shows none of its figures (a rate or an FTE would give the count away).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SMALLEST_SHOWN = 5  # headcounts 1..4 are suppressed; 0 is shown (nobody to pick out)
SUPPRESSED_TEXT = "*"  # how pages, CSV and XLSX downloads show a suppressed figure
SUPPRESSED_NOTE = "* fewer than 5 people: hidden to protect their privacy"


def is_small(headcount) -> bool:
    return headcount is not None and 0 < headcount < SMALLEST_SHOWN


def suppress(
    rows: Iterable[dict],
    *,
    headcounts: Sequence[str],
    figures: Sequence[str],
    restricted: str = "restricted",
) -> list[dict]:
    """Copies of ``rows`` in which every restricted row with a small value in any of
    ``headcounts`` has each of ``headcounts`` and ``figures`` set to None and ``suppressed``
    True. Other rows get ``suppressed`` False. The ``restricted`` key is dropped."""
    out = []
    for row in rows:
        row = dict(row)
        hidden = bool(row.pop(restricted, False)) and any(is_small(row.get(k)) for k in headcounts)
        if hidden:
            for key in (*headcounts, *figures):
                row[key] = None
        row["suppressed"] = hidden
        out.append(row)
    return out


def shown(value, places: int = 1) -> str:
    """A figure as text for a table or a download: "*" when suppressed (None), else the number."""
    if value is None:
        return SUPPRESSED_TEXT
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{places}f}"
    return f"{int(value):,}"
