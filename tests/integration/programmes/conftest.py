"""The world for programme tests: the test region (``orgs``: region > ICS A (Trust A, PCN A >
Practice A), ICS B (Trust B)) plus a second region, a regional theme, and a programme run by
ICS A with Trust B (in ICS B) as a partner; a person at each place that matters to reach."""

from __future__ import annotations

import datetime

import pytest

from lodestar.orgs.models import OrganisationType
from tests.factories import OrganisationFactory, UserFactory, member
from tests.factories.programmes import programme, theme


@pytest.fixture
def world(orgs):
    region_2 = OrganisationFactory(name="Other Region", type=OrganisationType.REGION, ods_code="Y02")
    trust_c = OrganisationFactory(name="Trust C", parent=region_2, ods_code="RC1")
    roles = theme(orgs["region"], "New medical and non-medical roles")
    prog = programme(
        orgs["ics_a"],
        theme_=roles,
        name="Advanced practice in ICS A",
        partners=[orgs["trust_b"]],
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )
    people = {
        "ics_facilitator": member(orgs["ics_a"], "facilitator", full_name="Fay Facilitator"),
        "ics_viewer": member(orgs["ics_a"], "viewer"),
        "region_viewer": member(orgs["region"], "viewer", full_name="Rita Regional"),
        "region_facilitator": member(orgs["region"], "facilitator"),
        "beneath": member(orgs["trust_a"], "contributor"),
        "partner": member(orgs["trust_b"], "viewer"),
        "other_ics": member(orgs["ics_b"], "facilitator"),
        "other_region": member(trust_c, "facilitator"),
        "platform": UserFactory(is_platform_staff=True),
    }
    return {
        "orgs": {**orgs, "region_2": region_2, "trust_c": trust_c},
        "theme": roles,
        "programme": prog,
        "people": people,
    }
