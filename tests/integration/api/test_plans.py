"""The plans API: actions and progress updates, scoped by organisation, with optimistic locking."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from lodestar.plans.models import Action, ProgressUpdate, Status
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory, star_point

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(orgs):
    plan_a = ActionPlanFactory(organisation=orgs["trust_a"], title="Plan A")
    plan_b = ActionPlanFactory(organisation=orgs["trust_b"], title="Plan B")
    late = ActionFactory(
        plan=plan_a,
        title="Late",
        due_date=TODAY - datetime.timedelta(days=2),
        start_date=TODAY - datetime.timedelta(days=20),
        status=Status.ON_TRACK,
    )
    fine = ActionFactory(plan=plan_a, title="Fine", point=star_point("leadership"), status=Status.AT_RISK)
    hidden = ActionFactory(plan=plan_b, title="Other ICS")
    contributor = member(orgs["trust_a"], "contributor")
    viewer = member(orgs["ics_a"], "viewer")
    return {
        "plan_a": plan_a,
        "plan_b": plan_b,
        "late": late,
        "fine": fine,
        "hidden": hidden,
        "contributor": contributor,
        "viewer": viewer,
    }


def headers(user):
    return auth_header(api_token(user)[1])


def patch(client, user, action, body):
    return client.patch(
        f"/api/v1/plans/actions/{action.pk}", json.dumps(body), content_type="application/json", **headers(user)
    )


def test_lists_only_actions_in_reach_with_overdue_first(client, world):
    response = client.get("/api/v1/plans/actions", **headers(world["viewer"]))
    assert response.status_code == 200
    titles = [a["title"] for a in response.json()["items"]]
    assert titles == ["Late", "Fine"]
    assert response.json()["items"][0]["overdue"] is True
    assert client.get("/api/v1/plans/actions", {"point": "leadership"}, **headers(world["viewer"])).json()["count"] == 1
    assert client.get("/api/v1/plans/actions", {"overdue": "true"}, **headers(world["viewer"])).json()["count"] == 1
    plans = client.get("/api/v1/plans", **headers(world["viewer"])).json()
    assert [p["title"] for p in plans["items"]] == ["Plan A"]


def test_out_of_reach_is_404_and_no_credentials_is_401(client, world):
    assert client.get(f"/api/v1/plans/actions/{world['hidden'].pk}", **headers(world["viewer"])).status_code == 404
    assert client.get(f"/api/v1/plans/{world['plan_b'].pk}", **headers(world["viewer"])).status_code == 404
    assert client.get("/api/v1/plans/actions").status_code == 401


def test_contributor_changes_an_action_and_a_stale_version_gets_409(client, world):
    action = world["fine"]
    response = patch(client, world["contributor"], action, {"version": 1, "status": "off_track"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "off_track" and response.json()["version"] == 2
    stale = patch(client, world["contributor"], action, {"version": 1, "title": "Lost update"})
    assert stale.status_code == 409
    assert "Someone else changed this action" in stale.json()["detail"]
    action.refresh_from_db()
    assert action.title == "Fine" and action.version == 2


def test_viewer_cannot_change_an_action(client, world):
    response = patch(client, world["viewer"], world["fine"], {"version": 1, "status": "done"})
    assert response.status_code == 403
    assert Action.objects.get(pk=world["fine"].pk).status == Status.AT_RISK


def test_bad_values_are_422_and_change_nothing(client, world):
    response = patch(client, world["contributor"], world["fine"], {"version": 1, "status": "green"})
    assert response.status_code == 422 and "status" in response.json()["detail"]
    response = patch(
        client,
        world["contributor"],
        world["fine"],
        {"version": 1, "start_date": "2027-05-01", "due_date": "2027-01-01"},
    )
    assert response.status_code == 422 and "due_date" in response.json()["detail"]
    assert Action.objects.get(pk=world["fine"].pk).version == 1


def test_progress_updates_are_added_and_listed(client, world):
    action = world["late"]
    url = f"/api/v1/plans/actions/{action.pk}/progress"
    body = {"date": TODAY.isoformat(), "text": "Interviews booked", "status": "done"}
    response = client.post(url, json.dumps(body), content_type="application/json", **headers(world["contributor"]))
    assert response.status_code == 201, response.content
    assert response.json()["status_after"] == "done"
    action.refresh_from_db()
    assert action.status == Status.DONE and not action.is_overdue
    listed = client.get(url, **headers(world["viewer"])).json()
    assert [u["text"] for u in listed] == ["Interviews booked"]
    response = client.post(url, json.dumps(body), content_type="application/json", **headers(world["viewer"]))
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == 1


def test_empty_change_with_a_stale_version_is_409(client, world):
    patch(client, world["contributor"], world["fine"], {"version": 1, "status": "done"})
    assert patch(client, world["contributor"], world["fine"], {"version": 1}).status_code == 409
    assert patch(client, world["contributor"], world["fine"], {"version": 2}).status_code == 200


def test_dates_outside_2000_to_2099_are_422_and_the_timeline_still_opens(client, world):
    action = world["fine"]
    response = patch(client, world["contributor"], action, {"version": 1, "due_date": "9999-12-31"})
    assert response.status_code == 422 and "due_date" in response.json()["detail"]
    url = f"/api/v1/plans/actions/{action.pk}/progress"
    body = {"date": "1900-01-01", "text": "Long ago"}
    response = client.post(url, json.dumps(body), content_type="application/json", **headers(world["contributor"]))
    assert response.status_code == 422 and "date" in response.json()["detail"]
    assert Action.objects.get(pk=action.pk).version == 1 and not ProgressUpdate.objects.exists()
    client.force_login(world["contributor"])
    assert client.get(f"/plans/{world['plan_a'].pk}/timeline/").status_code == 200


def test_the_openapi_document_says_progress_dates_cannot_be_in_the_future(client):
    schema = client.get("/api/v1/openapi.json").json()
    date = schema["components"]["schemas"]["ProgressIn"]["properties"]["date"]
    assert "future" in date["description"] and "2099" in date["description"]
    post = schema["paths"]["/api/v1/plans/actions/{action_id}/progress"]["post"]
    assert "future" in post["description"]
