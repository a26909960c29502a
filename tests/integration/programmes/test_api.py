"""The programmes API: a programme with its parts, RAG words and linked plans; setting one up and
changing it through the same actions as the pages (422 naming the field, nothing written)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lodestar.programmes.models import Programme, ProgrammeMilestone
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


def _headers(person):
    return auth_header(api_token(person)[1])


def test_one_programme_has_its_parts_rag_words_and_linked_plans(client, world):
    prog = world["programme"]
    today = timezone.localdate()
    ProgrammeMilestone.objects.create(programme=prog, title="Late one", due_date=today - datetime.timedelta(days=2))
    ProgrammeMilestone.objects.create(programme=prog, title="Done", due_date=today, done_date=today)
    ProgrammeMilestone.objects.create(programme=prog, title="Later", due_date=today + datetime.timedelta(days=30))
    plan = ActionPlanFactory(organisation=world["orgs"]["ics_a"], title="Plan A")
    ActionFactory(plan=plan)
    hidden = ActionPlanFactory(organisation=world["orgs"]["ics_b"], title="Plan of ICS B")
    prog.plans.set([plan, hidden])
    body = client.get(f"/api/v1/programmes/programmes/{prog.pk}", **_headers(world["people"]["ics_viewer"])).json()
    assert body["rag"] == {"level": "amber", "words": "Amber: 1 of 3 milestones late"}
    assert [m["title"] for m in body["milestones"]] == ["Late one", "Done", "Later"]
    assert body["linked_plans"] == [{"id": plan.pk, "title": "Plan A", "actions": 1, "done": 0, "overdue": 0}]
    assert body["other_linked_plans"] == 1  # ICS B's plan is counted, not named
    assert body["partner_ids"] == [world["orgs"]["trust_b"].pk]


def test_set_up_a_programme_then_change_its_status(client, world):
    headers = _headers(world["people"]["ics_facilitator"])
    payload = {
        "name": "Care home nursing associates",
        "theme_id": world["theme"].pk,
        "organisation_id": world["orgs"]["ics_a"].pk,
        "partner_ids": [world["orgs"]["trust_a"].pk],
        "budget": "120000",
        "start_date": "2026-04-01",
        "status": "proposed",
    }
    created = client.post("/api/v1/programmes/programmes", payload, content_type="application/json", **headers)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["budget"] == "120000.00" and body["rag"]["level"] == "green"
    changed = client.patch(
        f"/api/v1/programmes/programmes/{body['id']}", {"status": "active"}, content_type="application/json", **headers
    )
    assert changed.json()["status"] == "active" and changed.json()["name"] == "Care home nursing associates"


def test_a_partner_id_no_database_holds_is_a_422_not_a_server_error(client, world):
    headers = _headers(world["people"]["ics_facilitator"])
    before = Programme.objects.count()
    payload = {
        "name": "Big numbers",
        "theme_id": world["theme"].pk,
        "organisation_id": world["orgs"]["ics_a"].pk,
        "partner_ids": [world["orgs"]["trust_a"].pk, 2**70],
    }
    response = client.post("/api/v1/programmes/programmes", payload, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.partner_ids", "message": "Choose partner organisations from the list"}
    ]
    assert Programme.objects.count() == before


def test_bad_values_are_a_422_naming_each_field_and_nothing_is_written(client, world):
    headers = _headers(world["people"]["ics_facilitator"])
    before = Programme.objects.count()
    payload = {"name": "", "theme_id": 999999, "organisation_id": world["orgs"]["ics_a"].pk, "status": "dreaming"}
    response = client.post("/api/v1/programmes/programmes", payload, content_type="application/json", **headers)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {
        "body.name": "Enter the name of the programme",
        "body.theme_id": "Choose the theme the programme belongs to",
        "body.status": "Choose the status from the list",
    }
    bad_dates = client.patch(
        f"/api/v1/programmes/programmes/{world['programme'].pk}",
        {"end_date": "2020-01-01"},
        content_type="application/json",
        **headers,
    )
    assert bad_dates.json()["errors"] == [
        {"field": "body.end_date", "message": "The end date must be on or after the start date"}
    ]
    assert Programme.objects.count() == before


def test_the_dashboard_tables_as_json(client, world):
    body = client.get("/api/v1/programmes/dashboard", **_headers(world["people"]["region_viewer"])).json()
    programmes = next(t for t in body if t["key"] == "programmes")
    assert programmes["rows"] == [["New medical and non-medical roles", 0, 1, 0, 0, 1]]
    other = client.get(
        "/api/v1/programmes/dashboard",
        {"ics_id": world["orgs"]["ics_b"].pk},
        **_headers(world["people"]["region_viewer"]),
    ).json()
    assert next(t for t in other if t["key"] == "programmes")["rows"] == []
    refused = client.get(
        "/api/v1/programmes/dashboard", {"ics_id": 999999}, **_headers(world["people"]["region_viewer"])
    )
    assert refused.status_code == 422
