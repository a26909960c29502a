"""People for the pilots' tests: the test region (``orgs``: region > ICS A (Trust A, PCN A >
Practice A), ICS B (Trust B)) and a second region; the pilot belongs to Trust A."""

from __future__ import annotations

import pytest

from lodestar.orgs.models import OrganisationType
from tests.factories import OrganisationFactory, UserFactory, member
from tests.factories.star import star_points


@pytest.fixture
def world(orgs):
    star_points()
    region_2 = OrganisationFactory(name="Other Region", type=OrganisationType.REGION, ods_code="Y02")
    trust_c = OrganisationFactory(name="Trust C", parent=region_2, ods_code="RC1")
    people = {
        "facilitator": member(orgs["trust_a"], "facilitator", full_name="Fran Facilitator"),
        "viewer": member(orgs["trust_a"], "viewer"),
        "ics_facilitator": member(orgs["ics_a"], "facilitator"),
        "region_viewer": member(orgs["region"], "viewer"),
        "sibling": member(orgs["pcn_a"], "facilitator"),
        "other_ics": member(orgs["trust_b"], "facilitator"),
        "other_region": member(trust_c, "facilitator"),
        "platform": UserFactory(is_platform_staff=True),
    }
    return {"orgs": {**orgs, "region_2": region_2, "trust_c": trust_c}, "people": people}
