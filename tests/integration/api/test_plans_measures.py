"""The plans API's success measures (ADR 0019): an action's measures with their dated values,
and recording a value through the same action as the web page, so the same rule answers."""

from __future__ import annotations

import datetime
import html
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.plans.models import MeasureValue
from tests.dates import boxes
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FUTURE = "The date of the value cannot be in the future"


@pytest.fixture
def world(orgs):
    action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Return to practice")
    measure = SuccessMeasureFactory(
        action=action, metric="Vacancy rate", unit="%", direction="lower", baseline=Decimal("14.5"), target=8
    )
    measure.values.create(date=datetime.date(2026, 10, 1), value=Decimal("13.25"), recorded_by_label="Fran")
    contributor = member(orgs["trust_a"], "contributor", full_name="Cal Contributor")
    return {"action": action, "measure": measure, "contributor": contributor, "orgs": orgs}


def headers(user) -> dict:
    return auth_header(api_token(user)[1])


def values_url(world, measure=None) -> str:
    measure = measure or world["measure"]
    return f"/api/v1/plans/actions/{world['action'].pk}/measures/{measure.pk}/values"


def post(client, user, url, body):
    return client.post(url, json.dumps(body), content_type="application/json", **headers(user))


def test_an_actions_measures_come_with_their_values_oldest_first(client, world):
    response = client.get(f"/api/v1/plans/actions/{world['action'].pk}/measures", **headers(world["contributor"]))
    assert response.status_code == 200
    [measure] = response.json()
    assert {k: measure[k] for k in ("metric", "unit", "direction", "baseline", "target")} == {
        "metric": "Vacancy rate",
        "unit": "%",
        "direction": "lower",
        "baseline": 14.5,
        "target": 8.0,
    }
    assert [(v["date"], v["value"], v["recorded_by"]) for v in measure["values"]] == [("2026-10-01", 13.25, "Fran")]


def test_a_value_is_recorded_through_the_api(client, world):
    response = post(client, world["contributor"], values_url(world), {"date": TODAY.isoformat(), "value": 12.5})
    assert response.status_code == 201, response.content
    assert (response.json()["value"], response.json()["recorded_by"]) == (12.5, "Cal Contributor")
    assert [v.value for v in world["measure"].series] == [Decimal("13.25"), Decimal("12.5")]


def test_a_future_date_is_refused_the_same_way_everywhere(client, world):
    """One rule (measure_actions.check_measure_value), three entry points, the same words."""
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = post(client, world["contributor"], values_url(world), {"date": tomorrow, "value": 12})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.date", "message": FUTURE}]
    client.force_login(world["contributor"])
    url = reverse(
        "plans:measure-value-new", kwargs={"action_id": world["action"].pk, "measure_id": world["measure"].pk}
    )
    page = client.post(url, boxes({"date": tomorrow, "value": "12"}))
    assert FUTURE in html.unescape(page.content.decode())
    response = post(client, world["contributor"], values_url(world), {"date": TODAY.isoformat(), "value": "1.234"})
    assert response.json()["errors"] == [
        {"field": "body.value", "message": "The value can have at most 2 decimal places"}
    ]
    assert MeasureValue.objects.count() == 1


def test_viewers_may_read_but_not_record_and_others_get_404(client, world):
    viewer = member(world["orgs"]["ics_a"], "viewer")
    assert client.get(f"/api/v1/plans/actions/{world['action'].pk}/measures", **headers(viewer)).status_code == 200
    assert post(client, viewer, values_url(world), {"date": TODAY.isoformat(), "value": 1}).status_code == 403
    outsider = member(world["orgs"]["ics_b"], "org_admin")
    assert client.get(f"/api/v1/plans/actions/{world['action'].pk}/measures", **headers(outsider)).status_code == 404
    assert post(client, outsider, values_url(world), {"date": TODAY.isoformat(), "value": 1}).status_code == 404
    elsewhere = SuccessMeasureFactory(action=ActionFactory(plan=world["action"].plan))
    body = {"date": TODAY.isoformat(), "value": 1}
    assert post(client, world["contributor"], values_url(world, elsewhere), body).status_code == 404
    assert MeasureValue.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"date": TODAY.isoformat(), "value": "NaN"},
        {"date": TODAY.isoformat(), "value": "Infinity"},
        {"date": TODAY.isoformat(), "value": "1e20"},
        {"date": TODAY.isoformat(), "value": "lots"},
        {"date": TODAY.isoformat(), "value": None},
        {"date": TODAY.isoformat()},
        {"date": "2199-01-01", "value": 1},
        {"date": "1999-12-31", "value": 1},
        {"date": "yesterday", "value": 1},
        {"value": 1},
    ],
)
def test_a_bad_value_or_date_is_a_422_naming_the_field_and_writes_nothing(client, world, body):
    response = post(client, world["contributor"], values_url(world), body)
    assert response.status_code == 422, response.content
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields and fields <= {"body.date", "body.value"}, fields
    assert all(error["message"] for error in response.json()["errors"])
    assert MeasureValue.objects.count() == 1
