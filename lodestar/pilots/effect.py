"""From a pilot's measured result to a catalogue lever (ADR 0038). Pure: no database.

The measured change is the measure's value after against its value before:

* relative levers (fewer leavers, fewer retirements): the effect is the relative change,
  ``(after - before) / before``; a leaver rate cut from 14% to 10% is -0.2857;
* less demand (``productivity``): the effect is the relative fall, ``(before - after) / before``;
* levers counted as a fraction of staff in post (more joiners, returners, international
  recruits, training places): the measure must be a per cent of staff, and the effect is the
  change in percentage points divided by 100.

A pilot is small and its sites keen, so the result is shrunk towards no effect by the weight
of the evidence, ``w = n / (n + 30)`` where ``n`` is the cohort size (30 when not known): a
cohort of 30 counts for half, of 120 for four fifths. The lever is a triangular distribution:

* the optimistic end is the full measured change,
* the most likely value is ``w`` times it,
* the cautious end is ``max(0, 2w - 1)`` times it (no effect at all for a pilot of 30 or fewer),

each clipped to the lever's plausible range (``lodestar.engine.levers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from lodestar.engine.levers import LEVER_TYPES

SHRINK_COHORT = 30  # the cohort size whose result counts for half
RELATIVE = ("leaver_rate_change", "retirement_deferral")
DEMAND = ("productivity",)
STOCK = ("extra_joiners", "return_to_practice", "international_recruitment", "extra_training_places")
SUPPORTED = (*RELATIVE, *DEMAND, *STOCK)

# words in a measure's name that say which lever it drives, in order of preference
HINTS = (
    (re.compile(r"leav|turnover|retention|retain|attrition", re.I), "leaver_rate_change"),
    (re.compile(r"retir", re.I), "retirement_deferral"),
    (re.compile(r"return", re.I), "return_to_practice"),
    (re.compile(r"international|overseas", re.I), "international_recruitment"),
    (re.compile(r"train|apprentic|student|learner", re.I), "extra_training_places"),
    (re.compile(r"join|recruit|starter|vacanc", re.I), "extra_joiners"),
    (re.compile(r"demand|hours|workload|activity|time|contacts|visits", re.I), "productivity"),
)

NO_CHANGE = "The measure did not change, so there is no effect to model: choose another measure"
ZERO_BEFORE = (
    "The value before is 0, so a relative change cannot be worked out: choose another measure or kind of effect"
)
NOT_PERCENT = (
    "This kind of effect needs a measure in per cent of staff (unit %): choose another measure or kind of effect"
)
NO_VALUES = "This measure has no values before and after: record them when evaluating the pilot"


def lever_choices() -> list[tuple[str, str]]:
    return [(key, LEVER_TYPES[key].label) for key in SUPPORTED]


def suggest(name: str) -> str | None:
    """The lever type a measure's name points to, or None when it says nothing clear."""
    for pattern, key in HINTS:
        if pattern.search(name or ""):
            return key
    return None


def weight(cohort_size: int | None) -> float:
    n = cohort_size if cohort_size and cohort_size > 0 else SHRINK_COHORT
    return n / (n + SHRINK_COHORT)


def measured_change(lever: str, before: Decimal | float, after: Decimal | float, unit: str) -> float:
    """The measured effect in the lever's own terms; ``ValueError`` with the words for the person."""
    before, after = float(before), float(after)
    if after == before:
        raise ValueError(NO_CHANGE)
    if lever in STOCK:
        if (unit or "").strip() != "%":
            raise ValueError(NOT_PERCENT)
        return (after - before) / 100
    if before == 0:
        raise ValueError(ZERO_BEFORE)
    change = (after - before) / before
    return -change if lever in DEMAND else change


@dataclass(frozen=True)
class Effect:
    lever: str
    measured: float
    weight: float
    low: float
    mode: float
    high: float

    def as_lever(self) -> dict:
        """The lever as the catalogue writes it (``catalogue.yaml``)."""
        return {
            "type": self.lever,
            "effect": {"dist": "triangular", "low": self.low, "mode": self.mode, "high": self.high},
            "ramp_up_years": 1,
        }


def _clip(value: float, lever: str) -> float:
    low, high = LEVER_TYPES[lever].plausible_range
    return round(min(max(value, low), high), 4)


def effect(*, lever: str, before, after, unit: str, cohort_size: int | None) -> Effect:
    """The lever for a measured result (see the module's docstring for the rule)."""
    if lever not in SUPPORTED:
        raise ValueError("Choose the kind of effect from the list")
    measured = measured_change(lever, before, after, unit)
    w = weight(cohort_size)
    ends = sorted([_clip(measured, lever), _clip(measured * max(0.0, 2 * w - 1), lever)])
    return Effect(lever, round(measured, 4), round(w, 4), ends[0], _clip(measured * w, lever), ends[1])
