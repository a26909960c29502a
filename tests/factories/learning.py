"""Factories for case studies: written through the actions, so each is audited and scoped."""

from __future__ import annotations

import datetime

from lodestar.learning import actions
from lodestar.learning.models import CaseStudy, Status
from tests.factories import UserFactory

SECTIONS = {
    "challenge": "Too many newly qualified nurses left within their first year.",
    "what_changed": "A twelve-month preceptorship with protected learning time and a named mentor.",
    "who_led": "The chief nurse and the practice education team.",
    "costs": "Two practice educators, 1.6 FTE.",
    "lessons": "Protect the time on the rota, or it disappears.",
    "contact": "Practice education team, education@example.nhs.uk",
}


def case_study(
    organisation,
    *,
    author=None,
    title: str = "Keeping newly qualified nurses",
    status: Status = Status.DRAFT,
    visibility: str = "organisation",
    reviewer=None,
    **data,
) -> CaseStudy:
    """A case study at ``organisation`` moved through the workflow to ``status``. ``author``
    (default: platform staff) writes it and ``reviewer`` (default: platform staff) reviews it."""
    staff = UserFactory(is_platform_staff=True) if author is None or reviewer is None else None
    author = author or staff
    reviewer = reviewer or staff
    values = {**SECTIONS, "title": title, "visibility": visibility, "sector": "nhs", **data}
    cs = actions.start_case_study(actor=author, organisation=organisation, data=values)
    if status == Status.DRAFT:
        return cs
    actions.add_result(
        actor=author,
        case_study=cs,
        measure="Nurses leaving in their first year",
        unit="%",
        baseline="24",
        baseline_date=datetime.date(2024, 3, 31),
        after="11",
        after_date=datetime.date(2025, 3, 31),
    )
    cs = actions.submit(actor=author, case_study=cs)
    if status == Status.SUBMITTED:
        return cs
    cs = actions.mark_reviewed(actor=reviewer, case_study=cs)
    if status == Status.REVIEWED:
        return cs
    return actions.publish(actor=reviewer, case_study=cs)
