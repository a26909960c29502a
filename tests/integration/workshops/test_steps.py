"""No dead ends in a workshop: every step of the overview links to a page, each step's page links
to the steps before and after it, and the action plan is reachable from the step that makes it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.plans import actions as plan_actions
from tests.factories import member
from tests.factories.workshops import CandidateFactory, WorkshopFactory, participant, star_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator, title="Community nursing")
    participant(workshop, "facilitator", user=facilitator)
    contributor = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor"))
    colleague = member(orgs["trust_a"], "viewer")  # sees the workshop, is not taking part
    return dict(workshop=workshop, facilitator=facilitator, contributor=contributor, colleague=colleague)


def page(client, user, name, workshop) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[workshop.pk]))
    assert response.status_code == 200
    return response.content.decode()


def step_links(html: str) -> dict[str, str]:
    """The overview's task list: step title -> where it links."""
    return {
        title.strip(): href
        for href, title in re.findall(r'class="nhsuk-task-list__link[^"]*"\s*href="([^"]+)"[^>]*>\s*([^<]+)', html)
    }


def pagination(html: str) -> dict[str, tuple[str, str]]:
    """The previous and next step links at the foot of a step's page: rel -> (href, label)."""
    nav = re.search(r'<nav class="nhsuk-pagination"[^>]*aria-label="Workshop steps".*?</nav>', html, re.S)
    if nav is None:
        return {}
    found = {}
    for href, rel, body in re.findall(r'href="([^"]+)" rel="(prev|next)"[^>]*>(.*?)</a>', nav.group(0), re.S):
        found[rel] = (href, re.sub(r"\s+:", ":", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))).strip())
    return found


def test_every_step_of_the_overview_links_to_a_page_before_the_plan_exists(client, world):
    w = world["workshop"]
    links = step_links(page(client, world["facilitator"], "workshops:detail", w))
    prioritisation = reverse("workshops:prioritisation", args=[w.pk])
    assert links == {
        "Set up": reverse("workshops:edit", args=[w.pk]),
        "Participants": reverse("workshops:participants", args=[w.pk]),
        "Evidence pack": reverse("workshops:evidence", args=[w.pk]),
        "Star assessment": reverse("workshops:assessment", args=[w.pk]),
        "Candidates": reverse("workshops:candidates", args=[w.pk]),
        "Prioritisation": prioritisation,
        "Action plan": prioritisation + "#shortlist",
    }
    html = page(client, world["facilitator"], "workshops:detail", w)
    assert "Not generated yet: it is made from the shortlist the facilitator confirms in Prioritisation" in html
    for href in links.values():
        assert client.get(href.split("#")[0]).status_code == 200


def test_a_colleague_not_taking_part_is_sent_to_the_details_not_to_a_refusal(client, world):
    w = world["workshop"]
    html = page(client, world["colleague"], "workshops:detail", w)
    links = step_links(html)
    assert links["Set up"] == "#about-this-workshop" and 'id="about-this-workshop"' in html
    assert "Evidence pack" not in links  # the evidence pack is for the people taking part
    assert "seen only by the people taking part" in html
    for href in links.values():
        if not href.startswith("#"):
            assert client.get(href.split("#")[0]).status_code == 200, href


def test_each_step_page_links_to_the_steps_before_and_after_it(client, world):
    w = world["workshop"]
    url = lambda name: reverse(name, args=[w.pk])  # noqa: E731
    facilitator = world["facilitator"]
    assert pagination(page(client, facilitator, "workshops:edit", w)) == {
        "next": (url("workshops:participants"), "Next step: Participants")
    }
    assert pagination(page(client, facilitator, "workshops:evidence", w)) == {
        "prev": (url("workshops:participants"), "Previous step: Participants"),
        "next": (url("workshops:assessment"), "Next step: Star assessment"),
    }
    assert pagination(page(client, facilitator, "workshops:prioritisation", w)) == {
        "prev": (url("workshops:candidates"), "Previous step: Candidates")
    }


def test_a_contributor_steps_past_the_pages_they_cannot_open(client, world):
    w = world["workshop"]
    url = lambda name: reverse(name, args=[w.pk])  # noqa: E731
    # Set-up is the facilitators' page: a contributor's first step is Participants.
    assert "prev" not in pagination(page(client, world["contributor"], "workshops:participants", w))
    # A colleague not taking part goes from Participants straight to the Star assessment.
    assert pagination(page(client, world["colleague"], "workshops:participants", w)) == {
        "next": (url("workshops:assessment"), "Next step: Star assessment")
    }


def test_once_the_plan_exists_prioritisation_leads_to_it(client, world):
    w = world["workshop"]
    candidate = CandidateFactory(workshop=w, shortlisted=True, priority_rank=1)
    w.shortlist_confirmed_at = timezone.now()
    w.save()
    plan = plan_actions.generate_plan(actor=world["facilitator"], workshop=w)
    plan_href = reverse("plans:detail", kwargs={"plan_id": plan.pk})
    html = page(client, world["contributor"], "workshops:prioritisation", w)
    assert pagination(html)["next"] == (plan_href, "Next step: Action plan")
    assert step_links(page(client, world["contributor"], "workshops:detail", w))["Action plan"] == plan_href
    plan_page = client.get(plan_href).content.decode()
    assert candidate.intervention.title in plan_page
    # The plan page says where it came from, and how its due dates were set (plans.actions.DURATION_DAYS).
    assert f'<a href="{reverse("workshops:detail", args=[w.pk])}">Community nursing</a>' in plan_page
    assert "How the due dates are set" in plan_page
    assert "Under 6 months: due about 4 months (120 days) after the start" in plan_page
    assert "More than 5 years: due about 36 months (1,095 days) after the start" in plan_page


def test_generating_the_plan_says_how_many_actions_and_where_the_due_dates_come_from(client, world):
    w = world["workshop"]
    for rank in (1, 2):
        CandidateFactory(workshop=w, shortlisted=True, priority_rank=rank)
    w.shortlist_confirmed_at = timezone.now()
    w.save()
    client.force_login(world["facilitator"])
    response = client.post(reverse("plans:generate", args=[w.pk]), follow=True)
    html = response.content.decode()
    assert "Action plan created with 2 actions. Now give each an owner, and check the due dates" in html
    assert "How the due dates are set" in html and "(s)" not in html


def test_the_shortlist_says_what_generating_does_and_then_links_to_the_plan(client, world):
    w = world["workshop"]
    CandidateFactory(workshop=w, shortlisted=True, priority_rank=1)
    w.shortlist_confirmed_at = timezone.now()
    w.ratings_revealed_at = timezone.now()  # the group's figures (and the shortlist) are on show
    w.save()
    html = page(client, world["facilitator"], "workshops:prioritisation", w)
    assert "Generate action plan" in html and "How the due dates are set" in html
    assert "6 to 12 months: due about 9 months (270 days) after the start" in html
    html = page(client, world["contributor"], "workshops:prioritisation", w)
    assert "The facilitator generates the action plan from this shortlist." in html

    plan = plan_actions.generate_plan(actor=world["facilitator"], workshop=w)
    html = page(client, world["contributor"], "workshops:prioritisation", w)
    plan_href = reverse("plans:detail", kwargs={"plan_id": plan.pk})
    assert f'The action plan has been generated: <a href="{plan_href}">view the action plan</a>.' in html
