"""Deleting an action: only those who manage the plan, after a confirmation page; the action
goes from the plan, its downloads and the portfolio counts, and the audit log keeps its record."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Action, Milestone, PlanEvent, ProgressUpdate, Status
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import star_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs):
    facilitator = member(orgs["trust_a"], "facilitator", email="fran@trust-a.nhs.uk")
    plan = plan_actions.create_plan(actor=facilitator, organisation=orgs["trust_a"], title="Ward staffing")
    made = [
        plan_actions.create_action(
            actor=facilitator,
            plan=plan,
            title=title,
            point=star_point("supply"),
            due_date=datetime.date(2027, 9, 30),
            status=Status.AT_RISK,
        )
        for title in ("Return to practice", "Night rota review")
    ]
    plan_actions.save_milestone(actor=facilitator, action=made[1], title="Draft rota")
    plan_actions.add_progress_update(
        actor=facilitator, action=made[1], date=datetime.date(2026, 11, 2), text="Started the review"
    )
    return {
        "plan": plan,
        "keep": made[0],
        "doomed": made[1],
        "facilitator": facilitator,
        "ics_facilitator": member(orgs["ics_a"], "facilitator"),
        "contributor": member(orgs["trust_a"], "contributor"),
        "outsider": member(orgs["ics_b"], "org_admin"),
    }


def delete_url(action) -> str:
    return reverse("plans:action-delete", kwargs={"action_id": action.pk})


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_facilitator_confirms_and_the_action_goes_with_an_audit_record(client, world):
    doomed, plan = world["doomed"], world["plan"]
    client.force_login(world["facilitator"])
    action_page = page(client.get(reverse("plans:action", kwargs={"action_id": doomed.pk})))
    assert delete_url(doomed) in action_page and "Delete the action" in action_page

    confirmation = client.get(delete_url(doomed))
    assert confirmation.status_code == 200
    text = page(confirmation)
    assert 'Delete the action "Night rota review"?' in text
    assert "This cannot be undone" in text and "The audit log keeps a record" in text
    assert Action.objects.filter(pk=doomed.pk).exists(), "the confirmation page deletes nothing"

    response = client.post(delete_url(doomed))

    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", kwargs={"plan_id": plan.pk})
    assert list(Action.objects.filter(plan=plan)) == [world["keep"]]
    assert not Milestone.objects.filter(action_id=doomed.pk).exists()
    assert not ProgressUpdate.objects.filter(action_id=doomed.pk).exists()
    [event] = AuditEvent.objects.filter(action=PlanEvent.ACTION_DELETE.value)
    assert (event.actor, event.organisation, event.target_id, event.target_label, event.after) == (
        world["facilitator"],
        plan.organisation,
        str(doomed.pk),
        "Night rota review",
        None,
    )
    assert event.before["title"] == "Night rota review" and event.before["reference"] == doomed.reference
    assert PlanEvent.ACTION_DELETE.label == "Action deleted"
    plan_page = page(client.get(response["Location"]))
    assert "Action deleted: Night rota review" in plan_page


def test_a_deleted_action_leaves_the_downloads_and_the_portfolio_counts(client, world):
    client.force_login(world["facilitator"])
    client.get(client.post(delete_url(world["doomed"]))["Location"])  # the plan page shows "Action deleted"
    csv_text = client.get(reverse("plans:export-csv", kwargs={"plan_id": world["plan"].pk})).content.decode("utf-8-sig")
    assert "Return to practice" in csv_text and "Night rota review" not in csv_text
    portfolio = page(client.get(reverse("plans:portfolio")))
    assert "Night rota review" not in portfolio
    assert AuditEvent.objects.filter(target_id=str(world["doomed"].pk), action=PlanEvent.ACTION_DELETE.value).exists()


def test_a_facilitator_above_the_plans_organisation_may_delete(client, world):
    client.force_login(world["ics_facilitator"])
    assert client.post(delete_url(world["doomed"])).status_code == 302
    assert not Action.objects.filter(pk=world["doomed"].pk).exists()


def test_contributors_may_not_delete_and_nothing_changes(client, world):
    client.force_login(world["contributor"])
    action_page = page(client.get(reverse("plans:action", kwargs={"action_id": world["doomed"].pk})))
    assert delete_url(world["doomed"]) not in action_page
    assert client.get(delete_url(world["doomed"])).status_code == 403
    assert client.post(delete_url(world["doomed"])).status_code == 403
    assert Action.objects.filter(pk=world["doomed"].pk).exists()
    assert not AuditEvent.objects.filter(action=PlanEvent.ACTION_DELETE.value).exists()


def test_an_action_out_of_reach_is_not_found(client, world):
    client.force_login(world["outsider"])
    assert client.get(delete_url(world["doomed"])).status_code == 404
    assert client.post(delete_url(world["doomed"])).status_code == 404
    assert Action.objects.filter(pk=world["doomed"].pk).exists()


# ------------------------------------------------------------------ the API


def api_delete(client, user, action_id):
    return client.delete(f"/api/v1/plans/actions/{action_id}", **auth_header(api_token(user)[1]))


def test_the_api_deletes_with_the_same_rules(client, world):
    doomed = world["doomed"]
    assert api_delete(client, world["outsider"], doomed.pk).status_code == 404
    refused = api_delete(client, world["contributor"], doomed.pk)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only facilitators at the plan's organisation can delete its actions."}
    assert api_delete(client, world["facilitator"], 0).status_code == 422
    assert Action.objects.filter(pk=doomed.pk).exists()

    response = api_delete(client, world["facilitator"], doomed.pk)

    assert response.status_code == 204 and response.content == b""
    assert not Action.objects.filter(pk=doomed.pk).exists()
    [event] = AuditEvent.objects.filter(action=PlanEvent.ACTION_DELETE.value)
    assert event.actor == world["facilitator"]
    assert api_delete(client, world["facilitator"], doomed.pk).status_code == 404
