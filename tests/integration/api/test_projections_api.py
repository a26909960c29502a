"""The projections API: upload a scenario file, change an assumption (a new version), download a
version's YAML, request a run (202 and where to follow it), follow it and read its tables. Bad input
is a 422 naming the field (the YAML's line, the number of runs with the limit) and saves nothing;
anything of another ICS is 404; a viewer reads but may not write (403); no credentials is 401."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lodestar.core.models import AuditEvent
from lodestar.engine import run as engine_run
from lodestar.projections import specs
from lodestar.projections.models import ProjectionEvent, Run, RunStatus, Scenario, ScenarioVersion
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.projections import finished_run, scenario, small_spec

pytestmark = pytest.mark.django_db

BASE = "/api/v1/projections"
LEAVER_RATE = "rates.registered-nurses.leaver_rate"


@pytest.fixture
def world(orgs):
    sc = scenario(orgs["trust_a"], name="Riverside nursing")
    run = finished_run(sc.latest, runs=30, seed=5)
    return {"orgs": orgs, "scenario": sc, "run": run}


def headers_for(org, role: str = "analyst") -> dict[str, str]:
    return auth_header(api_token(member(org, role))[1])


@pytest.fixture
def analyst(world):
    return headers_for(world["orgs"]["trust_a"], "analyst")


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def patch(client, url, body, headers):
    return client.patch(url, body, content_type="application/json", **headers)


def errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def execute(run_id: int) -> None:
    from lodestar.projections import tasks

    tasks.execute(run_id)


# --- Reading ---------------------------------------------------------------------------------------


def test_list_and_read_a_scenario_with_its_versions(client, world, analyst):
    sc = world["scenario"]
    listed = client.get(f"{BASE}/scenarios", **analyst).json()
    assert listed["count"] == 1 and listed["pages"] == 1
    [item] = listed["items"]
    assert (item["id"], item["name"], item["organisation_ods_code"], item["latest_version"]) == (
        sc.pk,
        "Riverside nursing",
        "RA1",
        1,
    )
    assert item["url"] == f"{BASE}/scenarios/{sc.pk}"
    detail = client.get(item["url"], **analyst).json()
    assert detail["assumptions"] == small_spec()
    [version] = detail["versions"]
    assert version["number"] == 1 and version["spec_hash"] == specs.spec_hash(small_spec())
    assert version["yaml_url"] == f"{BASE}/scenarios/{sc.pk}/versions/1/yaml"


def test_scenarios_are_paginated(client, world, analyst):
    for n in range(3):
        scenario(world["orgs"]["trust_a"], name=f"Extra {n}")
    page = client.get(f"{BASE}/scenarios?page=2&page_size=3", **analyst).json()
    assert (page["count"], page["pages"], page["page"]) == (4, 2, 2)
    assert [s["name"] for s in page["items"]] == ["Riverside nursing"]
    assert errors(client.get(f"{BASE}/scenarios?page_size=101", **analyst)).keys() == {"query.page_size"}


def test_a_versions_yaml_downloads_and_reads_back_exactly(client, world, analyst):
    sc = world["scenario"]
    response = client.get(f"{BASE}/scenarios/{sc.pk}/versions/1/yaml", **analyst)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/yaml")
    assert "attachment" in response["Content-Disposition"]
    assert specs.from_yaml(response.content.decode()) == sc.latest.spec
    assert client.get(f"{BASE}/scenarios/{sc.pk}/versions/2/yaml", **analyst).status_code == 404


def test_a_run_shows_its_exact_inputs_and_its_tables(client, world, analyst):
    run = world["run"]
    body = client.get(f"{BASE}/runs/{run.pk}", **analyst).json()
    assert (body["status"], body["status_label"], body["runs"], body["seed"]) == ("done", "Finished", 30, 5)
    assert body["spec_hash"] == specs.spec_hash(small_spec())
    assert body["progress"] == {"done": 30, "total": 30, "percent": 100}
    assert (body["scenario_id"], body["version"]) == (world["scenario"].pk, 1)
    assert body["results_url"] == f"{BASE}/runs/{run.pk}/results"

    tables = client.get(body["results_url"], **analyst).json()
    assert (tables["runs"], tables["seed"], tables["spec_hash"]) == (30, 5, body["spec_hash"])
    assert set(tables["tables"]) == set(run.result)
    direct = engine_run(specs.check(small_spec()), runs=30, seed=5)
    assert tables["tables"]["summary"] == direct.summary().to_dicts()

    one = client.get(f"{body['results_url']}/probability_meets_demand", **analyst).json()
    assert one["table"] == "probability_meets_demand"
    assert one["rows"] == tables["tables"]["probability_meets_demand"]
    assert one["columns"] == list(run.result["probability_meets_demand"])
    assert errors(client.get(f"{body['results_url']}/gap", **analyst)).keys() == {"path.table"}

    listed = client.get(f"{BASE}/runs", **analyst).json()
    assert [r["id"] for r in listed["items"]] == [run.pk]


def test_results_of_a_run_that_has_not_finished_are_409(client, world, analyst):
    version = world["scenario"].latest
    queued = Run.objects.create(
        scenario_version=version, spec=version.spec, spec_hash="x", runs=10, seed=1, status=RunStatus.QUEUED
    )
    failed = Run.objects.create(
        scenario_version=version, spec=version.spec, spec_hash="x", runs=10, seed=1, status=RunStatus.FAILED
    )
    response = client.get(f"{BASE}/runs/{queued.pk}/results", **analyst)
    assert response.status_code == 409 and "not finished" in response.json()["detail"]
    response = client.get(f"{BASE}/runs/{failed.pk}/results/summary", **analyst)
    assert response.status_code == 409 and "failed" in response.json()["detail"]


# --- Uploading and changing ------------------------------------------------------------------------


def test_upload_a_scenario_file(client, world, analyst):
    text = specs.to_yaml(small_spec(name="Uploaded"))
    body = {"organisation": world["orgs"]["trust_a"].pk, "name": "From the API", "yaml": text}
    response = post(client, f"{BASE}/scenarios", body, analyst)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "From the API" and created["origin"] == "upload"
    assert [v["number"] for v in created["versions"]] == [1]
    assert created["assumptions"] == small_spec(name="Uploaded")
    download = client.get(created["versions"][0]["yaml_url"], **analyst)
    assert specs.from_yaml(download.content.decode()) == small_spec(name="Uploaded")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("name: Broken\n  start_year: 2026\nyears: 10\n", "line 2"),
        (specs.to_yaml(small_spec()).replace("years: 10", "years: ten"), "years"),
        ("- just\n- a list\n", "mapping"),
        ("", ""),
    ],
    ids=["syntax", "bad value", "not a mapping", "empty"],
)
def test_a_bad_file_is_422_naming_the_line_or_field_and_saves_nothing(client, world, analyst, text, says):
    body = {"organisation": world["orgs"]["trust_a"].pk, "name": "Bad", "yaml": text}
    found = errors(post(client, f"{BASE}/scenarios", body, analyst))
    assert "body.yaml" in found, found
    assert says.lower() in found["body.yaml"].lower()
    assert Scenario.objects.count() == 1


def test_uploading_for_an_organisation_out_of_reach_is_404_and_for_a_viewer_403(client, world, analyst):
    text = specs.to_yaml(small_spec())
    response = post(client, f"{BASE}/scenarios", {"organisation": world["orgs"]["trust_b"].pk, "yaml": text}, analyst)
    assert response.status_code == 404
    viewer = headers_for(world["orgs"]["trust_a"], "viewer")
    response = post(client, f"{BASE}/scenarios", {"organisation": world["orgs"]["trust_a"].pk, "yaml": text}, viewer)
    assert response.status_code == 403
    assert errors(post(client, f"{BASE}/scenarios", {"organisation": "RA1", "yaml": text}, analyst)).keys() == {
        "body.organisation"
    }
    assert Scenario.objects.count() == 1


@pytest.mark.parametrize("method", [patch, post])
def test_changing_an_assumption_makes_a_new_version(client, world, analyst, method):
    sc = world["scenario"]
    value = {"dist": "triangular", "low": 0.06, "mode": 0.08, "high": 0.1}
    body = {"path": LEAVER_RATE, "value": value, "expected_version": 1}
    response = method(client, f"{BASE}/scenarios/{sc.pk}/assumptions", body, analyst)
    assert response.status_code == 200, response.content
    assert response.json()["number"] == 2
    latest = sc.latest
    assert latest.number == 2 and latest.spec["rates"]["registered-nurses"]["leaver_rate"] == value
    assert ScenarioVersion.objects.get(scenario=sc, number=1).spec == small_spec()
    detail = client.get(f"{BASE}/scenarios/{sc.pk}", **analyst).json()
    assert [v["number"] for v in detail["versions"]] == [2, 1] and detail["latest_version"] == 2

    # Someone changing version 1 after version 2 was made is refused, not overwriting it.
    stale = method(client, f"{BASE}/scenarios/{sc.pk}/assumptions", {**body, "value": 0.2}, analyst)
    assert stale.status_code == 422
    assert sc.versions.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"path": LEAVER_RATE, "value": 1.8, "expected_version": 1}, None),
        ({"path": "rates.no-such-group.leaver_rate", "value": 0.1, "expected_version": 1}, None),
        (
            {
                "path": LEAVER_RATE,
                "value": {"dist": "triangular", "low": 0.2, "mode": 0.1, "high": 0.3},
                "expected_version": 1,
            },
            None,
        ),
        ({"path": LEAVER_RATE, "value": "high", "expected_version": 1}, "body.value"),
        ({"path": LEAVER_RATE, "value": 0.1}, "body.expected_version"),
    ],
    ids=["out of range", "unknown group", "range the wrong way round", "words", "no version"],
)
def test_a_bad_assumption_is_422_and_saves_nothing(client, world, analyst, body, field):
    sc = world["scenario"]
    found = errors(patch(client, f"{BASE}/scenarios/{sc.pk}/assumptions", body, analyst))
    if field:
        assert field in found
    assert all(message.strip() for message in found.values())
    assert sc.versions.count() == 1


# --- Runs ------------------------------------------------------------------------------------------


def test_request_a_run_follow_it_and_read_the_numbers(client, world, analyst, django_capture_on_commit_callbacks):
    sc = world["scenario"]
    with django_capture_on_commit_callbacks():
        response = post(client, f"{BASE}/scenarios/{sc.pk}/runs", {"runs": 40, "seed": 7}, analyst)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["status_url"] == f"{BASE}/runs/{body['id']}"
    assert (body["runs"], body["seed"], body["version"]) == (40, 7, 1)
    assert client.get(body["results_url"], **analyst).status_code == 409

    execute(body["id"])
    followed = client.get(body["status_url"], **analyst).json()
    assert followed["status"] == "done" and followed["progress"]["percent"] == 100
    tables = client.get(body["results_url"], **analyst).json()["tables"]
    direct = engine_run(specs.check(small_spec()), runs=40, seed=7)
    assert tables["summary"] == direct.summary().to_dicts()
    assert tables["waterfall"] == direct.waterfall().to_dicts()
    run = Run.objects.get(pk=body["id"])
    assert run.requested_by is not None
    assert AuditEvent.objects.filter(action=ProjectionEvent.RUN_REQUEST).count() == 1


def test_a_run_of_an_earlier_version_and_a_random_seed(client, world, analyst, django_capture_on_commit_callbacks):
    sc = world["scenario"]
    ScenarioVersion.objects.create(scenario=sc, number=2, spec=small_spec(years=5))
    with django_capture_on_commit_callbacks():
        response = post(client, f"{BASE}/scenarios/{sc.pk}/runs", {"runs": 10, "version": 1}, analyst)
    assert response.status_code == 202
    body = response.json()
    assert body["version"] == 1 and isinstance(body["seed"], int)
    assert Run.objects.get(pk=body["id"]).spec == small_spec()


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"runs": 0}, "body.runs", "1"),
        ({"runs": 101}, "body.runs", "100"),
        ({"runs": "many"}, "body.runs", ""),
        ({}, "body.runs", ""),
        ({"runs": 10, "seed": -1}, "body.seed", ""),
        ({"runs": 10, "version": 9}, "body.version", "1 to 1"),
    ],
    ids=["none", "too many", "words", "missing", "negative seed", "no such version"],
)
def test_bad_runs_are_422_naming_the_field_and_queue_nothing(client, world, analyst, settings, body, field, says):
    settings.LODESTAR_PROJECTION_MAX_RUNS = 100
    found = errors(post(client, f"{BASE}/scenarios/{world['scenario'].pk}/runs", body, analyst))
    assert field in found, found
    assert says in found[field]
    assert Run.objects.count() == 1


def test_a_run_over_the_size_limit_is_refused_with_the_limit(client, world, analyst, settings):
    settings.LODESTAR_PROJECTION_MAX_SIZE = 1_000  # 5 cohorts x 10 years x 50 runs = 2,500
    found = errors(post(client, f"{BASE}/scenarios/{world['scenario'].pk}/runs", {"runs": 50}, analyst))
    assert "1,000" in found["body.runs"]
    assert Run.objects.count() == 1


# --- Who may ---------------------------------------------------------------------------------------


def read_urls(world) -> dict[str, str]:
    sc, run = world["scenario"], world["run"]
    return {
        "scenario": f"{BASE}/scenarios/{sc.pk}",
        "yaml": f"{BASE}/scenarios/{sc.pk}/versions/1/yaml",
        "run": f"{BASE}/runs/{run.pk}",
        "results": f"{BASE}/runs/{run.pk}/results",
        "table": f"{BASE}/runs/{run.pk}/results/summary",
    }


def write_calls(world) -> dict[str, tuple]:
    sc = world["scenario"]
    change = {"path": LEAVER_RATE, "value": 0.1, "expected_version": 1}
    return {
        "patch assumptions": (patch, f"{BASE}/scenarios/{sc.pk}/assumptions", change),
        "post assumptions": (post, f"{BASE}/scenarios/{sc.pk}/assumptions", change),
        "request run": (post, f"{BASE}/scenarios/{sc.pk}/runs", {"runs": 10, "seed": 1}),
        "upload": (
            post,
            f"{BASE}/scenarios",
            {"organisation": world["orgs"]["trust_a"].pk, "yaml": specs.to_yaml(small_spec())},
        ),
    }


def statuses(client, world, headers) -> dict[str, int]:
    found = {name: client.get(url, **headers).status_code for name, url in read_urls(world).items()}
    for name, (method, url, body) in write_calls(world).items():
        found[name] = method(client, url, body, headers).status_code
    return found


def nothing_changed(world) -> None:
    assert Scenario.objects.count() == 1
    assert ScenarioVersion.objects.count() == 1
    assert Run.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", "contributor", "analyst", "org_admin"])
def test_another_ics_gets_404_everywhere_and_sees_nothing_listed(client, world, role):
    headers = headers_for(world["orgs"]["trust_b"], role)
    assert statuses(client, world, headers) == dict.fromkeys([*read_urls(world), *write_calls(world)], 404)
    assert client.get(f"{BASE}/scenarios", **headers).json()["items"] == []
    assert client.get(f"{BASE}/runs", **headers).json()["items"] == []
    nothing_changed(world)


def test_a_viewer_reads_but_may_not_write(client, world):
    found = statuses(client, world, headers_for(world["orgs"]["trust_a"], "viewer"))
    assert {name: found[name] for name in read_urls(world)} == dict.fromkeys(read_urls(world), 200)
    assert {name: found[name] for name in write_calls(world)} == dict.fromkeys(write_calls(world), 403)
    nothing_changed(world)


@pytest.mark.parametrize("org", ["ics_a", "region"])
def test_viewers_above_the_organisation_read_it(client, world, org):
    headers = headers_for(world["orgs"][org], "viewer")
    assert {client.get(url, **headers).status_code for url in read_urls(world).values()} == {200}


def test_anonymous_callers_get_401(client, world):
    for name, url in {**read_urls(world), "list": f"{BASE}/scenarios", "runs": f"{BASE}/runs"}.items():
        assert client.get(url).status_code == 401, name
    for name, (method, url, body) in write_calls(world).items():
        assert method(client, url, body, {}).status_code == 401, name
    nothing_changed(world)


def test_the_openapi_document_describes_every_endpoint(client, world, analyst):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    mine = {path: ops for path, ops in paths.items() if path.startswith(BASE)}
    assert set(mine) == {
        f"{BASE}/scenarios",
        f"{BASE}/scenarios/{{scenario_id}}",
        f"{BASE}/scenarios/{{scenario_id}}/versions/{{number}}/yaml",
        f"{BASE}/scenarios/{{scenario_id}}/assumptions",
        f"{BASE}/scenarios/{{scenario_id}}/runs",
        f"{BASE}/runs",
        f"{BASE}/runs/{{run_id}}",
        f"{BASE}/runs/{{run_id}}/results",
        f"{BASE}/runs/{{run_id}}/results/{{table}}",
    }
    for ops in mine.values():
        for operation in ops.values():
            assert operation["summary"] and operation["tags"] == ["Projections"]
    yaml_ok = mine[f"{BASE}/scenarios/{{scenario_id}}/versions/{{number}}/yaml"]["get"]["responses"]["200"]
    assert "text/yaml" in yaml_ok["content"]


# --- Any body at all -------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
PATHS = st.sampled_from([LEAVER_RATE, "demand.productivity_gain", "rates", "", "years", "rates.x.y"]) | st.text(
    max_size=30
)
LIKELY = st.fixed_dictionaries(
    {"dist": st.just("triangular"), "low": st.floats(-1, 2), "mode": st.floats(-1, 2), "high": st.floats(-1, 2)}
)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(
    body=st.fixed_dictionaries(
        {},
        optional={
            "path": PATHS,
            "value": st.floats(allow_nan=False) | st.integers() | LIKELY | JSON,
            "expected_version": st.integers(-2, 3) | JSON,
        },
    )
)
def test_any_assumption_body_is_a_new_version_or_a_422_that_saves_nothing(client, world, analyst, body):
    sc = world["scenario"]
    before = sc.versions.count()
    response = patch(client, f"{BASE}/scenarios/{sc.pk}/assumptions", body, analyst)
    assert response.status_code in (200, 422), response.content
    assert sc.versions.count() == before + (response.status_code == 200)
    if response.status_code == 422:
        assert all(e["field"].startswith("body") and e["message"] for e in response.json()["errors"])


@FUZZ
@given(body=st.fixed_dictionaries({}, optional={"runs": st.integers(-5, 20_000) | JSON, "seed": st.integers() | JSON}))
def test_any_run_body_is_queued_or_a_422_that_queues_nothing(client, world, analyst, body):
    before = Run.objects.count()
    response = post(client, f"{BASE}/scenarios/{world['scenario'].pk}/runs", body, analyst)
    assert response.status_code in (202, 422), response.content
    assert Run.objects.count() == before + (response.status_code == 202)


@FUZZ
@given(text=st.text(max_size=200) | st.sampled_from(["name: x\n", "years: [\n", "a: 1\na: 2\n", "- 1\n"]))
def test_any_yaml_text_is_a_scenario_or_a_422_that_saves_nothing(client, world, analyst, text):
    before = Scenario.objects.count()
    body = {"organisation": world["orgs"]["trust_a"].pk, "name": "Fuzz", "yaml": text}
    response = post(client, f"{BASE}/scenarios", body, analyst)
    assert response.status_code in (201, 422), response.content
    assert Scenario.objects.count() == before + (response.status_code == 201)


def test_a_plan_run_names_its_plan(client, world, analyst):
    from lodestar.projections.models import RunKind
    from tests.factories.plans import ActionPlanFactory

    plan = ActionPlanFactory(organisation=world["orgs"]["trust_a"])
    run = finished_run(world["scenario"].latest, runs=10, seed=2, kind=RunKind.PLAN, plan=plan)
    body = client.get(f"{BASE}/runs/{run.pk}", **analyst).json()
    assert (body["kind"], body["plan_id"], body["workshop_id"]) == ("plan", plan.pk, None)
    assert client.get(f"{BASE}/runs/{run.pk}", **headers_for(world["orgs"]["trust_b"], "org_admin")).status_code == 404


def test_a_likely_range_names_the_bad_end(client, world, analyst):
    sc = world["scenario"]
    bad = {"dist": "triangular", "low": "some", "mode": 0.09, "high": 0.12}
    body = {"path": LEAVER_RATE, "value": bad, "expected_version": 1}
    assert errors(patch(client, f"{BASE}/scenarios/{sc.pk}/assumptions", body, analyst)) == {
        "body.value.low": "Enter a number"
    }
    wrong_way = {"dist": "triangular", "low": 0.07, "mode": 0.2, "high": 0.12}
    found = errors(patch(client, f"{BASE}/scenarios/{sc.pk}/assumptions", {**body, "value": wrong_way}, analyst))
    assert "most likely" in found["body.value.mode"]
    assert sc.versions.count() == 1


def test_a_plan_runs_closed_table_and_none_for_a_scenario_run(client, world, analyst):
    from lodestar.projections.models import RunKind
    from tests.factories.plans import ActionPlanFactory

    plan = ActionPlanFactory(organisation=world["orgs"]["trust_a"])
    run = finished_run(world["scenario"].latest, runs=10, seed=2, kind=RunKind.PLAN, plan=plan)
    closed = {
        "year": [2026, 2027],
        "closed_fte_mean": [0.0, 4.5],
        "closed_fte_p5": [0.0, 1.0],
        "closed_fte_p95": [0.0, 9.0],
    }
    run.result = {**run.result, "closed": closed}
    run.save()
    table = client.get(f"{BASE}/runs/{run.pk}/results/closed", **analyst).json()
    assert table["rows"][1] == {"year": 2027, "closed_fte_mean": 4.5, "closed_fte_p5": 1.0, "closed_fte_p95": 9.0}
    assert "closed" in client.get(f"{BASE}/runs/{run.pk}/results", **analyst).json()["tables"]
    missing = client.get(f"{BASE}/runs/{world['run'].pk}/results/closed", **analyst)
    assert missing.status_code == 404 and "closed" in missing.json()["detail"]
