"""Demo data for the Star: the shipped national catalogue (called by the demo-data command)."""

from __future__ import annotations

from lodestar.star import actions


def load(actor=None) -> actions.LoadResult:
    """Load (or refresh) the national catalogue from the shipped data file. Idempotent."""
    return actions.load_catalogue(actor=actor)
