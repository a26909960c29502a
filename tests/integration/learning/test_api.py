"""The shared-learning API: search case studies with words and facets, read one with its results,
tags and pictures; adoption records with filters and history, and recording the next stage through
the page's action (its refusals as a 422 naming the field, nothing written); readiness assessments
with their ranked result; the spread dashboard's figures. Out of reach is 404, a viewer who may not
record is 403, no credentials 401.

People and places: ``world`` (conftest.py beside this file): Test Region > ICS A > PCN A
> Practice A and Trust A; ICS B > Trust B; a second region with ICS C > Trust C."""

from __future__ import annotations

import datetime

import pytest

from lodestar.learning import actions_adoption, actions_readiness, readiness
from lodestar.learning.models import AdoptionChange, AdoptionRecord, Status
from tests.factories.api import api_token, auth_header
from tests.factories.learning import case_study
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/learning"
D = datetime.date


def headers(person) -> dict[str, str]:
    return auth_header(api_token(person)[1])


@pytest.fixture
def intervention():
    return InterventionFactory(code="supply-preceptorship", title="Preceptorship for new registrants")


@pytest.fixture
def published(world, intervention):
    return case_study(
        world["orgs"]["pcn_a"],
        title="Preceptorship that kept our newly qualified nurses",
        status=Status.PUBLISHED,
        visibility="region",
        interventions=[intervention],
        staff_groups=["registered-nurses"],
    )


@pytest.fixture
def adoption(world, intervention):
    record = actions_adoption.record_stage(
        actor=world["people"]["sibling"],
        organisation=world["orgs"]["trust_a"],
        intervention=intervention,
        stage="piloting",
        since=D(2025, 1, 6),
        note="Two wards first",
    )
    return actions_adoption.change_stage(
        actor=world["people"]["sibling"], adoption=record, stage="adopted", since=D(2025, 7, 1)
    )


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


# --- case studies ----------------------------------------------------------------------------------


def test_search_finds_a_case_study_by_words_and_facets(client, world, published):
    h = headers(world["people"]["other_ics"])
    assert titles(client.get(f"{BASE}/case-studies", {"q": "preceptorship nurses"}, **h)) == [published.title]
    assert titles(client.get(f"{BASE}/case-studies", {"intervention": "supply-preceptorship"}, **h)) == [
        published.title
    ]
    assert titles(client.get(f"{BASE}/case-studies", {"staff_group": "registered-nurses", "sector": "nhs"}, **h))
    assert titles(client.get(f"{BASE}/case-studies", {"q": "dentistry"}, **h)) == []
    assert titles(client.get(f"{BASE}/case-studies", {"sector": "voluntary"}, **h)) == []


def test_search_words_of_any_character_never_fail(client, world, published):
    h = headers(world["people"]["editor"])
    for words in ["'; drop table", '"unclosed', "-", "or or", "ñurse ☃", "a & b | !c"]:
        assert client.get(f"{BASE}/case-studies", {"q": words}, **h).status_code == 200
    too_long = client.get(f"{BASE}/case-studies", {"q": "x" * 201}, **h)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "query.q"


def test_a_case_study_comes_with_its_results_and_tags(client, world, published):
    response = client.get(f"{BASE}/case-studies/{published.pk}", **headers(world["people"]["other_ics"]))
    assert response.status_code == 200
    body = response.json()
    assert body["challenge"].startswith("Too many newly qualified nurses")
    assert body["results"][0]["measure"] == "Nurses leaving in their first year"
    assert (body["results"][0]["baseline"], body["results"][0]["after"]) == (24, 11)
    assert body["interventions"] == [{"key": "supply-preceptorship", "name": "Preceptorship for new registrants"}]
    assert body["staff_groups"][0]["key"] == "registered-nurses"
    assert body["images"] == []
    assert "search_vector" not in body


def test_unpublished_and_out_of_reach_case_studies_are_not_found(client, world, published):
    draft = case_study(world["orgs"]["pcn_a"], title="Our draft rota")
    sibling = headers(world["people"]["sibling"])  # ICS A, may read the published one
    assert client.get(f"{BASE}/case-studies/{draft.pk}", **sibling).status_code == 404
    assert "Our draft rota" not in titles(client.get(f"{BASE}/case-studies", **sibling))
    other_region = headers(world["people"]["other_region"])
    assert client.get(f"{BASE}/case-studies/{published.pk}", **other_region).status_code == 404
    assert titles(client.get(f"{BASE}/case-studies", **other_region)) == []
    editor = headers(world["people"]["editor"])
    assert client.get(f"{BASE}/case-studies/{draft.pk}", **editor).json()["status"] == "draft"


def test_no_credentials_is_401(client, published, adoption):
    for url in ["/case-studies", f"/case-studies/{published.pk}", "/adoption", f"/adoption/{adoption.pk}", "/spread"]:
        assert client.get(BASE + url).status_code == 401, url


# --- adoption --------------------------------------------------------------------------------------


