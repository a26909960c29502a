"""The pathways API: list, one, create, change, stages, cohorts and counts through the actions."""

from __future__ import annotations

import pytest

from lodestar.pathways.models import Pathway
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.pathways import D, pathway

pytestmark = pytest.mark.django_db
BASE = "/api/v1/pathways"


def call(client, user, method, path, body=None):
    headers = auth_header(api_token(user)[1])
    return getattr(client, method)(BASE + path, data=body, content_type="application/json", **headers)


def test_a_facilitator_adds_a_pathway_a_stage_a_cohort_and_its_counts(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = call(
        client,
        fran,
        "post",
        "",
        {
            "organisation": orgs["ics_a"].pk,
            "name": "ACP route",
            "professions": ["Nursing"],
            "capacity": 12,
            "staff_group": "acps",
            "source_group": "registered-nurses",
        },
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    stage = call(client, fran, "post", f"/{pk}/stages", {"name": "MSc year 1", "months": 12, "setting": "primary"})
    assert stage.status_code == 201
    cohort = call(client, fran, "post", f"/{pk}/cohorts", {"intake_date": "2025-09-01"})
    assert cohort.status_code == 201
    counts = call(
        client,
        fran,
        "post",
        f"/{pk}/cohorts/{cohort.json()['id']}/counts",
        {
            "on": "2025-12-01",
            "counts": [{"stage": stage.json()["id"], "enrolled": 12, "progressing": 11, "withdrawn": 1}],
        },
    )
    assert counts.status_code == 201
    now = call(client, fran, "get", f"/{pk}/counts").json()
    assert [(c["enrolled"], c["progressing"], c["withdrawn"]) for c in now] == [(12, 11, 1)]
    assert call(client, fran, "patch", f"/{pk}", {"capacity": 15}).json()["places_per_year"] == 15


def test_bad_values_are_a_422_naming_the_field_and_nothing_is_saved(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    answer = call(
        client, fran, "post", "", {"organisation": orgs["ics_a"].pk, "name": "X", "professions": [], "capacity": 0}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "body.professions", "message": "Enter at least one profession that may join the pathway"},
        {"field": "body.capacity", "message": "The number of learners one intake takes must be from 1 to 10,000"},
    ]
    assert not Pathway.objects.exists()


def test_out_of_reach_is_404_and_a_viewer_may_not_change(client, orgs):
    made = pathway(
        member(orgs["ics_a"], "facilitator"), orgs["ics_a"], cohorts=[(D(2025, 1, 1), D(2025, 2, 1), {0: (5, 5, 0, 0)})]
    )
    other = member(orgs["ics_b"], "facilitator")
    assert call(client, other, "get", f"/{made.pk}").status_code == 404
    assert call(client, other, "get", f"/{made.pk}/counts").status_code == 404
    assert call(client, other, "patch", f"/{made.pk}", {"name": "Mine"}).status_code == 404
    assert call(client, other, "get", "").json()["count"] == 0
    viewer = member(orgs["ics_a"], "viewer")
    assert call(client, viewer, "get", f"/{made.pk}").json()["stages"][0]["name"] == "Community placement year"
    assert call(client, viewer, "patch", f"/{made.pk}", {"name": "Mine"}).status_code == 403
    assert call(client, other, "post", "", {"organisation": orgs["ics_a"].pk, "name": "X"}).status_code == 404
