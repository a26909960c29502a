"""The pilots API: a pilot from proposal to scale-up through the same actions as the pages, and
one rule answered the same way through the form, the API and the action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.validation import ValidationProblem
from lodestar.pilots import actions, lifecycle
from lodestar.pilots.models import Pilot, Stage
from tests.factories.api import api_token, auth_header
from tests.factories.pilots import pilot

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    _token, plain = api_token(world["people"]["facilitator"])
    headers = auth_header(plain)

    def call(method, path, body=None):
        response = getattr(client, method)(
            f"/api/v1/pilots{path}", data=body or {}, content_type="application/json", **headers
        )
        return response.status_code, response.json()

    return call


def test_a_pilot_from_proposal_to_scale_up_through_the_api(api, world):
    trust_a = world["orgs"]["trust_a"]
    status, body = api(
        "post",
        "",
        {
            "organisation": trust_a.pk,
            "title": "Buddying",
            "hypothesis": "Buddies keep nurses",
            "sites": [trust_a.pk],
            "cohort_size": 90,
        },
    )
    assert status == 201 and body["stage"] == "proposed" and body["sites"] == [trust_a.pk]
    pk = body["id"]
    status, measure = api("post", f"/{pk}/measures", {"name": "Leavers in a year", "unit": "%", "baseline": "14"})
    assert status == 201 and measure["baseline"] == "14.00"
    assert api("post", f"/{pk}/approve", {"approved_on": "2025-01-10"})[1]["stage"] == "approved"
    assert api("post", f"/{pk}/start", {"started_on": "2025-02-01"})[1]["stage"] == "running"
    status, cycle = api("post", f"/{pk}/cycles", {"plan": "Buddy March starters", "started_on": "2025-03-01"})
    assert status == 201 and cycle["number"] == 1
    assert api("get", f"/{pk}/cycles")[1][0]["plan"] == "Buddy March starters"
    body = {"values": [{"measure": measure["id"], "before": 14, "after": 10}], "learned": "Time matters"}
    assert api("post", f"/{pk}/evaluate", body)[1]["stage"] == "evaluating"
    status, body = api("post", f"/{pk}/decide", {"decision": "scale_up", "rationale": "Worked everywhere"})
    assert status == 200 and body["stage"] == "decided" and body["decision"] == "scale_up"
    assert body["case_study_id"] and body["intervention_code"].startswith("local-")
    assert [h["to_stage"] for h in body["history"]] == ["proposed", "approved", "running", "evaluating", "decided"]
    listing = api("get", "?stage=decided")[1]
    assert [p["id"] for p in listing["items"]] == [pk]
    assert api("get", "?stage=running")[1]["items"] == []


def test_the_api_names_each_bad_field_and_writes_nothing(api, world):
    status, body = api("post", "", {"organisation": world["orgs"]["trust_a"].pk, "title": "", "budget": "lots"})
    assert status == 422
    assert body["errors"] == [
        {"field": "body.title", "message": "Enter a title for the pilot"},
        {"field": "body.budget", "message": "The budget must be a number, like 12 or 4.5"},
    ]
    assert api(
        "post", "", {"organisation": world["orgs"]["trust_a"].pk, "title": "x", "sites": [world["orgs"]["trust_c"].pk]}
    )[1]["errors"] == [{"field": "body.sites", "message": "Choose sites from the list"}]
    for site in (0, -5, 2**64):  # ids no database holds: the same answer, not a server error
        assert api("post", "", {"organisation": world["orgs"]["trust_a"].pk, "title": "x", "sites": [site]})[1][
            "errors"
        ] == [{"field": "body.sites", "message": "Choose sites from the list"}]
    assert not Pilot.objects.exists()


def test_the_approval_gate_is_the_same_through_every_entry_point(client, api, world):
    """The form, the API and the action give the same words, and nothing changes."""
    fran = world["people"]["facilitator"]
    made = pilot(fran, world["orgs"]["trust_a"], sites=[], measures=[], hypothesis="")
    expected = [
        ("hypothesis", lifecycle.NO_HYPOTHESIS),
        ("measures", lifecycle.NO_MEASURE),
        ("sites", lifecycle.NO_SITES),
    ]
    with pytest.raises(ValidationProblem) as caught:
        actions.approve(actor=fran, pilot=made, approved_on=made.created_at.date())
    assert caught.value.problems == expected
    status, body = api("post", f"/{made.pk}/approve", {"approved_on": "2025-01-10"})
    assert status == 422 and body["errors"] == [{"field": f"body.{f}", "message": m} for f, m in expected]
    client.force_login(fran)
    page = client.post(
        reverse("pilots:approve", args=[made.pk]),
        {"approved_on-day": "10", "approved_on-month": "1", "approved_on-year": "2025"},
    ).text
    assert all(m in page for _f, m in expected)
    made.refresh_from_db()
    assert made.stage == Stage.PROPOSED
