"""The rules of adoption that need no database: the order of the stages, and whether an adoption
was maintained six months or more after it began (RE-AIM's maintenance), derived from the history.

Maintained means: the organisation first reached *adopted* (or went straight to *embedded*) on a
day A, at least ``MAINTAINED_DAYS`` days before today, and for those days after A it stayed
adopted or embedded (no step back to piloting or earlier, and not discontinued). What happens
after that does not undo it: a practice kept for a year and then stopped was maintained.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from lodestar.learning.models import Stage

MAINTAINED_DAYS = 183  # six months
IN_USE = frozenset({Stage.ADOPTED, Stage.EMBEDDED})
ORDER = [Stage.AWARE, Stage.EXPLORING, Stage.PILOTING, Stage.ADOPTED, Stage.EMBEDDED, Stage.DISCONTINUED]


def first_adopted(history: Iterable[tuple[str, datetime.date]]) -> datetime.date | None:
    """The day the organisation first reached adopted or embedded, or None."""
    return next((on for stage, on in sorted(history, key=lambda h: h[1]) if stage in IN_USE), None)


def maintained(history: Iterable[tuple[str, datetime.date]], today: datetime.date) -> bool:
    """``history``: (stage, the day it began), in any order. True when adoption lasted at least
    ``MAINTAINED_DAYS`` days from the first day adopted (see the module's words)."""
    steps = sorted(history, key=lambda h: h[1])  # stable: same-day steps keep their order
    first = next((i for i, (stage, _on) in enumerate(steps) if stage in IN_USE), None)
    if first is None:
        return False
    until = steps[first][1] + datetime.timedelta(days=MAINTAINED_DAYS)
    if until > today:
        return False
    return all(stage in IN_USE for stage, on in steps[first:] if on < until)


def is_step_back(before: str | None, after: str) -> bool:
    """True when ``after`` comes earlier in the journey than ``before`` (adopted -> piloting)."""
    if before is None or before == Stage.DISCONTINUED or after == Stage.DISCONTINUED:
        return False
    return ORDER.index(Stage(after)) < ORDER.index(Stage(before))
