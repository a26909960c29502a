"""The spread dashboard's figures, worked out from adoption histories without the database:
organisations by stage at the end of each quarter (the adoption curve), and the median time
from first piloting to adopted. Pure functions: histories in, figures out.

A region holds 25,000 stage changes: the page does not read them. The database counts them as
spans (stage, first quarter, last quarter, records: a few hundred rows) and gives each record's
first day piloting and first day adopted; the functions here turn those into the figures.
``curve_by_walking`` and ``pilot_to_adoption_days`` are the slow, obviously right references the
database's figures are tested against (tests/integration/learning/test_spread_figures.py)."""

from __future__ import annotations

import bisect
import datetime
import itertools
import statistics
from collections.abc import Iterable, Sequence

from lodestar.learning.models import Stage

# The curve's lines: four, so each has its own dash and marker (lodestar.workforce.charts).
CURVE_GROUPS = [
    ("Aware or exploring", {Stage.AWARE, Stage.EXPLORING}),
    ("Piloting", {Stage.PILOTING}),
    ("Adopted or embedded", {Stage.ADOPTED, Stage.EMBEDDED}),
    ("Discontinued", {Stage.DISCONTINUED}),
]
History = Sequence[tuple[str, datetime.date]]  # (stage, the day it began), oldest first


def quarter_end(day: datetime.date) -> datetime.date:
    month = ((day.month - 1) // 3) * 3 + 3
    following = datetime.date(day.year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def quarter_label(end: datetime.date) -> str:
    """Calendar quarters, as people say them: "Jan to Mar 2025"."""
    start = datetime.date(end.year, end.month - 2, 1)
    return f"{start:%b} to {end:%b %Y}"


def quarters(first: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The end of each quarter from ``first``'s to ``today``'s."""
    out, end = [], quarter_end(first)
    while True:
        out.append(end)
        if end >= today:
            return out
        end = quarter_end(end + datetime.timedelta(days=1))


def stage_on(history: History, day: datetime.date) -> str | None:
    """The stage a history was at on ``day`` (None before its first step)."""
    current = None
    for stage, on in history:
        if on > day:
            break
        current = stage
    return current


Span = tuple[str, int, int, int]  # (stage, first quarter held, first quarter no longer held, records)


def cuts(first: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The day each quarter is counted on: its last day, and today for the quarter we are in."""
    return [min(end, today) for end in quarters(first, today)]


def curve_from_spans(spans: Iterable[Span], quarter_count: int) -> dict[str, list[int]]:
    """{group: records in that group at each quarter's end} from spans: each holds its stage from
    quarter ``first`` up to (not including) quarter ``until`` (a difference array per group, then
    running sums). The database counts the spans (``queries_spread.curve``); ``spans`` does it here."""
    group_of = {str(stage): name for name, members in CURVE_GROUPS for stage in members}
    steps = {name: [0] * (quarter_count + 1) for name, _ in CURVE_GROUPS}
    for stage, first, until, n in spans:
        name = group_of.get(stage)
        if name is not None and first < until:
            steps[name][first] += n
            steps[name][until] -= n
    return {name: list(itertools.accumulate(steps[name][:-1])) for name, _ in CURVE_GROUPS}


def spans(histories: Sequence[History], cut: Sequence[datetime.date]) -> list[Span]:
    """Each change as a span: from the first quarter counted on or after its day to the first
    counted on or after the record's next change (none: past the last quarter)."""
    out = []
    for history in histories:
        for j, (stage, on) in enumerate(history):
            until = bisect.bisect_left(cut, history[j + 1][1]) if j + 1 < len(history) else len(cut)
            out.append((str(stage), bisect.bisect_left(cut, on), until, 1))
    return out


def curve(histories: Sequence[History], today: datetime.date) -> tuple[list[str], dict[str, list[int]]]:
    """(quarter labels, {group: records in that group at each quarter's end}) for histories, each
    oldest first, as ``stage_on`` reads them; ``curve_by_walking`` is the reference."""
    starts = [h[0][1] for h in histories if h]
    if not starts:
        return [], {}
    cut = cuts(min(starts), today)
    return [quarter_label(e) for e in quarters(min(starts), today)], curve_from_spans(spans(histories, cut), len(cut))


def curve_by_walking(histories: Sequence[History], today: datetime.date) -> tuple[list[str], dict[str, list[int]]]:
    """The curve the slow, obviously right way: every record's stage at every quarter's end.
    Kept as the reference the fast ``curve`` is tested against (tests/unit/learning)."""
    starts = [h[0][1] for h in histories if h]
    if not starts:
        return [], {}
    ends = quarters(min(starts), today)
    counts = {name: [0] * len(ends) for name, _ in CURVE_GROUPS}
    for history in histories:
        for i, end in enumerate(ends):
            stage = stage_on(history, min(end, today))
            for name, members in CURVE_GROUPS:
                if stage in members:
                    counts[name][i] += 1
    return [quarter_label(e) for e in ends], counts


def pilot_to_adoption_days(history: History) -> int | None:
    """Days from the first day piloting to the first day adopted (or embedded) after it."""
    piloting = next((on for stage, on in history if stage == Stage.PILOTING), None)
    if piloting is None:
        return None
    adopted = next((on for stage, on in history if stage in (Stage.ADOPTED, Stage.EMBEDDED) and on >= piloting), None)
    return None if adopted is None else (adopted - piloting).days


def median_days(histories: Sequence[History]) -> tuple[float | None, int]:
    """(the median days from piloting to adopted, how many records it is taken over)."""
    return median_of([d for h in histories if (d := pilot_to_adoption_days(h)) is not None])


def median_of(days: Sequence[int]) -> tuple[float | None, int]:
    """(the median of ``days``, how many there are): the database gives each record's first day
    piloting and first day adopted after it (``queries_spread.pilot_to_adoption_days``)."""
    return (statistics.median(days) if days else None), len(days)
