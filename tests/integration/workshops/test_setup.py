"""The workshop overview (lodestar/workshops/views/setup.py): links to the action plan once there is one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.plans import actions as plan_actions
from tests.factories import member
from tests.factories.workshops import WorkshopFactory, participant, star_points

pytestmark = pytest.mark.django_db


def test_overview_links_to_the_action_plan_and_report_once_generated(client, orgs):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    participant(workshop, "facilitator", user=facilitator)
    client.force_login(facilitator)
    url = reverse("workshops:detail", args=[workshop.pk])
    assert "View the action plan" not in client.get(url).content.decode()
    plan = plan_actions.create_plan(
        actor=facilitator, organisation=orgs["trust_a"], title="Community nursing plan", workshop=workshop
    )
    html = client.get(url).content.decode()
    assert f'<a href="{reverse("plans:detail", kwargs={"plan_id": plan.pk})}">View the action plan</a>' in html
    assert reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk}) in html
