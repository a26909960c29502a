"""Request bodies must match their schema: a JSON object with only the declared fields.

``PUT /workshops/{id}/scores/{point}`` once took any JSON (``null``, ``[]``, ``"x"``, ``{}``,
``{"unknown": 1}``) as an empty body and cleared the point's scores and evidence. Now a body
that is not an object, or has an unknown field, is a 422 and changes nothing; ``{}`` changes
nothing; the fields sent change and the others stay. The OpenAPI document says the same:
no ``null`` where null is refused, ``additionalProperties: false``, and the 422s it gives.
"""

from __future__ import annotations

import json

import pytest

from lodestar.core.models import AuditEvent
from lodestar.plans.models import Action
from lodestar.workshops.models import Candidate, PointAssessment
from tests.factories import member
from tests.factories.api import api_token, auth_header, intervention, star_points
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.workshops import WorkshopFactory, participant

pytestmark = pytest.mark.django_db

NOT_AN_OBJECT = "The body must be a JSON object, for example {}"
UNKNOWN_CODE = "No intervention in the catalogue you can see has this code"
SAVED = {"current_score": 2, "target_score": 4, "evidence": "Vacancies at 14%"}


@pytest.fixture
def world(orgs):
    points = star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    participant(workshop, "facilitator", user=facilitator)
    PointAssessment.objects.create(workshop=workshop, point=points["supply"], **SAVED)
    plan = ActionPlanFactory(organisation=orgs["trust_a"], workshop=workshop)
    action = ActionFactory(plan=plan, owner_user=facilitator, title="Keep me")
    return {
        "workshop": workshop,
        "action": action,
        "headers": auth_header(api_token(facilitator)[1]),
        "scores": f"/api/v1/workshops/{workshop.pk}/scores/supply",
    }


def put(client, world, body: str):
    return client.put(world["scores"], body, content_type="application/json", **world["headers"])


def saved_scores() -> dict:
    assessment = PointAssessment.objects.get()
    return {name: getattr(assessment, name) for name in SAVED}


def errors(response) -> list[dict]:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


@pytest.mark.parametrize("body", ["null", "[]", '"x"', "1", "true", '[{"current_score": 1}]'])
def test_a_score_body_that_is_not_an_object_is_refused_and_changes_nothing(client, world, body):
    assert [e["message"] for e in errors(put(client, world, body))] == [NOT_AN_OBJECT]
    assert saved_scores() == SAVED


def test_an_empty_score_body_is_refused(client, world):
    assert [e["message"] for e in errors(put(client, world, ""))] == ["Field required"]
    assert saved_scores() == SAVED


@pytest.mark.parametrize("body", ['{"unknown": 1}', '{"current_score": 3, "evidnce": "typo"}'])
def test_a_score_body_with_an_unknown_field_is_refused(client, world, body):
    messages = [e["message"] for e in errors(put(client, world, body))]
    assert messages == ["Extra inputs are not permitted"]
    assert saved_scores() == SAVED


def test_null_evidence_is_refused_not_stored_as_empty(client, world):
    assert errors(put(client, world, '{"evidence": null}'))
    assert saved_scores() == SAVED


def test_an_empty_object_changes_nothing(client, world):
    events = AuditEvent.objects.count()
    response = put(client, world, "{}")
    assert response.status_code == 200
    assert response.json() == {"point": "supply", "point_name": "Supply", **SAVED}
    assert saved_scores() == SAVED
    assert AuditEvent.objects.count() == events  # nothing written, so nothing recorded


def test_only_the_fields_sent_change(client, world):
    response = put(client, world, '{"target_score": 5}')
    assert response.status_code == 200 and response.json()["target_score"] == 5
    assert saved_scores() == {**SAVED, "target_score": 5}
    response = put(client, world, '{"current_score": null}')
    assert response.json() == {
        "point": "supply",
        "point_name": "Supply",
        **SAVED,
        "target_score": 5,
        "current_score": None,
    }
    assert saved_scores() == {**SAVED, "target_score": 5, "current_score": None}


def test_an_empty_object_on_a_point_not_yet_scored_creates_nothing(client, world):
    url = world["scores"].replace("/supply", "/leadership")
    response = client.put(url, "{}", content_type="application/json", **world["headers"])
    assert response.status_code == 200
    assert response.json() == {
        "point": "leadership",
        "point_name": "Leadership",
        "current_score": None,
        "target_score": None,
        "evidence": "",
    }
    assert PointAssessment.objects.count() == 1


# ------------------------------------------------------------------ the other bodies


