"""Plan invitations (ADR 0024): an owner outside Lodestar is invited from the action form, and
accepting creates their account, makes them the action's owner and shows them that plan only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from lodestar.accounts import actions as account_actions
from lodestar.accounts.models import AccountEvent, Invitation, User
from lodestar.core.models import AuditEvent
from lodestar.plans.models import Action
from tests.dates import boxes
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory, star_point

pytestmark = pytest.mark.django_db

OUTSIDER = "olu.outside@council.example.org"
PASSWORD = "meadow-harbour-violet-81"


@pytest.fixture
def world(orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing")
    other = ActionPlanFactory(organisation=orgs["trust_a"], title="Another plan")
    ActionFactory(plan=other, title="Not theirs")
    return {
        "plan": plan,
        "other": other,
        "contributor": member(orgs["trust_a"], "contributor", full_name="Cal Contributor"),
        "admin": member(orgs["trust_a"], "org_admin", full_name="Ada Admin"),
    }


def _new_action(client, plan, **extra):
    data = {
        "title": "Run a rota clinic",
        "description": "",
        "point": star_point("supply").pk,
        "intervention": "",
        "owner_email": OUTSIDER,
        "owner_name": "Olu Outside",
        "organisation": plan.organisation_id,
        "start_date": "",
        "due_date": "2027-03-31",
        "status": "not_started",
        "priority_rank": "",
        **extra,
    }
    return client.post(f"/plans/{plan.pk}/actions/new/", boxes(data))


def _link(message) -> str:
    return re.search(r"http://testserver(/account/plan-invitations/\S+/)", message.body).group(1)


def test_the_action_form_offers_an_invitation_when_the_owner_has_no_account(client, world):
    client.force_login(world["contributor"])
    page = _new_action(client, world["plan"]).content.decode()
    assert "No one uses Lodestar with that email address" in page
    assert "Invite this person to see this plan" in page
    assert not Action.objects.filter(title="Run a rota clinic").exists()
    assert not Invitation.objects.exists()
    # An owner who does use Lodestar gets no such offer.
    user = member(world["plan"].organisation, "viewer", email="known@example.nhs.uk")
    page = client.get(f"/plans/{world['plan'].pk}/actions/new/").content.decode()
    assert "Invite this person to see this plan" not in page
    assert _new_action(client, world["plan"], owner_email=user.email).status_code == 302


def test_inviting_an_outside_owner_then_accepting_shows_them_the_plan(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["contributor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _new_action(client, world["plan"], invite_owner="on")
    assert response.status_code == 302
    action = Action.objects.get(title="Run a rota clinic")
    assert action.owner_user is None and action.owner_name == "Olu Outside"
    [message] = mail.outbox
    assert message.to == [OUTSIDER]
    assert "Cal Contributor has made you the owner of an action in the action plan Ward staffing" in message.body
    link = _link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert (invitation.plan, invitation.action, invitation.role) == (world["plan"], action, None)
    assert token not in invitation.token_hash
    [sent] = AuditEvent.objects.filter(action=AccountEvent.PLAN_INVITATION_SEND.value)
    assert sent.organisation == world["plan"].organisation and token not in str(sent.after)
    assert sent.after["plan"] == "Ward staffing" and sent.after["action"] == "Run a rota clinic"

    # The plan token opens nothing else: not the organisation invitation page.
    client.logout()
    assert client.get(f"/account/invitations/{token}/").status_code == 404
    page = client.get(link).content.decode()
    assert "You have been invited to see the action plan" in page and "Run a rota clinic" in page
    done = client.post(
        link, {"full_name": "Olu Outside", "job_title": "", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == f"/plans/{world['plan'].pk}/"
    person = User.objects.get(email=OUTSIDER)
    action.refresh_from_db()
    assert action.owner_user == person and action.owner_name == ""
    assert not person.memberships.exists()
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "invitation.plan_send",
        "invitation.plan_accept",
        "person.create",
        "plans.action.update",
    }

    # They see that plan and record progress on their action; nothing else.
    assert client.get(f"/plans/{world['plan'].pk}/").status_code == 200
    today = timezone.localdate().isoformat()
    progress = client.post(
        f"/plans/actions/{action.pk}/progress/", boxes({"date": today, "text": "Clinic booked", "status": ""})
    )
    assert progress.status_code == 302
    assert client.get(f"/plans/{world['other'].pk}/").status_code == 404
    assert client.get(f"/organisations/{world['plan'].organisation_id}/").status_code == 404
    assert "Another plan" not in client.get("/plans/").content.decode()

    # Single use.
    client.logout()
    assert "already been used" in client.get(link).content.decode()


def test_an_organisation_token_does_not_open_the_plan_invitation_page(world, client):
    from tests.factories.accounts import invitation

    _inv, token = invitation(world["plan"].organisation)
    assert client.get(f"/account/plan-invitations/{token}/").status_code == 404


def test_an_address_that_already_has_an_account_is_refused(world):
    action = ActionFactory(plan=world["plan"])
    with pytest.raises(account_actions.InvitationError, match="already uses Lodestar"):
        account_actions.create_plan_invitation(
            actor=world["contributor"], email=world["admin"].email, action=action, accept_url=str
        )
    assert not Invitation.objects.exists() and not AuditEvent.objects.filter(action__startswith="invitation").exists()


def test_an_action_given_to_someone_else_meanwhile_is_not_taken_over(world, client):
    action = ActionFactory(plan=world["plan"])
    invitation, token = account_actions.create_plan_invitation(
        actor=world["contributor"], email=OUTSIDER, action=action, accept_url=str
    )
    Action.objects.filter(pk=action.pk).update(owner_user=world["admin"])
    done = client.post(
        f"/account/plan-invitations/{token}/",
        {"full_name": "Olu Outside", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert "has since been given to someone else" in done.content.decode()
    action.refresh_from_db()
    assert action.owner_user == world["admin"]
    assert client.get(f"/plans/{world['plan'].pk}/").status_code == 404
