"""Pathway pages through the test client: what a facilitator and a reader see, and bad input refused
beside its field with nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.pathways.models import CohortCount, Pathway, Stage
from tests.factories import member
from tests.factories.pathways import D, pathway

pytestmark = pytest.mark.django_db


@pytest.fixture
def fran(orgs):
    return member(orgs["ics_a"], "facilitator", full_name="Fran Facilitator")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_facilitator_adds_a_pathway_a_stage_and_a_competency(client, orgs, fran):
    signed_in(client, fran)
    page = client.post(
        reverse("pathways:new"),
        {
            "organisation": orgs["ics_a"].pk,
            "name": "Community to acute nursing",
            "professions": "Nursing\nHealthcare support work",
            "capacity": "20",
            "intakes_per_year": "2",
            "staff_group": "registered-nurses",
        },
        follow=True,
    )
    made = Pathway.objects.get()
    assert "40 places a year" in page.content.decode()
    page = client.post(
        reverse("pathways:stage-new", args=[made.pk]),
        {"name": "Community year", "months": "12", "setting": "community"},
        follow=True,
    )
    stage = Stage.objects.get()
    assert "Stage 1: Community year" in page.content.decode()
    page = client.post(
        reverse("pathways:competency-new", args=[made.pk, stage.pk]),
        {"task": "Wound assessment", "who": "Band 5 nurse", "risk": "medium", "supervision": "indirect"},
        follow=True,
    )
    body = page.content.decode()
    assert "Wound assessment" in body and "Indirect (a supervisor available)" in body


def test_a_stage_without_months_is_refused_and_nothing_is_written(client, orgs, fran):
    made = pathway(fran, orgs["ics_a"], stages=[])
    signed_in(client, fran)
    before = AuditEvent.objects.count()
    page = client.post(reverse("pathways:stage-new", args=[made.pk]), {"name": "Year one", "months": "twelve"})
    assert page.status_code == 200
    assert "The number of months the stage lasts must be a whole number, like 12" in page.content.decode()
    assert "Choose where the stage takes place" in page.content.decode()
    assert not Stage.objects.exists() and AuditEvent.objects.count() == before


def test_counts_that_add_up_to_more_than_enrolled_are_refused(client, orgs, fran):
    made = pathway(fran, orgs["ics_a"], cohorts=[(D(2025, 9, 1), D(2025, 10, 1), {0: (20, 20, 0, 0)})])
    cohort = made.cohorts.get()
    stage = made.stages.first()
    signed_in(client, fran)
    page = client.post(
        reverse("pathways:counts", args=[made.pk, cohort.pk]),
        {
            "on-day": "1",
            "on-month": "12",
            "on-year": "2025",
            f"enrolled_{stage.pk}": "20",
            f"progressing_{stage.pk}": "18",
            f"withdrawn_{stage.pk}": "5",
        },
    )
    body = page.content.decode()
    assert "add up to more than those enrolled" in body and "Enter the date" not in body
    assert CohortCount.objects.count() == 1


def test_recorded_counts_join_the_history(client, orgs, fran):
    made = pathway(fran, orgs["ics_a"], cohorts=[(D(2025, 9, 1), D(2025, 10, 1), {0: (20, 20, 0, 0)})])
    cohort = made.cohorts.get()
    stage = made.stages.first()
    signed_in(client, fran)
    page = client.post(
        reverse("pathways:counts", args=[made.pk, cohort.pk]),
        {
            "on-day": "1",
            "on-month": "12",
            "on-year": "2025",
            f"enrolled_{stage.pk}": "20",
            f"progressing_{stage.pk}": "18",
            f"withdrawn_{stage.pk}": "2",
        },
        follow=True,
    )
    body = page.content.decode()
    assert "1 December 2025" in body and "1 October 2025" in body
    assert CohortCount.objects.count() == 2


def test_a_reader_sees_the_pathway_but_no_way_to_change_it(client, orgs, fran):
    made = pathway(fran, orgs["ics_a"])
    signed_in(client, member(orgs["trust_a"], "viewer"))
    assert client.get(reverse("pathways:pathway", args=[made.pk])).status_code == 404  # a trust is beneath, not above
    signed_in(client, member(orgs["region"], "viewer"))
    body = client.get(reverse("pathways:pathway", args=[made.pk])).content.decode()
    assert "Community placement year" in body and "Add a stage" not in body