def test_every_body_refuses_what_is_not_an_object_and_unknown_fields(client, world):
    w, action = world["workshop"], world["action"]
    calls = [
        (client.post, f"/api/v1/workshops/{w.pk}/contributions"),
        (client.post, f"/api/v1/workshops/{w.pk}/candidates"),
        (client.patch, f"/api/v1/plans/actions/{action.pk}"),
        (client.post, f"/api/v1/plans/actions/{action.pk}/progress"),
    ]
    for call, url in calls:
        for body in ("null", "[]", '"x"', '{"unknown": 1}'):
            response = call(url, body, content_type="application/json", **world["headers"])
            assert response.status_code == 422, (url, body, response.content)
    assert Action.objects.get(pk=action.pk).version == 1
    assert not action.progress_updates.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("status", "Choose a status from the list"),
        ("title", "Enter a title for the action"),
        ("due_date", "Enter a due date"),
    ],
)
def test_null_for_what_an_action_always_has_is_the_actions_422(client, world, field, message):
    action = world["action"]
    body = json.dumps({"version": 1, field: None})
    response = client.patch(
        f"/api/v1/plans/actions/{action.pk}", body, content_type="application/json", **world["headers"]
    )
    assert errors(response) == [{"field": f"body.{field}", "message": message}]
    assert Action.objects.get(pk=action.pk).title == "Keep me"


def test_an_unknown_intervention_code_is_the_documented_422(client, world):
    intervention("supply-return-to-practice")
    url = f"/api/v1/workshops/{world['workshop'].pk}/candidates"
    body = json.dumps({"intervention_code": "no-such-code"})
    response = client.post(url, body, content_type="application/json", **world["headers"])
    assert errors(response) == [{"field": "body.intervention_code", "message": UNKNOWN_CODE}]
    assert not Candidate.objects.exists()


# ------------------------------------------------------------------ the document says so


@pytest.fixture
def document(client, db):
    return client.get("/api/v1/openapi.json").json()


def _schema(document, name: str) -> dict:
    return document["components"]["schemas"][name]


def test_request_bodies_refuse_unknown_fields_in_the_document(document):
    for name in ("ScoreIn", "ContributionIn", "CandidateIn", "RatingIn", "ActionChange", "ProgressIn"):
        assert _schema(document, name)["additionalProperties"] is False, name


def test_fields_that_refuse_null_do_not_offer_it(document):
    change = _schema(document, "ActionChange")["properties"]
    for name in ("title", "due_date", "status"):
        assert "anyOf" not in change[name] and change[name].get("type") == "string", name
        assert "default" not in change[name], name
    assert change["status"]["enum"] == ["not_started", "on_track", "at_risk", "off_track", "done", "stopped"]
    assert {"type": "null"} in change["start_date"]["anyOf"]  # null clears the start date
    evidence = _schema(document, "ScoreIn")["properties"]["evidence"]
    assert evidence["type"] == "string" and "default" not in evidence


def test_the_document_declares_the_422s(document):
    progress = document["paths"]["/api/v1/plans/actions/{action_id}/progress"]["post"]
    assert "future is refused with 422" in progress["description"]
    assert "in the future is refused (422)" in _schema(document, "ProgressIn")["properties"]["date"]["description"]
    candidates = document["paths"]["/api/v1/workshops/{workshop_id}/candidates"]["post"]
    assert UNKNOWN_CODE in candidates["description"]
    example = candidates["responses"]["422"]["content"]["application/json"]["example"]
    assert example["errors"] == [{"field": "body.intervention_code", "message": UNKNOWN_CODE}]
    scores = document["paths"]["/api/v1/workshops/{workshop_id}/scores/{point}"]["put"]
    assert "`{}` changes nothing" in scores["description"]
    assert "control characters" in _schema(document, "ContributionIn")["properties"]["text"]["description"]


def test_a_type_error_and_an_action_refusal_name_the_field_the_same_way(client, world):
    url = f"/api/v1/plans/actions/{world['action'].pk}"
    patch = {"content_type": "application/json", **world["headers"]}
    wrong_type = client.patch(url, json.dumps({"version": 1, "priority_rank": "high"}), **patch)
    refused = client.patch(url, json.dumps({"version": 1, "title": "   "}), **patch)
    assert wrong_type.status_code == refused.status_code == 422
    assert [e["field"] for e in wrong_type.json()["errors"]] == ["body.priority_rank"]
    assert [e["field"] for e in refused.json()["errors"]] == ["body.title"]
