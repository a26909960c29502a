"""Who reaches a workshop's plan (ADR 0017): naming an organisation as a partner gives its people
nothing. They reach the plan as participants of the workshop, as owners of an action, or through
a role at the plan's organisation or above it. Everyone else gets 404 on every page, download
and API answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.plans.models import ActionPlan
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.workshops import WorkshopFactory, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs):
    """Trust A leads a workshop with Trust B (another ICS) and PCN A named as partners."""
    workshop = WorkshopFactory(
        lead_organisation=orgs["trust_a"], title="Community nursing", partners=[orgs["trust_b"], orgs["pcn_a"]]
    )
    plan = ActionPlanFactory(organisation=orgs["trust_a"], workshop=workshop, title="Community nursing plan")
    action = ActionFactory(plan=plan, title="Rotational posts")
    return {"orgs": orgs, "workshop": workshop, "plan": plan, "action": action}


def pages(world) -> dict[str, str]:
    plan, action, workshop = world["plan"], world["action"], world["workshop"]
    return {
        "plan": reverse("plans:detail", kwargs={"plan_id": plan.pk}),
        "timeline": reverse("plans:timeline", kwargs={"plan_id": plan.pk}),
        "action": reverse("plans:action", kwargs={"action_id": action.pk}),
        "history": reverse("plans:action-history", kwargs={"action_id": action.pk}),
        "csv": reverse("plans:export-csv", kwargs={"plan_id": plan.pk}),
        "xlsx": reverse("plans:export-xlsx", kwargs={"plan_id": plan.pk}),
        "measures csv": reverse("plans:export-csv", kwargs={"plan_id": plan.pk}) + "?table=measures",
        "pdf": reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk}),
        "workshop": reverse("workshops:detail", kwargs={"pk": workshop.pk}),
    }


def api_urls(world) -> dict[str, str]:
    plan, action, workshop = world["plan"], world["action"], world["workshop"]
    return {
        "api plan": f"/api/v1/plans/{plan.pk}",
        "api action": f"/api/v1/plans/actions/{action.pk}",
        "api progress": f"/api/v1/plans/actions/{action.pk}/progress",
        "api measures": f"/api/v1/plans/actions/{action.pk}/measures",
        "api workshop": f"/api/v1/workshops/{workshop.pk}",
    }


def statuses(client, user, world) -> dict[str, int]:
    client.force_login(user)
    result = {name: client.get(url).status_code for name, url in pages(world).items()}
    client.logout()
    headers = auth_header(api_token(user)[1])
    result.update({name: client.get(url, **headers).status_code for name, url in api_urls(world).items()})
    return result


def listed(client, user, world) -> bool:
    """Whether the plan and its action appear in the portfolio page and the API's lists."""
    client.force_login(user)
    html = client.get(reverse("plans:portfolio")).content.decode()
    client.logout()
    headers = auth_header(api_token(user)[1])
    plans = client.get("/api/v1/plans", **headers).json()
    actions = client.get("/api/v1/plans/actions", **headers).json()
    workshops = client.get("/api/v1/workshops", **headers).json()
    found = [
        "Community nursing plan" in html,
        "Rotational posts" in html,
        any(p["id"] == world["plan"].pk for p in plans["items"]),
        any(a["id"] == world["action"].pk for a in actions["items"]),
        any(w["id"] == world["workshop"].pk for w in workshops["items"]),
    ]
    assert len(set(found)) == 1, found  # all or nothing
    return found[0]


@pytest.mark.parametrize("org", ["trust_b", "pcn_a"])
@pytest.mark.parametrize("role", ["viewer", "contributor", "facilitator", "org_admin"])
def test_a_partner_organisations_people_get_404_everywhere(client, world, org, role):
    person = member(world["orgs"][org], role)
    assert statuses(client, person, world) == dict.fromkeys([*pages(world), *api_urls(world)], 404)
    assert not listed(client, person, world)


def test_an_ics_above_a_partner_gets_nothing_either(client, world):
    person = member(world["orgs"]["ics_b"], "viewer")
    assert set(statuses(client, person, world).values()) == {404}
    assert not listed(client, person, world)


@pytest.mark.parametrize("role", ["observer", "contributor", "facilitator"])
def test_a_partners_person_invited_as_a_participant_sees_the_plan(client, world, role):
    person = participant(world["workshop"], role, user=member(world["orgs"]["trust_b"], "viewer"))
    assert set(statuses(client, person, world).values()) == {200}
    assert listed(client, person, world)


def test_a_partners_person_who_owns_an_action_sees_the_plan_and_their_action(client, world):
    owner = member(world["orgs"]["trust_b"], "viewer")
    world["action"].owner_user = owner
    world["action"].save()
    found = statuses(client, owner, world)
    plan_parts = ["plan", "timeline", "action", "history", "csv", "xlsx", "api plan", "api action", "api progress"]
    assert {name: found[name] for name in plan_parts} == dict.fromkeys(plan_parts, 200)
    # Owning an action is not taking part in the workshop.
    assert (found["workshop"], found["api workshop"], found["pdf"]) == (404, 404, 404)


@pytest.mark.parametrize("org", ["trust_a", "ics_a", "region"])
def test_viewers_at_the_lead_organisation_or_above_see_the_plan(client, world, org):
    person = member(world["orgs"][org], "viewer")
    assert set(statuses(client, person, world).values()) == {200}
    assert listed(client, person, world)


def test_the_workshops_facilitator_sees_the_plan_without_a_participant_row(client, world):
    facilitator = member(world["orgs"]["trust_b"], "viewer")
    world["workshop"].facilitator = facilitator
    world["workshop"].save()
    assert ActionPlan.objects.visible_to(facilitator).filter(pk=world["plan"].pk).exists()


def test_removing_a_participant_takes_the_plan_away(client, world):
    person = participant(world["workshop"], "observer", user=member(world["orgs"]["trust_b"], "viewer"))
    world["workshop"].participants.filter(user=person).delete()
    assert set(statuses(client, person, world).values()) == {404}
