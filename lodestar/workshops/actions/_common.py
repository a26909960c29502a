"""What every workshop action shares: its audit record (organisation = the workshop's lead
organisation) and the text rules the workshop forms have in common."""

from __future__ import annotations

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems


def record_event(actor, event, target, workshop, before=None, after=None) -> None:
    """Record ``event`` (a ``WorkshopEvent``) about ``target`` in ``workshop``'s lead organisation."""
    record(
        actor=actor,
        action=event,
        target=target,
        organisation=workshop.lead_organisation,
        before=before,
        after=after,
    )


def record_change(actor, event, target, workshop, fields: list[str], before=None) -> None:
    """Record ``event`` with ``target``'s ``fields`` as they are now as the "after" snapshot."""
    record_event(actor, event, target, workshop, before=before, after=snapshot(target, fields))


def required_text(problems: Problems, value, field: str, missing: str, label: str, limit: int) -> None:
    """``value`` is present (``missing`` when not), at most ``limit`` characters long and free of
    control characters (``Problems.text``)."""
    if problems.require(value, field, missing):
        problems.text(value, field, label, limit)


def check_choice(problems: Problems, value, field: str, allowed, message: str) -> None:
    if value not in allowed:
        problems.add(field, message)
