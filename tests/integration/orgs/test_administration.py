"""Administration: resending and withdrawing invitations, members beneath, long lists in pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from lodestar.accounts import actions as account_actions
from lodestar.accounts.models import AccountEvent, Invitation
from lodestar.core.models import AuditEvent
from tests.factories import OrganisationFactory, member
from tests.factories.accounts import invitation
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(orgs):
    return member(orgs["trust_a"], "org_admin", full_name="Ada Admin")


def _members(client, org, query=""):
    return client.get(f"/organisations/{org.pk}/members/{query}").content.decode()


def _invitation_url(org, inv, what):
    return f"/organisations/{org.pk}/members/invitations/{inv.pk}/{what}/"


def test_resending_sends_a_new_link_and_the_old_one_stops_working(
    client, orgs, admin, django_capture_on_commit_callbacks
):
    inv, old_token = invitation(orgs["trust_a"], email="nia@example.nhs.uk")
    client.force_login(admin)
    page = client.get(_invitation_url(orgs["trust_a"], inv, "resend")).content.decode()
    assert "Send the invitation again to nia@example.nhs.uk" in page and "will stop working" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_invitation_url(orgs["trust_a"], inv, "resend"))
    assert response.status_code == 302
    [message] = mail.outbox
    new_link = re.search(r"http://testserver(/account/invitations/\S+/)", message.body).group(1)
    assert old_token not in new_link
    [event] = AuditEvent.objects.filter(action=AccountEvent.INVITATION_RESEND.value)
    assert (event.actor, event.organisation) == (admin, orgs["trust_a"])
    assert old_token not in str(event.before) + str(event.after)

    client.logout()
    old = client.get(f"/account/invitations/{old_token}/")
    assert old.status_code == 404 and "not valid" in old.content.decode()
    assert client.get(new_link).status_code == 200


def test_withdrawing_stops_the_link_and_keeps_the_record(client, orgs, admin):
    inv, token = invitation(orgs["trust_a"], email="nia@example.nhs.uk")
    client.force_login(admin)
    page = client.get(_invitation_url(orgs["trust_a"], inv, "withdraw")).content.decode()
    assert "Withdraw the invitation for nia@example.nhs.uk" in page
    assert Invitation.objects.get().withdrawn_at is None  # the confirmation page changes nothing
    response = client.post(_invitation_url(orgs["trust_a"], inv, "withdraw"), follow=True)
    assert "The invitation for nia@example.nhs.uk has been withdrawn" in response.content.decode()
    assert "nia@example.nhs.uk" not in _members(client, orgs["trust_a"]).split("Invitations waiting")[1]
    assert AuditEvent.objects.filter(action=AccountEvent.INVITATION_WITHDRAW.value, actor=admin).count() == 1
    # Once withdrawn, neither resending nor withdrawing again finds it.
    assert client.post(_invitation_url(orgs["trust_a"], inv, "resend")).status_code == 404
    client.logout()
    gone = client.get(f"/account/invitations/{token}/")
    assert gone.status_code == 404 and "withdrawn" in gone.content.decode()


@pytest.mark.parametrize("what", ["resend", "withdraw"])
def test_an_invitation_accepted_meanwhile_is_a_message_not_an_error(client, orgs, admin, monkeypatch, what):
    """The page found the invitation open, but it was accepted before the action locked it:
    the action's own check refuses, and the person is told why (not a server error)."""
    inv, _token = invitation(orgs["trust_a"], email="nia@example.nhs.uk")
    name = f"{what}_invitation"
    original = getattr(account_actions, name)

    def accepted_first(**kwargs):
        Invitation.objects.filter(pk=inv.pk).update(accepted_at=timezone.now())
        return original(**kwargs)

    monkeypatch.setattr(account_actions, name, accepted_first)
    client.force_login(admin)
    response = client.post(_invitation_url(orgs["trust_a"], inv, what), follow=True)
    assert response.status_code == 200
    assert "The invitation for nia@example.nhs.uk has already been accepted." in response.content.decode()
    assert not Invitation.objects.get().is_withdrawn
    assert not AuditEvent.objects.filter(
        action__in=[AccountEvent.INVITATION_RESEND.value, AccountEvent.INVITATION_WITHDRAW.value]
    ).exists()


