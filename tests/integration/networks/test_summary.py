"""The regional dashboard's network reach: a row per network with members, counts only."""

from __future__ import annotations

import pytest

from lodestar.networks.summary import regional_summary
from tests.factories.networks import add_member, join, network

pytestmark = pytest.mark.django_db


def test_each_network_counts_its_members_icss_and_sectors(world, django_assert_max_num_queries):
    orgs, people = world["orgs"], world["people"]
    cop = network(orgs["trust_a"], coordinator=people["coordinator"], visibility="region")
    for who in ("nurse", "carer", "volunteer"):
        add_member(cop, people[who])
    join(network(orgs["trust_a"], coordinator=people["coordinator"], name="Quiet network"), people["nurse"])
    network(orgs["trust_c"], coordinator=people["outsider"], name="Elsewhere")
    with django_assert_max_num_queries(2):
        table = regional_summary([o.pk for o in orgs.values() if o.name != "Trust C"])
    assert table.key == "networks"
    assert table.columns == ("Network", "Members", "ICSs", "Sectors")
    # Cora (Trust A, ICS A, NHS), Nia (PCN A, ICS A, primary care), Cal and Val (ICS B, social care, voluntary);
    # the quiet network has only its coordinator (Nia only asked); Elsewhere is not in the organisations given.
    assert table.rows == (("Nursing associates community of practice", 4, 2, 4), ("Quiet network", 1, 1, 1))


def test_no_networks_is_an_empty_table(world):
    assert regional_summary([world["orgs"]["region"].pk]).rows == ()
