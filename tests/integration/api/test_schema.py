"""The OpenAPI document, and the schemathesis harness that fuzzes every API endpoint.

How later routers get covered
-----------------------------
Nothing here names an endpoint. ``api_schema`` loads /api/v1/openapi.json from the real
Django WSGI application, and ``test_every_operation_conforms_to_the_schema`` is parametrized
by schemathesis over *every* operation in that document. When a router is added to
``lodestar.api.api.ROUTERS`` its operations appear in the document, so they are fuzzed
(with a valid API token, against the data in ``api_world``) and must:

* never answer 5xx (``not_a_server_error``);
* answer only status codes they declare (``status_code_conformance``), with the declared
  content type and body shape (``content_type_conformance``, ``response_schema_conformance``).

``test_every_operation_documents_its_errors`` walks the same document: every operation
declares 401, item endpoints (a ``{param}`` in the path) declare 404, every operation with
parameters declares 422, operations with a body 400, unsafe methods 403, and every 4xx body
is ``{"detail": ...}``.

To give new endpoints something to find, add rows to ``api_world`` (e.g. a workshop at the
caller's trust); keep ``MAX_EXAMPLES`` small so the suite stays fast.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import hierarchy, member
from tests.factories.api import api_token, intervention
from tests.factories.plans import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.factories.workshops import CandidateFactory, RatingFactory, WorkshopFactory

OPENAPI_URL = "/api/v1/openapi.json"
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI application, with the per-request connection clean-up switched off (as
    Django's own test client does) so requests run inside the test's transaction."""
    from django.core.wsgi import get_wsgi_application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(db):
    """A trust user with a token, and some data for the fuzzer to find."""
    orgs = hierarchy()
    user = member(orgs["ics_a"], "facilitator")
    intervention("supply-return-to-practice", staff_groups=["registered-nurses"])
    intervention("local-ics-a-rotation", point="new-roles", organisation=orgs["ics_a"])
    intervention("local-trust-b-buddy", organisation=orgs["trust_b"])
    workshop = WorkshopFactory(lead_organisation=orgs["ics_a"], facilitator=user)
    candidate = CandidateFactory(workshop=workshop)
    RatingFactory(candidate=candidate)
    action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["ics_a"], workshop=workshop), owner_user=user)
    ProgressUpdateFactory(action=action)
    _, plain = api_token(user)
    return {"orgs": orgs, "user": user, "headers": {"Authorization": f"Bearer {plain}"}}


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi(OPENAPI_URL, wsgi_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_schema(case, api_world):
    case.call_and_validate(headers=api_world["headers"], checks=CHECKS)


def test_openapi_document_is_valid(api_schema):
    api_schema.validate()  # raises when the document breaks the OpenAPI meta-schema
    raw = api_schema.raw_schema
    assert raw["info"]["title"] == "Lodestar API"
    assert set(raw["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    assert raw["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_openapi_document_is_public_json(client, db):
    response = client.get(OPENAPI_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "/api/v1/organisations" in response.json()["paths"]


def _operations(raw):
    for path, methods in raw["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _resolve(raw, schema):
    while "$ref" in schema:
        schema = raw["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_operation_documents_its_errors(api_schema):
    raw = api_schema.raw_schema
    operations = list(_operations(raw))
    assert len(operations) >= 5
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        assert "401" in responses, f"{where} does not document 401"
        if "{" in path:
            assert "404" in responses, f"{where} does not document 404"
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in responses, f"{where} takes input but does not document 422"
        if operation.get("requestBody"):
            assert "400" in responses, f"{where} takes a body but does not document 400"
        if method in ("post", "put", "patch", "delete"):
            assert "403" in responses, f"{where} changes data but does not document 403 (CSRF)"
        assert operation.get("security"), f"{where} is not authenticated"
        for code, response in responses.items():
            if code.startswith("4"):
                body = _resolve(raw, response["content"]["application/json"]["schema"])
                assert "detail" in body["properties"], f"{where} {code} is not an error body"
                assert "detail" in body["required"]


def test_docs_page_uses_local_assets_under_the_csp(client, db):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert links and all(link.startswith("/static/") for link in links), links  # nothing from a CDN
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "http" not in csp
