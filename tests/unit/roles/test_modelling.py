"""A new role as the substitution lever (docs/adr/0039): the posts are the FTE, the equivalence as recorded."""

from __future__ import annotations

import pytest

from lodestar.core.validation import ValidationProblem
from lodestar.roles.modelling import describe, role_group, substitution_intervention


def test_ten_acp_posts_at_six_tenths_cover_six_fte_of_doctors():
    lever = substitution_intervention(
        name="ACPs", new_role="Advanced clinical practitioner", covered_group="doctors", posts=10, equivalence=0.6
    )
    assert lever == {
        "name": "ACPs",
        "lever": "substitution",
        "staff_group": "doctors",
        "fte": 10.0,
        "equivalence": 0.6,
        "new_role": "advanced-clinical-practitioner",
    }
    assert describe(lever)[-1] == "So the demand on doctors falls by 6 FTE"


def test_the_role_group_never_matches_the_group_it_covers():
    assert role_group("Nursing associate") == "nursing-associate"
    lever = substitution_intervention(name="x", new_role="Doctors", covered_group="doctors", posts=1, equivalence=1)
    assert lever["new_role"] == "doctors-new-role"


def test_no_posts_or_no_equivalence_cannot_be_used():
    with pytest.raises(ValidationProblem) as refused:
        substitution_intervention(name="x", new_role="PA", covered_group="doctors", posts=0, equivalence=None)
    assert [f for f, _m in refused.value.problems] == ["role", "basis"]
