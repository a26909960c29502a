"""Who reaches projections (docs/guide/projections.md). A scenario, its versions, runs and WISN
calculations belong to the scenario's organisation; a plan's modelled view to whoever sees the
plan; a workshop's modelling to whoever sees the workshop. Another ICS's people get 404 on every
page, download and API answer, whatever their role, and change nothing; the organisation's viewers
read but may not write (403 or 404, as elsewhere); anonymous visitors are sent to sign in (401
from the API).

The routes are not listed by hand: every route of the ``projections`` namespace
(``lodestar.projections.urls.urlpatterns``) and every ``/api/v1/projections`` operation of the
OpenAPI document is checked, with its arguments filled from the world below. A new route must be
classified in ``ROUTES`` (is it a list, a read or a write?) or ``test_every_route_is_covered`` fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import URLPattern, reverse

from lodestar.core.models import AuditEvent
from lodestar.engine.yamlio import load_yaml
from lodestar.projections import specs, urls
from lodestar.projections.models import (
    ActionModel,
    PlanModel,
    Run,
    RunKind,
    Scenario,
    ScenarioVersion,
    WisnCalculation,
    WorkshopScenario,
)
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.projections import finished_run, scenario, small_spec
from tests.factories.workshops import WorkshopFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
WISN_EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"
SECRET_NAMES = ("Riverside secret scenario", "Riverside secret WISN")
SIGN_IN = "/account/sign-in/"


@dataclass(frozen=True)
class Route:
    """How a route is checked.

    * ``list``: no object of the world in its address (lists, "new" forms, the front page): anyone
      signed in may open it, but nothing of another organisation appears on it.
    * ``read``: shows an object: 404 outside reach, 200 for the organisation's viewer.
    * ``write``: changes an object (or is the form that does): 404 outside reach, 403 or 404 for a
      viewer, and nothing changes.
    ``formats``: the values of a ``format`` argument (downloads); ``query``: the query string
    (``runs``: the world's two runs, for compare); ``reads_as``: what a viewer in reach gets.
    """

    kind: str
    formats: tuple[str, ...] = ()
    query: str = ""
    methods: tuple[str, ...] = field(default=("get", "post"))
    reads_as: tuple[int, ...] = (200,)  # what the organisation's viewer gets
    refused_as: tuple[int, ...] = (403, 404)  # what the organisation's viewer gets for a write
    draft: bool = False  # addressed by a draft in its author's session (nobody else's)


ROUTES: dict[str, Route] = {
    "index": Route("list", methods=("get",)),
    # scenarios (H1)
    "scenarios": Route("list", methods=("get",)),
    "scenario-create": Route("list", methods=("get",)),
    "scenario": Route("read", methods=("get",)),
    "scenario-assumption": Route("write", query="?path=rates.registered-nurses.leaver_rate"),
    "scenario-intervention-add": Route("write"),
    "scenario-intervention-remove": Route("write"),
    "scenario-copy": Route("write"),
    "scenario-versions": Route("read", methods=("get",)),
    "scenario-version": Route("read", methods=("get",)),
    "scenario-yaml": Route("read", methods=("get",)),
    # runs (H2)
    "run-request": Route("write"),
    "run": Route("read", methods=("get",)),
    "run-progress": Route("read", methods=("get",), reads_as=(200, 302)),  # finished: on to the run's page
    "run-replay": Route("write"),
    "run-download": Route("read", formats=("csv", "xlsx", "json", "svg"), methods=("get",)),
    "compare": Route("read", query="runs", methods=("get",)),
    "compare-download": Route("read", formats=("csv", "xlsx"), query="runs", methods=("get",)),
    # plans tied to the model (H3)
    "plan": Route("read", methods=("get",)),
    "plan-run": Route("write"),
    "action-model": Route("write"),
    # workshops (H4)
    "workshop": Route("read", methods=("get",)),
    "workshop-model": Route("write"),
    # WISN (H7)
    "wisn-list": Route("list", methods=("get",)),
    "wisn-start": Route("list", methods=("get",)),
    "wisn-upload": Route("list", methods=("get",)),
    "wisn-check": Route("write", draft=True),
    "wisn-step": Route("write", draft=True),
    "wisn": Route("read", methods=("get",)),
    "wisn-edit": Route("write", methods=("get",)),  # copies it into a draft, then the steps
    "wisn-delete": Route("write"),
    # The permission is on the scenario chosen (one the person may edit), not on the calculation:
    # a viewer with no scenario to edit has nothing to choose, and the form refuses (400).
    "wisn-demand": Route("write", refused_as=(400, 403, 404)),
    "wisn-yaml": Route("read", methods=("get",)),
}


@pytest.fixture
def world(orgs):
    """Trust A (ICS A) has a scenario with a finished run, a plan tied to it with a modelled action
    and a plan run, a workshop linked to it, and a WISN calculation."""
    trust_a = orgs["trust_a"]
    sc = scenario(trust_a, name=SECRET_NAMES[0])
    version = sc.latest
    run = finished_run(version, runs=20, seed=3)
    other_run = finished_run(version, runs=20, seed=4)
    workshop = WorkshopFactory(lead_organisation=trust_a, title="Community nursing")
    plan = ActionPlanFactory(organisation=trust_a, workshop=workshop, title="Community nursing plan")
    action = ActionFactory(plan=plan, title="Rotational posts")
    PlanModel.objects.create(plan=plan, scenario=sc, target_year=2031, runs=20, seed=1)
    ActionModel.objects.create(
        action=action, lever="leaver_rate_change", staff_group="registered-nurses", effect=-0.05, start_year=2027
    )
    plan_spec = small_spec(
        interventions=[
            {
                "name": "Rotational posts",
                "lever": "leaver_rate_change",
                "staff_group": "registered-nurses",
                "effect": -0.05,
                "start_year": 2027,
            }
        ]
    )
    plan_run = finished_run(version, runs=20, seed=1, spec=plan_spec, kind=RunKind.PLAN, plan=plan)
    WorkshopScenario.objects.create(workshop=workshop, scenario=sc, staff_group="registered-nurses")
    wisn = WisnCalculation.objects.create(
        organisation=trust_a, name=SECRET_NAMES[1], spec=load_yaml(WISN_EXAMPLE.read_text())
    )
    return {
        "orgs": orgs,
        "scenario": sc,
        "version": version,
        "run": run,
        "other_run": other_run,
        "plan": plan,
        "action": action,
        "plan_run": plan_run,
        "workshop": workshop,
        "wisn": wisn,
    }


# --- The routes, filled from the world --------------------------------------------------------------


def patterns() -> dict[str, URLPattern]:
    return {p.name: p for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name}


def arguments(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)


def wisn_step(world) -> str:
    from lodestar.projections.views import wisn

    return getattr(wisn, "STEP_NAMES", ["working-time"])[0]


def kwarg_values(world) -> dict[str, object]:
    return {
        "scenario_id": world["scenario"].pk,
        "number": world["version"].number,
        "run_id": world["run"].pk,
        "plan_id": world["plan"].pk,
        "action_id": world["action"].pk,
        "workshop_id": world["workshop"].pk,
        "wisn_id": world["wisn"].pk,
        # A WISN draft lives in its author's session: nobody else's session holds it.
        "draft_id": "a-draft-of-someone-else",
        "step": wisn_step(world),
    }


def addresses(world) -> dict[str, tuple[Route, str]]:
    """Every route's addresses: name (and format) -> (how it is checked, URL)."""
    values = kwarg_values(world)
    found = {}
    for name, pattern in patterns().items():
        route = ROUTES[name]
        needed = [a for a in arguments(pattern) if a != "format"]
        unknown = [a for a in needed if a not in values]
        assert not unknown, f"projections:{name} takes {unknown}: give values in kwarg_values"
        kwargs = {a: values[a] for a in needed}
        query = route.query
        if route.query == "runs":
            query = f"?run={world['run'].pk}&run={world['other_run'].pk}"
        for fmt in route.formats or (None,):
            args = {**kwargs, "format": fmt} if fmt else kwargs
            label = f"{name} {fmt}" if fmt else name
            found[label] = (route, reverse(f"projections:{name}", kwargs=args) + query)
    return found


def api_operations(client, world) -> dict[str, tuple[str, str, dict | None]]:
    """Every /api/v1/projections operation in the OpenAPI document, its path filled from the world
    (label -> (method, URL, JSON body))."""
    doc = client.get("/api/v1/openapi.json").json()
    values = {
        "scenario_id": world["scenario"].pk,
        "number": world["version"].number,
        "run_id": world["run"].pk,
        "table": "summary",
    }
    bodies = {
        "/scenarios": {"organisation": world["orgs"]["trust_a"].pk, "yaml": specs.to_yaml(small_spec())},
        "/scenarios/{scenario_id}/assumptions": {
            "path": "rates.registered-nurses.leaver_rate",
            "value": 0.1,
            "expected_version": 1,
        },
        "/scenarios/{scenario_id}/runs": {"runs": 10, "seed": 1},
    }
    found = {}
    for path, operations in doc["paths"].items():
        if not path.startswith("/api/v1/projections/"):
            continue
        tail = path.removeprefix("/api/v1/projections")
        names = re.findall(r"{(\w+)}", tail)
        assert all(n in values for n in names), f"{path}: give values for {names}"
        url = path.format(**{n: values[n] for n in names})
        for method in operations:
            body = None
            if method != "get":
                assert tail in bodies, f"{method.upper()} {path}: give a valid body in api_operations"
                body = bodies[tail]
            found[f"API {method.upper()} {tail}"] = (method, url, body)
    return found


# --- Asking as someone ------------------------------------------------------------------------------


def call(client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    return client.post(url, body or {})


def page_statuses(client, user, world) -> dict[str, int]:
    """Object routes only (reads and writes): label -> status, each method."""
    client.force_login(user)
    found = {}
    for label, (route, url) in addresses(world).items():
        if route.kind == "list":
            continue
        for method in route.methods:
            found[f"{method.upper()} {label}"] = call(client, method, url).status_code
    client.logout()
    return found


def api_statuses(client, user, world) -> dict[str, int]:
    headers = auth_header(api_token(user)[1])
    found = {}
    for label, (method, url, body) in api_operations(client, world).items():
        if "{" not in label and method == "get":
            continue  # lists: checked by what they hold
        if method == "get":
            response = client.get(url, **headers)
        else:
            response = getattr(client, method)(url, body, content_type="application/json", **headers)
        found[label] = response.status_code
    return found


def counts() -> dict[str, int]:
    return {
        "scenarios": Scenario.objects.count(),
        "versions": ScenarioVersion.objects.count(),
        "runs": Run.objects.count(),
        "plan models": PlanModel.objects.count(),
        "action models": ActionModel.objects.count(),
        "workshop links": WorkshopScenario.objects.count(),
        "wisn": WisnCalculation.objects.count(),
        "audit": AuditEvent.objects.filter(action__startswith="projections.").count(),
    }


def unreadable(found: dict[str, int]) -> dict[str, int]:
    """The reads (label -> status) that did not answer as a reader in reach should get."""
    return {
        k: v
        for k, v in found.items()
        if ROUTES[k.split(" ")[1]].kind == "read" and v not in ROUTES[k.split(" ")[1]].reads_as
    }


# --- Tests ------------------------------------------------------------------------------------------


def test_every_route_is_covered():
    names = set(patterns())
    assert names - set(ROUTES) == set(), "classify these routes in ROUTES (list, read or write)"
    assert set(ROUTES) - names == set(), "these routes in ROUTES no longer exist"


def test_every_api_operation_is_covered(client, world):
    operations = api_operations(client, world)
    assert len(operations) >= 10


@pytest.mark.parametrize("role", ["viewer", "contributor", "analyst", "org_admin"])
def test_another_ics_gets_404_everywhere_and_changes_nothing(client, world, role):
    before = counts()
    person = member(world["orgs"]["trust_b"], role)
    found = page_statuses(client, person, world)
    # A route that only answers POST may say so (405) to a GET: that reveals nothing.
    wrong = {k: v for k, v in found.items() if v != 404 and not (k.startswith("GET ") and v == 405)}
    assert wrong == {}, wrong
    api = api_statuses(client, person, world)
    assert api == dict.fromkeys(api, 404)
    assert counts() == before


def test_an_ics_above_another_trust_gets_404_too(client, world):
    person = member(world["orgs"]["ics_b"], "org_admin")
    found = {**page_statuses(client, person, world), **api_statuses(client, person, world)}
    assert {v for k, v in found.items() if not (k.startswith("GET ") and v == 405)} == {404}


@pytest.mark.parametrize("role", ["viewer", "contributor", "org_admin"])
def test_lists_and_forms_do_not_show_another_ics_things(client, world, role):
    person = member(world["orgs"]["trust_b"], role)
    client.force_login(person)
    for label, (route, url) in addresses(world).items():
        if route.kind != "list":
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), label  # 302: a new draft of their own
        page = response.content.decode()
        assert not any(name in page for name in SECRET_NAMES), label
    # Compare offers only runs in reach: the world's runs are not among its choices.
    assert SECRET_NAMES[0] not in client.get(reverse("projections:compare")).content.decode()
    client.logout()
    headers = auth_header(api_token(person)[1])
    assert client.get("/api/v1/projections/scenarios", **headers).json()["items"] == []
    assert client.get("/api/v1/projections/runs", **headers).json()["items"] == []


def test_the_organisations_viewer_reads_everything_but_writes_nothing(client, world):
    before = counts()
    person = member(world["orgs"]["trust_a"], "viewer")
    found = page_statuses(client, person, world)
    writes = {k: v for k, v in found.items() if ROUTES[k.split(" ")[1]].kind == "write"}
    assert unreadable(found) == {}
    refused = {k: ROUTES[k.split(" ")[1]].refused_as for k in writes}
    allowed = {k: (*refused[k], 405) if k.startswith("GET ") else refused[k] for k in writes}
    assert {k: v for k, v in writes.items() if v not in allowed[k]} == {}
    api = api_statuses(client, person, world)
    assert {k: v for k, v in api.items() if k.startswith("API GET")} == dict.fromkeys(
        [k for k in api if k.startswith("API GET")], 200
    )
    assert {k: v for k, v in api.items() if not k.startswith("API GET")} == dict.fromkeys(
        [k for k in api if not k.startswith("API GET")], 403
    )
    assert counts() == before


def test_the_organisations_admin_reaches_every_page(client, world):
    """Not vacuous: the same addresses answer someone who may do everything there."""
    client.force_login(member(world["orgs"]["trust_a"], "org_admin"))
    for label, (route, url) in addresses(world).items():
        if route.draft or "get" not in route.methods:
            continue
        status = client.get(url).status_code
        assert status in (200, 302, 405), f"GET {label}: {status}"


@pytest.mark.parametrize("org", ["ics_a", "region"])
def test_viewers_above_the_organisation_read_it(client, world, org):
    found = page_statuses(client, member(world["orgs"][org], "viewer"), world)
    assert unreadable(found) == {}


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401(client, world):
    before = counts()
    for label, (route, url) in addresses(world).items():
        for method in route.methods:
            response = call(client, method, url)
            if method == "get" and response.status_code == 405:
                continue
            assert response.status_code == 302, f"{method.upper()} {label}"
            assert SIGN_IN in response["Location"], f"{method.upper()} {label}"
    for label, (method, url, body) in api_operations(client, world).items():
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 401, label
    assert counts() == before


def test_a_wisn_draft_is_only_its_authors(client, world):
    """A draft lives in its author's session: its address opened by anyone else is 404."""
    author = member(world["orgs"]["trust_a"], "analyst")
    client.force_login(author)
    started = client.get(reverse("projections:wisn-edit", kwargs={"wisn_id": world["wisn"].pk}))
    assert started.status_code == 302
    match = re.search(r"/wisn/draft/([^/]+)/", started["Location"])
    assert match, started["Location"]
    draft_id = match.group(1)
    check = reverse("projections:wisn-check", kwargs={"draft_id": draft_id})
    step = reverse("projections:wisn-step", kwargs={"draft_id": draft_id, "step": wisn_step(world)})
    assert client.get(check).status_code == 200
    client.logout()
    for role, org in (("analyst", "trust_a"), ("org_admin", "trust_b")):
        client.force_login(member(world["orgs"][org], role))
        assert (client.get(check).status_code, client.get(step).status_code) == (404, 404), role
        assert client.post(check).status_code == 404
        client.logout()
    assert WisnCalculation.objects.get().name == SECRET_NAMES[1]
