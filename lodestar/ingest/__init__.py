"""Published NHS and ONS workforce files, and organisations' own staff records, into tidy frames.

One module per source in ``lodestar.ingest.sources``, each with::

    NAME, LABEL, SCHEMA                       # "staff_in_post", words for people, schemas.STAFF_IN_POST
    detect(header) -> bool                    # the normalised header names are this source's
    why_not(header) -> str                    # why not, in a sentence ("it has no column total_fte")
    read(file, name=None, **options) -> (frame, problems)

``identify`` says which source a file's header is, and why not each other one. Pure Polars, no
Django (ADR 0003, 0025); ``lodestar.workforce`` stores the frames and ``scenario_inputs`` turns
them into an engine scenario's cohorts, rates and demand.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.ingest.common import IngestError, Problem, RawTable, open_table
from lodestar.ingest.sources import REGISTRY

__all__ = ["REGISTRY", "Detection", "IngestError", "Problem", "RawTable", "identify", "open_any", "source"]


def source(name: str):
    """The ingestor module called ``name`` (KeyError for an unknown one)."""
    return REGISTRY[name]


@dataclass(frozen=True)
class Detection:
    name: str | None  # the source detected, or None
    reason: str  # why this one (or why none matched)
    others: dict[str, str]  # every other source: why not


def identify(header: list[str], expected: str | None = None) -> Detection:
    """Which source ``header`` (normalised names) is. With ``expected``, only that source is
    tried, and the reason says what is missing when it does not match."""
    candidates = [expected] if expected else list(REGISTRY)
    why_not = {name: REGISTRY[name].why_not(header) for name in REGISTRY}
    for name in candidates:
        if REGISTRY[name].detect(header):
            reason = f"the header has the columns of {REGISTRY[name].LABEL}"
            return Detection(name, reason, {k: v for k, v in why_not.items() if k != name})
    if expected:
        return Detection(None, f"This is not a file of {REGISTRY[expected].LABEL}: {why_not[expected]}.", why_not)
    reasons = "; ".join(f"not {REGISTRY[k].LABEL}: {v}" for k, v in why_not.items())
    return Detection(None, f"Lodestar could not tell what this file is ({reasons}).", why_not)


def open_any(name: str, data) -> RawTable:
    """Open a file whose header any source recognises (else the first row with 3+ names)."""

    def looks_like_header(header: list[str]) -> bool:
        return any(module.detect(header) for module in REGISTRY.values())

    try:
        return open_table(name, data, looks_like_header=looks_like_header)
    except IngestError as exc:
        if "No header" not in str(exc):
            raise
        return open_table(name, data)
