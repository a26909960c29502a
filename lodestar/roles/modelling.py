"""A new role as the projection engine's ``substitution`` lever: pure functions (docs/adr/0039).

The engine's substitution lever takes the new role's FTE (``fte``) and the equivalence: the covered
staff group's demand falls by ``fte x equivalence`` and the new role's own demand rises by ``fte``.
So the posts (filled now, or planned, as the person chooses) are the ``fte`` and the register's
equivalence is passed as it is: 10 ACP posts at 0.6 cover 6 FTE of doctors' demand.
"""

from __future__ import annotations

from django.utils.text import slugify

from lodestar.core.validation import Problems


def role_group(name: str) -> str:
    """The new role's staff-group name in a scenario: "Advanced clinical practitioner" ->
    "advanced-clinical-practitioner"."""
    return slugify(name) or "new-role"


def substitution_intervention(
    *, name: str, new_role: str, covered_group: str, posts: float, equivalence: float, start_year: int | None = None
) -> dict:
    """The scenario intervention mapping for a new role. ValidationProblem naming the field when the
    entry cannot be one yet."""
    problems = Problems()
    if not covered_group:
        problems.add("covered_group", "Choose the staff group whose work the role takes on")
    if equivalence is None or equivalence <= 0:
        problems.add("role", "Record the work the role takes on (its equivalence) before using it in a projection")
    if posts is None or posts <= 0:
        problems.add("basis", "There are no posts to use: record posts for the role, or choose the other figure")
    problems.raise_any()
    group = role_group(new_role)
    if group == covered_group:
        group = f"{group}-new-role"
    lever = {
        "name": name,
        "lever": "substitution",
        "staff_group": covered_group,
        "fte": float(posts),
        "equivalence": float(equivalence),
        "new_role": group,
    }
    if start_year is not None:
        lever["start_year"] = start_year
    return lever


def _number(value: float) -> str:
    return f"{value:g}"


def describe(lever: dict) -> list[str]:
    """The lever in plain words, for the page that asks before adding it."""
    covered = lever["fte"] * lever["equivalence"]
    return [
        f"{_number(lever['fte'])} FTE of {lever['new_role']} from the first year",
        f"Each covers {_number(lever['equivalence'])} FTE of the demand on {lever['staff_group']}",
        f"So the demand on {lever['staff_group']} falls by {_number(round(covered, 2))} FTE",
    ]
