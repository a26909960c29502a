"""One rule, one answer: each rule the form, the API and the importer once wrote for themselves
now comes from the action, and every entry point gives the same answer."""

from __future__ import annotations

import datetime
import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lodestar.core.validation import ValidationProblem
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Action, ProgressUpdate
from lodestar.plans.tabular import COLUMNS
from tests.dates import boxes
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
DUE_BEFORE_START = "The due date must be on or after the start date"
DUE_OUT_OF_RANGE = "The due date must be between 2000 and 2099"
NO_TITLE = "Enter a title for the action"


@pytest.fixture
def world(orgs, client):
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Plan A")
    action = ActionFactory(plan=plan, title="Keep me", start_date=datetime.date(2027, 1, 1))
    user = member(orgs["trust_a"], "contributor")
    client.force_login(user)
    return {"plan": plan, "action": action, "user": user, "headers": auth_header(api_token(user)[1])}


# ------------------------------------------------------------------ the three entry points


def form_post(client, name: str, obj, data: dict) -> str:
    key = "plan_id" if name == "plans:action-new" else "action_id"
    response = client.post(reverse(name, kwargs={key: obj.pk}), boxes(data))
    assert response.status_code == 200, "the form should be shown again with its errors"
    return html.unescape(response.content.decode())


def edit_form(client, action, **overrides) -> str:
    data = {
        "title": action.title,
        "point": action.point_id,
        "organisation": action.organisation_id,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "version": action.version,
        **overrides,
    }
    return form_post(client, "plans:action-edit", action, data)


def api_errors(client, world, method: str, url: str, body: dict) -> list[dict]:
    call = client.patch if method == "patch" else client.post
    response = call(f"/api/v1/plans{url}", json.dumps(body), content_type="application/json", **world["headers"])
    assert response.status_code == 422, response.content
    return response.json()["errors"]


def import_messages(client, plan, row: str) -> str:
    data = (",".join(COLUMNS) + "\r\n" + row + "\r\n").encode()
    response = client.post(
        reverse("plans:import", kwargs={"plan_id": plan.pk}), {"file": SimpleUploadedFile("plan.csv", data)}
    )
    page = html.unescape(response.content.decode())
    assert "Nothing was imported" in page
    return page


def action_problems(call, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    return caught.value.problems


def nothing_changed(world) -> None:
    action = Action.objects.get(pk=world["action"].pk)
    assert (action.title, action.version) == ("Keep me", 1)
    assert Action.objects.filter(plan=world["plan"]).count() == 1
    assert not ProgressUpdate.objects.exists()


# ------------------------------------------------------------------ the rules


def test_a_progress_update_dated_in_the_future_is_refused_everywhere(client, world):
    action = world["action"]
    page = form_post(client, "plans:progress-new", action, {"date": TOMORROW.strftime("%d/%m/%Y"), "text": "Soon"})
    assert plan_actions.FUTURE_PROGRESS in page
    errors = api_errors(
        client, world, "post", f"/actions/{action.pk}/progress", {"date": TOMORROW.isoformat(), "text": "Soon"}
    )
    assert errors == [{"field": "body.date", "message": plan_actions.FUTURE_PROGRESS}]
    assert action_problems(
        plan_actions.add_progress_update, actor=world["user"], action=action, date=TOMORROW, text="Soon"
    ) == [("date", plan_actions.FUTURE_PROGRESS)]
    nothing_changed(world)


def test_today_is_accepted_everywhere(client, world):
    action = world["action"]
    response = client.post(
        reverse("plans:progress-new", kwargs={"action_id": action.pk}),
        boxes({"date": TODAY.isoformat(), "text": "Web"}),
    )
    assert response.status_code == 302
    body = {"date": TODAY.isoformat(), "text": "API"}
    url = f"/api/v1/plans/actions/{action.pk}/progress"
    assert client.post(url, json.dumps(body), content_type="application/json", **world["headers"]).status_code == 201
    plan_actions.add_progress_update(actor=world["user"], action=action, date=TODAY, text="Action")
    assert ProgressUpdate.objects.count() == 3


def test_a_due_date_before_the_start_date_is_refused_everywhere(client, world):
    action = world["action"]
    page = edit_form(client, action, start_date="2027-05-01", due_date="2027-01-01")
    assert DUE_BEFORE_START in page
    body = {"version": 1, "start_date": "2027-05-01", "due_date": "2027-01-01"}
    assert api_errors(client, world, "patch", f"/actions/{action.pk}", body) == [
        {"field": "body.due_date", "message": DUE_BEFORE_START}
    ]
    # Only the due date sent: checked against the start date already saved (2027-01-01).
    body = {"version": 1, "due_date": "2026-12-01"}
    assert api_errors(client, world, "patch", f"/actions/{action.pk}", body) == [
        {"field": "body.due_date", "message": DUE_BEFORE_START}
    ]
    page = import_messages(client, world["plan"], "Backwards,,supply,,,,2027-05-01,2027-01-01,,,")
    assert f"Row 2: due_date '2027-01-01': {DUE_BEFORE_START}" in page
    nothing_changed(world)


def test_a_date_outside_2000_to_2099_is_refused_everywhere(client, world):
    action = world["action"]
    page = edit_form(client, action, due_date="9999-12-31")
    assert "Due date must be between 2000 and 2099" in page  # the shared UK date field says it first
    assert api_errors(client, world, "patch", f"/actions/{action.pk}", {"version": 1, "due_date": "9999-12-31"}) == [
        {"field": "body.due_date", "message": DUE_OUT_OF_RANGE}
    ]
    page = import_messages(client, world["plan"], "Far off,,supply,,,,,31/12/9999,,,")
    assert f"Row 2: due_date '31/12/9999': {DUE_OUT_OF_RANGE}" in page
    assert action_problems(
        plan_actions.update_action,
        actor=world["user"],
        action=action,
        expected_version=1,
        changes={"due_date": datetime.date(9999, 12, 31)},
    ) == [("due_date", DUE_OUT_OF_RANGE)]
    nothing_changed(world)


def test_an_empty_title_is_refused_everywhere(client, world):
    action = world["action"]
    assert NO_TITLE in edit_form(client, action, title="   ")
    for title in ("", "   ", None):
        assert api_errors(client, world, "patch", f"/actions/{action.pk}", {"version": 1, "title": title}) == [
            {"field": "body.title", "message": NO_TITLE}
        ]
    page = import_messages(client, world["plan"], ",,supply,,,,,2027-06-30,,,")
    assert f"Row 2: title: {NO_TITLE}" in page
    nothing_changed(world)


def test_the_add_form_shows_the_actions_answer_beside_the_field(client, world):
    data = {
        "title": "New",
        "point": world["action"].point_id,
        "organisation": world["plan"].organisation_id,
        "start_date": "01/05/2027",
        "due_date": "01/01/2027",
        "status": "not_started",
        "priority_rank": "0",
    }
    page = form_post(client, "plans:action-new", world["plan"], data)
    assert page.count(DUE_BEFORE_START) == 2  # in the error summary and beside the due date
    assert page.count("Priority must be 1 or more") == 2
    nothing_changed(world)
