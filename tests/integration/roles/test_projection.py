"""Using a new role in a projection: a substitution lever from the posts filled or planned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.validation import ValidationProblem
from lodestar.projections.models import ScenarioVersion
from lodestar.roles import actions
from tests.factories import member
from tests.factories.projections import scenario
from tests.factories.roles import D, new_role

pytestmark = pytest.mark.django_db


def test_posts_filled_times_equivalence_cover_the_groups_demand(client, orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = new_role(
        fran,
        orgs["trust_a"],
        name="Nursing associate",
        covers_group="registered-nurses",
        equivalence="0.5",
        posts=[(D(2025, 4, 1), 12, 10, 8)],
    )
    sc = scenario(orgs["ics_a"])
    client.force_login(fran)
    page = client.get(reverse("roles:projection", args=[made.pk]), {"scenario": sc.pk})
    assert "So the demand on registered-nurses falls by 4 FTE" in page.content.decode()
    client.post(
        reverse("roles:projection", args=[made.pk]) + f"?scenario={sc.pk}",
        {"basis": "planned", "expected_version": "1"},
    )
    [lever] = ScenarioVersion.objects.get(scenario=sc, number=2).spec["interventions"]
    assert lever == {
        "name": "Nursing associate at Trust A (new role)",
        "lever": "substitution",
        "staff_group": "registered-nurses",
        "fte": 12.0,
        "equivalence": 0.5,
        "new_role": "nursing-associate",
    }


def test_a_role_whose_group_is_not_in_the_scenario_is_refused(orgs):
    fran = member(orgs["ics_a"], "facilitator")
    made = new_role(fran, orgs["trust_a"])  # covers doctors
    sc = scenario(orgs["ics_a"])
    with pytest.raises(ValidationProblem) as refused:
        actions.use_in_projection(actor=fran, role=made, scenario=sc, basis="filled", expected_version=1)
    assert refused.value.problems == [("scenario", "The scenario has no staff group called doctors: choose another")]
    assert sc.versions.count() == 1
