"""Recommendations on the workshop's candidates step and on the plan page (issue 12, item 6):
each suggestion says why, and nothing out of the person's reach is ever suggested: a case study
is suggested to exactly the people whose case-study page opens (200, not 404), an organisation's
adoption only to people who reach it or who can read that organisation's own case study about it.

The workshop and the plan belong to Trust A (Test Region > ICS A > Trust A); the case study to
PCN A, beside Trust A in ICS A."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from lodestar.learning import actions_adoption
from lodestar.learning.models import Status
from lodestar.workshops.models import ParticipantRole
from tests.factories import UserFactory
from tests.factories.learning import case_study
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.star import star_point
from tests.factories.workshops import CandidateFactory, InterventionFactory, WorkshopFactory, participant

pytestmark = pytest.mark.django_db

TITLE = "Preceptorship that kept our newly qualified nurses"
INTERVENTION = "Mentoring for newly qualified nurses"
# Everyone who can open Trust A's workshop: its own people and those above it, and two
# participants from elsewhere (another ICS, another region), who reach nothing in ICS A.
VIEWERS = ["sibling", "ics_facilitator", "ics_viewer", "reviewer", "platform", "other_ics", "other_region"]


@pytest.fixture
def setting(world):
    orgs = world["orgs"]
    intervention = InterventionFactory(title=INTERVENTION, point=star_point("supply"))
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], staff_groups=["registered-nurses"])
    CandidateFactory(workshop=workshop, intervention=intervention, shortlisted=True)
    for who in ("other_ics", "other_region"):
        participant(workshop, ParticipantRole.OBSERVER, user=world["people"][who])
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Nurse retention")
    ActionFactory(plan=plan, organisation=orgs["trust_a"], intervention=intervention, point=star_point("supply"))
    return {"intervention": intervention, "workshop": workshop, "plan": plan}


def _panel(page: str) -> str:
    assert 'id="learn-from-others"' in page
    return page.split('id="learn-from-others"', 1)[1].split("</section>", 1)[0]


def _panels(client, person, setting) -> dict[str, str]:
    client.force_login(person)
    workshop = client.get(reverse("workshops:candidates", args=[setting["workshop"].pk]))
    assert workshop.status_code == 200
    out = {"workshop": _panel(workshop.text)}
    plan = client.get(reverse("plans:detail", args=[setting["plan"].pk]))
    if plan.status_code == 200:  # participants from elsewhere do not reach Trust A's plan
        out["plan"] = _panel(plan.text)
    return out


def _opens(client, person, url: str) -> bool:
    client.force_login(person)
    status = client.get(url).status_code
    assert status in (200, 404)
    return status == 200


@pytest.mark.parametrize("visibility", ["organisation", "ics", "region", "everyone"])
def test_a_case_study_is_suggested_exactly_to_those_who_may_read_it(client, world, setting, visibility):
    cs = case_study(
        world["orgs"]["pcn_a"],
        title=TITLE,
        status=Status.PUBLISHED,
        visibility=visibility,
        interventions=[setting["intervention"]],
    )
    detail = reverse("learning:detail", args=[cs.pk])
    for who in VIEWERS:
        person = world["people"][who]
        may_read = _opens(client, person, detail)
        for where, panel in _panels(client, person, setting).items():
            assert (TITLE in panel) == may_read, (visibility, who, where)
            if may_read:
                assert f"Tagged with {INTERVENTION}, which is" in panel


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REVIEWED])
def test_an_unpublished_case_study_is_never_suggested(client, world, setting, status):
    case_study(world["orgs"]["trust_a"], title=TITLE, status=status, interventions=[setting["intervention"]])
    for who in VIEWERS:
        for where, panel in _panels(client, world["people"][who], setting).items():
            assert TITLE not in panel, (status, who, where)


def test_the_why_names_the_shortlist_on_the_workshop_and_the_plan_on_the_plan(client, world, setting):
    case_study(
        world["orgs"]["pcn_a"],
        title=TITLE,
        status=Status.PUBLISHED,
        visibility="everyone",
        interventions=[setting["intervention"]],
        points=[star_point("supply")],
        staff_groups=["registered-nurses"],
    )
    panels = _panels(client, world["people"]["sibling"], setting)
    assert f"Tagged with {INTERVENTION}, which is on your shortlist" in panels["workshop"]
    assert "For registered nurses, like your workshop" in panels["workshop"]
    assert f"Tagged with {INTERVENTION}, which is in your plan" in panels["plan"]
    assert "About Supply, like actions in your plan" in panels["plan"]


def _adopt(organisation, intervention, stage="adopted"):
    staff = UserFactory(is_platform_staff=True)
    actions_adoption.record_stage(
        actor=staff,
        organisation=organisation,
        intervention=intervention,
        stage="piloting",
        since=datetime.date(2025, 1, 6),
    )
    return actions_adoption.record_stage(
        actor=staff, organisation=organisation, intervention=intervention, stage=stage, since=datetime.date(2025, 6, 2)
    )


def test_an_adopting_organisation_is_suggested_only_to_people_who_reach_it(client, world, setting):
    trust_b = world["orgs"]["trust_b"]  # ICS B: reached by the region and by its own people
    _adopt(trust_b, setting["intervention"], stage="embedded")
    page = reverse("learning:adoption-organisation", args=[trust_b.pk])
    for who in VIEWERS:
        person = world["people"][who]
        reaches = _opens(client, person, page)
        for where, panel in _panels(client, person, setting).items():
            assert ("Trust B" in panel) == reaches, (who, where)
            if reaches:
                assert f"Adopted {INTERVENTION}, which is" in panel and "embedded since June 2025" in panel


def test_an_organisation_out_of_reach_is_suggested_through_its_own_readable_case_study(client, world, setting):
    trust_c = world["orgs"]["trust_c"]  # another region: reached by nobody in this one
    _adopt(trust_c, setting["intervention"])
    sibling = world["people"]["sibling"]
    assert "Trust C" not in _panels(client, sibling, setting)["workshop"]
    cs = case_study(
        trust_c,
        title="Our mentoring scheme",
        status=Status.PUBLISHED,
        visibility="everyone",
        interventions=[setting["intervention"]],
    )
    panel = _panels(client, sibling, setting)["workshop"]
    assert "Trust C" in panel and "Read its case study: Our mentoring scheme" in panel
    assert reverse("learning:detail", args=[cs.pk]) in panel
    assert reverse("learning:adoption-organisation", args=[trust_c.pk]) not in panel


def test_an_organisation_out_of_reach_stays_hidden_when_its_case_study_is_about_something_else(client, world, setting):
    trust_c = world["orgs"]["trust_c"]
    _adopt(trust_c, setting["intervention"])
    case_study(trust_c, title="Something else", status=Status.PUBLISHED, visibility="everyone")
    panel = _panels(client, world["people"]["sibling"], setting)["workshop"]
    assert "Trust C" not in panel


def test_anonymous_people_are_sent_to_sign_in(client, setting):
    for url in (
        reverse("workshops:candidates", args=[setting["workshop"].pk]),
        reverse("plans:detail", args=[setting["plan"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_with_nothing_to_suggest_the_panel_says_so(client, world, setting):
    panel = _panels(client, world["people"]["sibling"], setting)["workshop"]
    assert "No published case studies match yet" in panel
    assert "No organisation you can see has adopted these interventions yet" in panel
