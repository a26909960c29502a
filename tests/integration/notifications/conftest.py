import pytest

from tests.factories import member
from tests.factories.plans import ActionPlanFactory
from tests.factories.workshops import WorkshopFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (after commit), instead of waiting for db_worker."""
    settings.TASKS = IMMEDIATE
    settings.LODESTAR_SITE_URL = "https://lodestar.example.nhs.uk"
    return settings


@pytest.fixture
def world(orgs, immediate_tasks):
    """Fran facilitates Trust A's workshop and leads its plan; Cal contributes at Trust A."""
    fran = member(orgs["trust_a"], "facilitator", full_name="Fran Facilitator", email="fran@example.nhs.uk")
    cal = member(orgs["trust_a"], "contributor", full_name="Cal Contributor", email="cal@example.nhs.uk")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], title="Community nursing", facilitator=fran)
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Community nursing plan", created_by=fran)
    return {"orgs": orgs, "fran": fran, "cal": cal, "workshop": workshop, "plan": plan}
