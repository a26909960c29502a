"""Reach: a role reaches its organisation and those beneath it, never up or sideways; out of reach is 404."""

import pytest

from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

PAGES = ["", "edit/", "add/", "members/", "members/?beneath=1", "members/invite/", "audit/", "audit/export.csv"]


def _status(client, org, page=""):
    return client.get(f"/organisations/{org.pk}/{page}").status_code


@pytest.mark.parametrize("page", PAGES)
def test_admin_of_trust_a_gets_404_for_every_page_of_trust_b(client, orgs, page):
    client.force_login(member(orgs["trust_a"], "org_admin"))
    assert _status(client, orgs["trust_a"], page) == 200
    assert _status(client, orgs["trust_b"], page) == 404


def test_ics_role_reaches_down_not_up_or_sideways(client, orgs):
    client.force_login(member(orgs["ics_a"], "viewer"))
    for name in ["ics_a", "trust_a", "pcn_a", "practice_a"]:
        assert _status(client, orgs[name]) == 200, name
    for name in ["region", "ics_b", "trust_b"]:
        assert _status(client, orgs[name]) == 404, name
    listing = client.get("/organisations/").content.decode()
    assert "Practice A" in listing and "Trust A" in listing
    assert "ICS B" not in listing and "Test Region" not in listing and "Trust B" not in listing


def test_ics_admin_manages_beneath_but_not_above(client, orgs):
    client.force_login(member(orgs["ics_a"], "org_admin"))
    assert _status(client, orgs["practice_a"], "members/") == 200
    assert _status(client, orgs["practice_a"], "audit/") == 200
    assert _status(client, orgs["region"], "members/") == 404
    assert _status(client, orgs["ics_b"], "edit/") == 404


def test_region_role_reaches_everything_beneath(client, orgs):
    client.force_login(member(orgs["region"], "viewer"))
    for org in orgs.values():
        assert _status(client, org) == 200, org.name
    # A viewer has no admin pages, even beneath.
    assert _status(client, orgs["trust_b"], "members/") == 404


def test_platform_staff_reach_all(client, orgs):
    client.force_login(UserFactory(is_platform_staff=True))
    for org in orgs.values():
        assert _status(client, org, "audit/") == 200, org.name


def test_user_with_no_membership_sees_no_organisations(client, orgs):
    client.force_login(UserFactory())
    assert "You do not belong to any organisation yet" in client.get("/organisations/").content.decode()
    assert _status(client, orgs["trust_a"]) == 404


def test_unknown_organisation_is_404_like_an_out_of_reach_one(client, orgs):
    client.force_login(member(orgs["trust_a"], "viewer"))
    assert _status(client, orgs["trust_b"]) == 404
    assert client.get("/organisations/999999/").status_code == 404


def test_membership_of_another_organisation_cannot_be_changed_through_this_one(client, orgs):
    client.force_login(member(orgs["trust_a"], "org_admin"))
    victim = member(orgs["trust_b"], "viewer")
    membership = victim.memberships.get()
    url = f"/organisations/{orgs['trust_a'].pk}/members/{membership.pk}/remove/"
    assert client.post(url).status_code == 404
    assert victim.memberships.exists()


def test_being_named_a_workshop_partner_gives_no_reach(client, orgs):
    """ADR 17: a facilitator can name any organisation as a partner; that reaches nobody there."""
    from tests.factories.workshops import WorkshopFactory

    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], title="Shared challenge", partners=[orgs["trust_b"]])
    client.force_login(member(orgs["trust_b"], "org_admin"))
    for page in PAGES:
        assert _status(client, orgs["trust_a"], page) == 404, page
    assert client.get(f"/workshops/{workshop.pk}/").status_code == 404
    assert "Shared challenge" not in client.get("/workshops/").content.decode()


@pytest.mark.parametrize("what", ["resend", "withdraw"])
def test_invitations_are_managed_only_within_reach(client, orgs, what):
    from tests.factories.accounts import invitation

    inv, _token = invitation(orgs["trust_a"])
    client.force_login(member(orgs["ics_a"], "org_admin"))  # above: reaches it
    assert _status(client, orgs["ics_a"], f"members/invitations/{inv.pk}/{what}/") == 200
    assert _status(client, orgs["trust_a"], f"members/invitations/{inv.pk}/{what}/") == 200
    client.force_login(member(orgs["trust_b"], "org_admin"))  # sideways
    assert _status(client, orgs["trust_b"], f"members/invitations/{inv.pk}/{what}/") == 404
    assert _status(client, orgs["trust_a"], f"members/invitations/{inv.pk}/{what}/") == 404
    client.force_login(member(orgs["trust_a"], "contributor"))  # no member management
    assert _status(client, orgs["trust_a"], f"members/invitations/{inv.pk}/{what}/") == 404
