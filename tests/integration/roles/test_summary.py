"""The regional dashboard's table of new roles: posts filled against planned, latest counts only."""

from __future__ import annotations

import pytest

from lodestar.roles.summary import regional_summary
from tests.factories import member
from tests.factories.roles import D, new_role

pytestmark = pytest.mark.django_db


def test_posts_by_role_add_up_each_entrys_latest_counts(orgs):
    fran = member(orgs["region"], "facilitator")
    new_role(fran, orgs["trust_a"], posts=[(D(2024, 4, 1), 6, 4, 1), (D(2025, 4, 1), 8, 6, 5)])
    new_role(fran, orgs["pcn_a"], setting="primary", posts=[(D(2025, 1, 1), 3, 3, 2.5)])
    new_role(
        fran, orgs["pcn_a"], name="Nursing associate", covers_group="", equivalence="", posts=[(D(2025, 1, 1), 4, 2, 2)]
    )
    new_role(fran, orgs["trust_b"], posts=[(D(2025, 1, 1), 50, 50, 50)])

    table = regional_summary([orgs["trust_a"].pk, orgs["pcn_a"].pk])

    assert table.columns == ("Role", "Posts planned", "Posts funded", "Posts filled")
    assert table.rows == (("Advanced clinical practitioner", 11, 9, 7.5), ("Nursing associate", 4, 2, 2))