def test_plan_invitations_are_listed_and_can_be_resent_and_withdrawn(client, orgs, admin):
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing")
    action = ActionFactory(plan=plan, title="Rota clinic")
    inv, token = account_actions.create_plan_invitation(
        actor=admin, email="olu@council.example.org", action=action, accept_url=str
    )
    client.force_login(admin)
    page = _members(client, orgs["trust_a"])
    assert "See the action plan Ward staffing (owner of Rota clinic)" in page
    client.post(_invitation_url(orgs["trust_a"], inv, "resend"))
    assert client.get(f"/account/plan-invitations/{token}/").status_code == 404
    client.post(_invitation_url(orgs["trust_a"], inv, "withdraw"))
    assert Invitation.objects.get().is_withdrawn


def test_invitations_of_other_organisations_are_404(client, orgs, admin):
    inv, _token = invitation(orgs["trust_b"])
    client.force_login(admin)
    for what in ("resend", "withdraw"):
        assert client.get(_invitation_url(orgs["trust_a"], inv, what)).status_code == 404
        assert client.post(_invitation_url(orgs["trust_b"], inv, what)).status_code == 404
    # A viewer at the invitation's own organisation cannot manage it either.
    client.force_login(member(orgs["trust_b"], "viewer"))
    assert client.post(_invitation_url(orgs["trust_b"], inv, "withdraw")).status_code == 404
    assert not Invitation.objects.get().is_withdrawn


def test_members_page_can_include_organisations_beneath(client, orgs):
    admin = member(orgs["ics_a"], "org_admin", full_name="Ian ICS")
    member(orgs["trust_a"], "contributor", full_name="Tara Trust")
    member(orgs["practice_a"], "viewer", full_name="Pat Practice")
    member(orgs["trust_b"], "viewer", full_name="Bob Elsewhere")
    invitation(orgs["trust_a"], email="waiting@example.nhs.uk")
    client.force_login(admin)
    own = _members(client, orgs["ics_a"])
    assert "Ian ICS" in own and "Tara Trust" not in own and "waiting@example.nhs.uk" not in own
    assert 'name="beneath"' in own  # a plain GET form: no JavaScript needed
    beneath = _members(client, orgs["ics_a"], "?beneath=1")
    assert all(name in beneath for name in ("Ian ICS", "Tara Trust", "Pat Practice", "waiting@example.nhs.uk"))
    assert "Bob Elsewhere" not in beneath
    assert "Practice A" in beneath  # each row names its organisation
    # A member beneath is managed at their own organisation.
    tara = orgs["trust_a"].memberships.get()
    assert f"/organisations/{orgs['trust_a'].pk}/members/{tara.pk}/role/" in beneath


def test_long_member_lists_are_in_pages_and_keep_the_filter(client, orgs):
    admin = member(orgs["ics_a"], "org_admin", full_name="AAA Admin")
    for n in range(55):
        member(orgs["trust_a"], "viewer", full_name=f"Person {n:02d}")
    client.force_login(admin)
    first = _members(client, orgs["ics_a"], "?beneath=1")
    assert "Showing members 1 to 50 of 56" in first
    assert "?beneath=1&amp;page=2" in first
    second = _members(client, orgs["ics_a"], "?beneath=1&page=2")
    assert "Showing members 51 to 56 of 56" in second and "Person 54" in second


def test_long_invitation_and_organisation_lists_are_in_pages(client, orgs):
    admin = member(orgs["trust_a"], "org_admin")
    for n in range(51):
        invitation(orgs["trust_a"], email=f"person{n:02d}@invited.example")
    client.force_login(admin)
    page = _members(client, orgs["trust_a"])
    assert "Showing invitations 1 to 50 of 51" in page and "invitations_page=2" in page
    assert "person50@invited.example" in _members(client, orgs["trust_a"], "?invitations_page=2")

    for n in range(50):
        OrganisationFactory(name=f"Practice {n:02d}", parent=orgs["trust_a"])
    listing = client.get("/organisations/").content.decode()
    assert "Showing organisations 1 to 50 of 51" in listing
    assert "Practice 49" in client.get("/organisations/?page=2").content.decode()
