"""Fixtures for the case-study library.

``world``: the test region (``orgs``) plus a second region, and a person at each place that
matters to visibility, for a case study owned by PCN A (region > ICS A > PCN A > Practice A).
"""

from __future__ import annotations

import pytest

from lodestar.orgs.models import OrganisationType
from tests.factories import OrganisationFactory, UserFactory, member

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def world(orgs):
    region_2 = OrganisationFactory(name="Other Region", type=OrganisationType.REGION, ods_code="Y02")
    ics_c = OrganisationFactory(name="ICS C", type=OrganisationType.ICS, parent=region_2, ods_code="QC1")
    trust_c = OrganisationFactory(name="Trust C", parent=ics_c, ods_code="RC1")
    people = {
        "editor": member(orgs["pcn_a"], "contributor", full_name="Erin Editor"),
        "owner_viewer": member(orgs["pcn_a"], "viewer"),
        "beneath": member(orgs["practice_a"], "viewer"),
        "ics_facilitator": member(orgs["ics_a"], "facilitator"),
        "ics_viewer": member(orgs["ics_a"], "viewer"),
        "sibling": member(orgs["trust_a"], "contributor"),
        "other_ics": member(orgs["trust_b"], "contributor"),
        "reviewer": member(orgs["region"], "viewer", full_name="Rita Reviewer"),
        "other_region": member(trust_c, "contributor"),
        "other_reviewer": member(region_2, "viewer"),
        "platform": UserFactory(is_platform_staff=True),
    }
    return {"orgs": {**orgs, "region_2": region_2, "ics_c": ics_c, "trust_c": trust_c}, "people": people}