def test_adoption_records_are_listed_with_filters_and_read_with_their_history(client, world, adoption):
    h = headers(world["people"]["ics_viewer"])
    listed = client.get(f"{BASE}/adoption", {"stage": "adopted", "intervention": "supply-preceptorship"}, **h)
    assert [(r["organisation_name"], r["stage_name"]) for r in listed.json()["items"]] == [("Trust A", "Adopted")]
    assert client.get(f"{BASE}/adoption", {"stage": "piloting"}, **h).json()["count"] == 0
    one = client.get(f"{BASE}/adoption/{adoption.pk}", **h).json()
    assert [(c["stage"], c["on"]) for c in one["history"]] == [("piloting", "2025-01-06"), ("adopted", "2025-07-01")]
    other = headers(world["people"]["other_ics"])  # ICS B: Trust A is out of reach
    assert client.get(f"{BASE}/adoption/{adoption.pk}", **other).status_code == 404
    assert client.get(f"{BASE}/adoption", **other).json()["count"] == 0


def test_recording_the_next_stage_goes_through_the_pages_action(client, world, adoption):
    h = headers(world["people"]["sibling"])
    body = {"stage": "embedded", "since": "2026-01-05", "note": "Now in every ward's induction"}
    response = client.post(f"{BASE}/adoption/{adoption.pk}/stages", body, content_type="application/json", **h)
    assert response.status_code == 201, response.content
    assert response.json()["stage_name"] == "Embedded"
    assert response.json()["history"][-1]["note"] == "Now in every ward's induction"
    assert AdoptionRecord.objects.get().stage == "embedded"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"stage": "adopted", "since": "2026-01-05"}, "body.stage", "already at adopted"),
        ({"stage": "flying", "since": "2026-01-05"}, "body.stage", "Choose the stage"),
        ({"stage": "discontinued", "since": "2026-01-05"}, "body.reason", "Enter why your organisation stopped"),
        ({"stage": "embedded", "since": "2024-01-05"}, "body.since", "on or after 1 July 2025"),
        ({"stage": "embedded", "since": "2999-01-05"}, "body.since", "The date the stage began"),
        ({"stage": "embedded"}, "body.since", "Field required"),
    ],
)
def test_a_bad_stage_is_a_422_naming_the_field_and_writes_nothing(client, world, adoption, body, field, message):
    changes = AdoptionChange.objects.count()
    h = headers(world["people"]["sibling"])
    response = client.post(f"{BASE}/adoption/{adoption.pk}/stages", body, content_type="application/json", **h)
    assert response.status_code == 422, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert message in errors[field]
    assert AdoptionChange.objects.count() == changes
    assert AdoptionRecord.objects.get().stage == "adopted"


def test_a_viewer_reads_but_may_not_record_and_out_of_reach_is_404(client, world, adoption):
    body = {"stage": "embedded", "since": "2026-01-05"}
    viewer = headers(world["people"]["ics_viewer"])
    url = f"{BASE}/adoption/{adoption.pk}/stages"
    assert client.post(url, body, content_type="application/json", **viewer).status_code == 403
    outsider = headers(world["people"]["other_region"])
    assert client.post(url, body, content_type="application/json", **outsider).status_code == 404
    assert AdoptionRecord.objects.get().stage == "adopted"


# --- readiness -------------------------------------------------------------------------------------


def test_a_readiness_assessment_comes_with_its_ranked_result(client, world):
    ratings = {key: (readiness.valid_ratings(f)[0], "") for key, f in readiness.FACTORS.items()}
    ratings["organisation"] = ("complex", "Two sites, two cultures")
    assessment = actions_readiness.save_assessment(
        actor=world["people"]["sibling"], organisation=world["orgs"]["trust_a"], title="Ready?", ratings=ratings
    )
    h = headers(world["people"]["ics_viewer"])
    assert [a["title"] for a in client.get(f"{BASE}/readiness", **h).json()["items"]] == ["Ready?"]
    body = client.get(f"{BASE}/readiness/{assessment.pk}", **h).json()
    assert body["needs_action"][0]["factor"] == "organisation"
    assert "complex" in body["summary"]
    assert {r["factor"] for r in body["ratings"]} == set(readiness.FACTORS)
    outsider = headers(world["people"]["other_ics"])
    assert client.get(f"{BASE}/readiness/{assessment.pk}", **outsider).status_code == 404
    assert client.get(f"{BASE}/readiness", **outsider).json()["count"] == 0


# --- spread ----------------------------------------------------------------------------------------


def test_the_spread_figures_for_an_ics_user_and_404_for_anyone_else(client, world, adoption):
    response = client.get(f"{BASE}/spread", **headers(world["people"]["ics_viewer"]))
    assert response.status_code == 200
    body = response.json()
    assert [(r["organisation"], r["stage"], r["ics"]) for r in body["rows"]] == [("Trust A", "adopted", "ICS A")]
    assert body["time_to_adoption"] == {"days": 176.0, "records": 1}
    assert body["curve"][0]["quarter"] == "Jan to Mar 2025"
    assert body["curve"][0]["counts"]["Piloting"] == 1
    assert body["discontinued"] == []
    assert client.get(f"{BASE}/spread", **headers(world["people"]["sibling"])).status_code == 404
    other = client.get(f"{BASE}/spread", {"ics": world["orgs"]["ics_c"].pk}, **headers(world["people"]["ics_viewer"]))
    assert other.json()["rows"] == []
