"""The shape every regional programme app gives the regional dashboard (issue 13, item 7).

Each of ``lodestar.programmes``, ``pilots``, ``roles``, ``pathways``, ``talent`` and ``networks``
has a ``summary.py`` with ``regional_summary(organisation_ids) -> SummaryTable``: one small table
of counts over the organisations given (the ones the reader may see), computed in a few
aggregate queries, with no individual's record in it. The dashboard draws each as an accessible
chart with the same table beneath it and offers the tables as downloads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryTable:
    """``columns[0]`` names the label column; each row is its label followed by one number per
    other column. ``None`` in a row is a suppressed count (1 to 4 people): shown as "fewer than 5"."""

    key: str  # stable identifier, e.g. "pilots"; used for download file names and anchors
    title: str  # "Pilots by stage"
    caption: str  # one plain sentence saying what the numbers are
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.key}: a row has {len(row)} values for {len(self.columns)} columns")
