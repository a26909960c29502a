"""Using a pathway in a projection: a new scenario version with the pathway's lever, through the
projections app's action; refusals change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.pathways import actions_projection
from lodestar.pathways.models import PathwayEvent
from lodestar.projections.models import ScenarioVersion
from tests.factories import member
from tests.factories.pathways import D, pathway
from tests.factories.projections import scenario

pytestmark = pytest.mark.django_db

COHORTS = [
    (D(2023, 9, 1), D(2025, 9, 1), {1: (20, 0, 18, 2)}),
    (D(2024, 9, 1), D(2025, 10, 1), {0: (20, 0, 0, 5), 1: (15, 0, 15, 0)}),
]


def test_the_pathway_becomes_extra_training_places_from_its_own_cohorts(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = pathway(fran, orgs["ics_a"], cohorts=COHORTS)
    sc = scenario(orgs["ics_a"])
    client.force_login(fran)
    page = client.get(reverse("pathways:projection", args=[made.pk]), {"scenario": sc.pk})
    assert "40 extra training places a year for registered-nurses" in page.content.decode()
    page = client.post(
        reverse("pathways:projection", args=[made.pk]) + f"?scenario={sc.pk}",
        {"staff_group": "registered-nurses", "expected_version": "1"},
        follow=True,
    )
    assert page.redirect_chain[-1][0] == reverse("projections:scenario", args=[sc.pk])
    latest = ScenarioVersion.objects.get(scenario=sc, number=2)
    assert latest.spec["interventions"] == [
        {
            "name": "Community nursing pathway (training pathway)",
            "lever": "extra_training_places",
            "staff_group": "registered-nurses",
            "extra_places": 40,
            "course_years": 2,
            "attrition": {"dist": "triangular", "low": 0.1, "mode": 0.175, "high": 0.25},
        }
    ]
    assert AuditEvent.objects.filter(action=PathwayEvent.USE_IN_PROJECTION.value).count() == 1


def test_a_scenario_the_person_may_not_change_is_refused(orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = pathway(fran, orgs["ics_a"])
    theirs = scenario(orgs["ics_b"])
    with pytest.raises(ValidationProblem) as refused:
        actions_projection.use_in_projection(
            actor=fran, pathway=made, scenario=theirs, staff_group="registered-nurses", expected_version=1
        )
    assert refused.value.problems == [("scenario", "Choose a scenario you may change")]
    assert not ScenarioVersion.objects.filter(scenario=theirs, number=2).exists()


def test_a_staff_group_not_in_the_scenario_is_refused_beside_the_field(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = pathway(fran, orgs["ics_a"])
    sc = scenario(orgs["ics_a"])
    client.force_login(fran)
    page = client.post(
        reverse("pathways:projection", args=[made.pk]) + f"?scenario={sc.pk}",
        {"staff_group": "midwives", "expected_version": "1"},
    )
    assert "Choose a staff group of the scenario" in page.content.decode()
    assert sc.versions.count() == 1


def test_someone_who_cannot_read_the_pathway_cannot_use_it(orgs):
    made = pathway(member(orgs["ics_a"], "facilitator"), orgs["ics_a"])
    other = member(orgs["ics_b"], "facilitator")
    with pytest.raises(PermissionDenied):
        actions_projection.use_in_projection(
            actor=other,
            pathway=made,
            scenario=scenario(orgs["ics_b"]),
            staff_group="registered-nurses",
            expected_version=1,
        )
