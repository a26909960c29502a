"""New roles pages through the test client: adding a role with posts, the regional view and its
downloads, and bad input refused beside its field with nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.roles.models import NewRole, PostCount
from tests.factories import member
from tests.factories.roles import D, new_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def fran(orgs):
    return member(orgs["region"], "facilitator", full_name="Fran Facilitator")


def test_a_facilitator_adds_a_role_and_records_its_posts(client, orgs, fran):
    client.force_login(fran)
    page = client.post(
        reverse("roles:new"),
        {
            "organisation": orgs["pcn_a"].pk,
            "kind": "other",
            "other": "Pharmacy technician in primary care",
            "setting": "primary",
            "supervision": "Monthly supervision by the PCN's lead pharmacist.",
            "supervisor_role": "Lead clinical pharmacist",
            "covers_group": "pharmacists",
            "equivalence": "0.4",
        },
        follow=True,
    )
    made = NewRole.objects.get()
    assert made.name == "Pharmacy technician in primary care"
    assert "Record posts" in page.content.decode()
    page = client.post(
        reverse("roles:posts", args=[made.pk]),
        {"on-day": "1", "on-month": "4", "on-year": "2025", "planned": "4", "funded": "3", "filled": "2.5"},
        follow=True,
    )
    body = page.content.decode()
    assert "1 full-time post covers 0.4 of a full-time post in pharmacists" in body
    assert "2.5" in body and "1 April 2025" in body


def test_more_posts_filled_than_funded_is_refused_and_nothing_is_written(client, orgs, fran):
    made = new_role(fran, orgs["trust_a"])
    client.force_login(fran)
    before = (PostCount.objects.count(), AuditEvent.objects.count())
    page = client.post(
        reverse("roles:posts", args=[made.pk]),
        {"on-day": "1", "on-month": "4", "on-year": "2025", "planned": "4", "funded": "3", "filled": "5"},
    )
    assert "The posts filled cannot be more than the posts funded" in page.content.decode()
    assert (PostCount.objects.count(), AuditEvent.objects.count()) == before


def test_a_role_without_a_name_is_refused_beside_the_list(client, orgs, fran):
    client.force_login(fran)
    page = client.post(reverse("roles:new"), {"organisation": orgs["pcn_a"].pk, "setting": "primary"})
    assert 'id="id_kind-error"' in page.content.decode() and "Enter the role&#39;s name" in page.content.decode()
    assert not NewRole.objects.exists()


def test_the_regional_view_groups_posts_by_ics_and_sector_and_downloads_the_same(client, orgs, fran):
    new_role(fran, orgs["trust_a"], posts=[(D(2025, 4, 1), 6, 4, 2)])
    new_role(fran, orgs["pcn_a"], setting="primary", posts=[(D(2025, 4, 1), 3, 3, 3)])
    new_role(fran, orgs["trust_b"], posts=[(D(2025, 4, 1), 2, 2, 1)])
    client.force_login(member(orgs["region"], "viewer"))
    body = client.get(reverse("roles:regional")).content.decode()
    assert "<svg" in body and "New roles: posts planned and filled by ICS and sector" in body
    csv = client.get(reverse("roles:regional-csv")).content.decode("utf-8-sig").splitlines()
    assert csv == [
        "ICS,Sector,Roles,Posts planned,Posts funded,Posts filled",
        "ICS A,Primary care,1,3.0,3.0,3.0",
        "ICS A,Secondary (hospital) care,1,6.0,4.0,2.0",
        "ICS B,Secondary (hospital) care,1,2.0,2.0,1.0",
    ]
    xlsx = client.get(reverse("roles:regional-xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_ics_viewer_sees_only_their_ics_in_the_regional_view(client, orgs, fran):
    new_role(fran, orgs["trust_a"])
    new_role(fran, orgs["trust_b"], name="Physician associate")
    client.force_login(member(orgs["ics_b"], "viewer"))
    csv = client.get(reverse("roles:regional-csv")).content.decode("utf-8-sig")
    assert "ICS B" in csv and "ICS A" not in csv
