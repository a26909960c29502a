"""A training pathway as a projection lever: pure functions, no database (docs/adr/0039).

A pathway that trains people into a staff group is the engine's ``extra_training_places`` lever;
one that converts people from another staff group is its ``conversion`` lever. Either way:

* the intake a year is the pathway's places a year (learners per intake x intakes a year);
* the course length is the stages' total months, rounded up to whole years (learners take posts
  only when they have finished the last stage);
* the attrition is the cohorts' own: withdrawn / (completed + withdrawn) over the cohorts that have finished
  (nobody still progressing). When the cohorts differ by more than half a percentage point, it is a likely range:
  the lowest cohort, all cohorts pooled (most likely), the highest cohort. With no outcome yet,
  the scenario's own pipeline attrition applies (the key is left out).
"""

from __future__ import annotations

import math

from lodestar.core.validation import Problems

COURSE_YEARS_MAX = 10  # the engine's limit
SPREAD = 0.005  # cohorts this close are one figure


def course_years(total_months: int) -> int:
    """Whole years until learners qualify: 1 to 12 months is 1 year, 13 to 24 is 2, and so on."""
    return max(1, math.ceil(total_months / 12))


def attrition(outcomes: list[tuple[int, int]]):
    """The share who do not complete, from each cohort's (completed, withdrawn): a number, a likely
    range ``{"dist": "triangular", "low", "mode", "high"}`` when cohorts differ, or None."""
    known = [(done, gone) for done, gone in outcomes if done + gone > 0]
    if not known:
        return None
    rates = [gone / (done + gone) for done, gone in known]
    pooled = round(sum(gone for _d, gone in known) / sum(done + gone for done, gone in known), 4)
    low, high = round(min(rates), 4), round(max(rates), 4)
    if high - low <= SPREAD:
        return pooled
    return {"dist": "triangular", "low": low, "mode": min(max(pooled, low), high), "high": high}


def pathway_intervention(
    *,
    name: str,
    staff_group: str,
    source_group: str = "",
    places_per_year: int,
    total_months: int,
    outcomes: list[tuple[int, int]],
    start_year: int | None = None,
) -> dict:
    """The scenario intervention mapping for a pathway (``extra_training_places``, or ``conversion``
    when ``source_group`` is given). ValidationProblem naming the field when it cannot be one."""
    problems = Problems()
    if total_months <= 0:
        problems.add("pathway", "Add the pathway's stages first: the course length comes from them")
    elif course_years(total_months) > COURSE_YEARS_MAX:
        problems.add("pathway", f"A pathway longer than {COURSE_YEARS_MAX} years cannot be used in a projection")
    if places_per_year <= 0:
        problems.add("pathway", "The pathway needs places for at least one learner a year")
    problems.raise_any()
    lever = {"name": name, "lever": "conversion" if source_group else "extra_training_places"}
    lever["staff_group"] = staff_group
    if source_group:
        lever.update(source_group=source_group, fte_per_year=places_per_year)
    else:
        lever["extra_places"] = places_per_year
    lever["course_years"] = course_years(total_months)
    rate = attrition(outcomes)
    if rate is not None:
        lever["attrition"] = rate
    if start_year is not None:
        lever["start_year"] = start_year
    return lever


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".0%", "%")


def describe(lever: dict) -> list[str]:
    """The lever in plain words, for the page that asks before adding it."""
    places = lever.get("extra_places", lever.get("fte_per_year"))
    if lever["lever"] == "conversion":
        first = f"{places} people a year from {lever['source_group']} start training into {lever['staff_group']}"
    else:
        first = f"{places} extra training places a year for {lever['staff_group']}"
    words = [first, f"They qualify after {lever['course_years']} year{'s' if lever['course_years'] != 1 else ''}"]
    rate = lever.get("attrition")
    if isinstance(rate, dict):
        words.append(
            f"Between {_percent(rate['low'])} and {_percent(rate['high'])} do not complete "
            f"(most likely {_percent(rate['mode'])}), from the cohorts' own figures"
        )
    elif rate is not None:
        words.append(f"{_percent(rate)} do not complete, from the cohorts' own figures")
    else:
        words.append("No cohort has finished yet: the scenario's own figure for those who do not complete is used")
    return words
