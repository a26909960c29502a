"""Fixtures for networks.

``world``: the test region (``orgs``: region > ICS A (Trust A, PCN A > Practice A), ICS B
(Trust B)) with a care home and a charity in ICS B, a second region, and the people who matter:
the coordinator (facilitator at Trust A), members-to-be from other sectors, an outsider in the
other region, and platform staff. The network is hosted by Trust A, by request, found by
everyone in the region."""

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
    care_home = OrganisationFactory(
        name="Elm House Care Home", type=OrganisationType.CARE_PROVIDER, parent=orgs["ics_b"]
    )
    charity = OrganisationFactory(name="Carers Together", type=OrganisationType.VOLUNTARY, parent=orgs["ics_b"])
    region_2 = OrganisationFactory(name="Other Region", type=OrganisationType.REGION, ods_code="Y02")
    ics_c = OrganisationFactory(name="ICS C", type=OrganisationType.ICS, parent=region_2, ods_code="QC1")
    trust_c = OrganisationFactory(name="Trust C", parent=ics_c, ods_code="RC1")
    people = {
        "coordinator": member(
            orgs["trust_a"], "facilitator", full_name="Cora Coordinator", email="cora@example.nhs.uk"
        ),
        "nurse": member(orgs["pcn_a"], "viewer", full_name="Nia Nurse", email="nia@example.nhs.uk"),
        "carer": member(care_home, "viewer", full_name="Cal Carer", email="cal@example.org"),
        "volunteer": member(charity, "viewer", full_name="Val Volunteer", email="val@example.org"),
        "regional": member(orgs["region"], "viewer", full_name="Rhys Regional"),
        "outsider": member(trust_c, "facilitator", full_name="Otto Outsider"),
        "platform": UserFactory(is_platform_staff=True),
    }
    orgs = {
        **orgs,
        "care_home": care_home,
        "charity": charity,
        "region_2": region_2,
        "ics_c": ics_c,
        "trust_c": trust_c,
    }
    return {"orgs": orgs, "people": people}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Shared files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
