"""Shared set-up for the runs tests (H2): an organisation with a scenario, people with and
without the right to run it, and tasks that run as soon as they are enqueued."""

from __future__ import annotations

import pytest

from tests.factories import OrganisationFactory, member
from tests.factories.projections import scenario, small_spec

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

RETENTION = {
    "name": "Retention programme",
    "lever": "leaver_rate_change",
    "staff_group": "registered-nurses",
    "effect": {"dist": "triangular", "low": -0.15, "mode": -0.1, "high": -0.05},
    "start_year": 2027,
    "cost_per_year": 120000,
}


def spec_with_intervention() -> dict:
    return small_spec(interventions=[RETENTION])


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    return settings


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept, not run (the page shows the run waiting)."""
    settings.TASKS = DUMMY
    return settings


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Riverside Community Trust", ods_code="QZR")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Hillside Trust", ods_code="QZH")


@pytest.fixture
def editor(org):
    return member(org, "contributor", email="editor@example.nhs.uk")


@pytest.fixture
def viewer(org):
    return member(org, "viewer", email="viewer@example.nhs.uk")


@pytest.fixture
def outsider(other_org):
    return member(other_org, "contributor", email="outsider@example.nhs.uk")


@pytest.fixture
def scen(org, editor):
    return scenario(org, spec_with_intervention(), user=editor)
