"""The home page of the person signed in, for each kind of person: what needs them next
(their own ratings, the facilitator's steps, the actions they own, plans gone quiet), their
workshops and their organisations, in a few queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.plans.models import Action, Status
from tests.factories import UserFactory, member
from tests.factories.plans import ActionFactory, ActionPlanFactory, ProgressUpdateFactory
from tests.factories.workshops import CandidateFactory, RatingFactory, WorkshopFactory, participant, star_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs):
    """Urgent care nursing at Trust A: Fran facilitates, Cal contributes (rated 2 of 6), Olive
    observes, Gus comes from a charity with no membership; Ira from Trust A has also rated."""
    star_points()
    fran = member(orgs["trust_a"], "facilitator", full_name="Fran")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=fran, title="Urgent care nursing")
    participant(workshop, "facilitator", user=fran)
    cal = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor", full_name="Cal"))
    ira = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor", full_name="Ira"))
    olive = participant(workshop, "observer", user=member(orgs["trust_a"], "viewer", full_name="Olive"))
    gus = participant(workshop, "contributor", user=UserFactory(full_name="Gus"), is_external=True)
    candidates = [CandidateFactory(workshop=workshop) for _ in range(6)]
    for c in candidates[:2]:
        RatingFactory(candidate=c, user=cal)
    RatingFactory(candidate=candidates[0], user=ira)
    return dict(orgs=orgs, workshop=workshop, fran=fran, cal=cal, ira=ira, olive=olive, gus=gus, candidates=candidates)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def prioritisation(workshop, anchor="") -> str:
    return reverse("workshops:prioritisation", args=[workshop.pk]) + anchor


def test_a_contributor_sees_their_own_progress_not_the_groups(client, world):
    w = world["workshop"]
    html = home(client, world["cal"])
    assert (
        f'<a href="{prioritisation(w)}">You have rated 2 of 6 candidates in Urgent care nursing: rate the other 4</a>'
    ) in html
    assert "You are a contributor. Workshop status: Draft. You have rated 2 of 6 candidates." in html
    # The facilitator's steps and the group's progress are not theirs.
    assert "Confirm the shortlist" not in html and "people have rated" not in html
    assert "You do not belong to any organisation yet" not in html


def test_a_contributor_who_has_not_rated_is_asked_to_rate_every_candidate(client, world):
    html = home(client, world["ira"])
    assert "You have rated 1 of 6 candidates in Urgent care nursing: rate the other 5" in html
    newcomer = participant(world["workshop"], "contributor", user=member(world["orgs"]["trust_a"], "contributor"))
    html = home(client, newcomer)
    assert f'<a href="{prioritisation(world["workshop"])}">Rate 6 candidates in Urgent care nursing</a>' in html


def test_an_observer_has_nothing_to_rate(client, world):
    html = home(client, world["olive"])
    assert "Rate " not in html and "You have rated" not in html
    assert "Nothing needs you right now." in html
    assert "You are an observer. Workshop status: Draft." in html


def test_the_facilitator_sees_the_groups_progress_and_the_next_step_of_the_workshop(client, world):
    w = world["workshop"]
    html = home(client, world["fran"])
    assert f'<a href="{prioritisation(w)}">Rate 6 candidates in Urgent care nursing</a>' in html
    assert (
        f'<a href="{prioritisation(w, "#shortlist")}">Confirm the shortlist in Urgent care nursing: '
        "2 people have rated</a>"
    ) in html
    assert "You are the facilitator. Workshop status: Draft. You have rated 0 of 6 candidates." in html

    w.shortlist_confirmed_at = timezone.now()
    w.save()
    html = home(client, world["fran"])
    assert "Generate the action plan for Urgent care nursing" in html
    assert "Rate 6 candidates" not in html  # rating is over once the shortlist is confirmed
    assert "Generate the action plan" not in home(client, world["cal"])


def test_a_facilitator_with_no_candidates_yet_is_asked_to_add_some(client, world):
    other = WorkshopFactory(lead_organisation=world["orgs"]["trust_a"], facilitator=world["fran"], title="Ward clerks")
    html = home(client, world["fran"])
    assert (
        f'<a href="{reverse("workshops:candidates", args=[other.pk])}">Add candidate interventions to Ward clerks</a>'
        in html
    )


def test_an_action_owner_sees_how_many_they_own_and_how_many_are_at_risk(client, world):
    cal = world["cal"]
    plan = ActionPlanFactory(organisation=world["orgs"]["trust_a"])
    ActionFactory(plan=plan, owner_user=cal, status=Status.ON_TRACK)
    ActionFactory(plan=plan, owner_user=cal, status=Status.AT_RISK)
    ActionFactory(plan=plan, owner_user=cal, status=Status.DONE)  # closed: not counted
    html = home(client, cal)
    assert f'<a href="{reverse("plans:my-actions")}">You own 2 open actions, 1 at risk</a>' in html

    ActionFactory(
        plan=plan, owner_user=cal, status=Status.OFF_TRACK, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "You own 3 open actions, 1 at risk, 1 off track and 1 overdue" in home(client, cal)


def test_a_plan_lead_sees_actions_with_no_update_for_60_days(client, world, settings):
    fran, cal = world["fran"], world["cal"]
    plan = ActionPlanFactory(organisation=world["orgs"]["trust_a"], title="Nursing plan", created_by=fran)
    long_ago = timezone.now() - datetime.timedelta(days=90)
    quiet = [ActionFactory(plan=plan, owner_user=cal) for _ in range(3)]
    updated = ActionFactory(plan=plan)
    ProgressUpdateFactory(action=updated, date=timezone.localdate() - datetime.timedelta(days=10))
    ActionFactory(plan=plan, status=Status.DONE)  # closed
    ProgressUpdateFactory(action=quiet[0], date=timezone.localdate() - datetime.timedelta(days=61))
    Action.objects.filter(plan=plan).update(created_at=long_ago)
    ActionFactory(plan=plan)  # added today: not quiet yet

    html = home(client, fran)
    href = reverse("plans:detail", kwargs={"plan_id": plan.pk})
    assert f'<a href="{href}">3 actions in Nursing plan have had no progress update for 60 days</a>' in html
    # Not a step for a contributor who does not lead the plan (they see their own actions instead).
    assert "no progress update" not in home(client, cal)

    settings.LODESTAR_STALE_UPDATE_DAYS = 100
    assert "no progress update" not in home(client, fran)


def test_an_outside_invitee_sees_their_workshop_not_a_dead_end(client, world):
    html = home(client, world["gus"])
    assert "You do not belong to any organisation yet" not in html
    assert f'<a href="{reverse("workshops:detail", args=[world["workshop"].pk])}">Urgent care nursing</a>' in html
    assert "You were invited to these workshops from outside their organisations" in html
    assert "Rate 6 candidates in Urgent care nursing" in html
    assert "Your organisations" not in html


def test_a_new_user_is_told_to_ask_for_an_invitation(client, db):
    html = home(client, UserFactory())
    assert "You do not belong to any organisation yet. Ask an organisation admin to invite you." in html
    assert "Your next steps" not in html and "Your workshops" not in html


def test_a_member_sees_their_organisations(client, world):
    html = home(client, world["cal"])
    trust = world["orgs"]["trust_a"]
    assert f'<a href="{reverse("orgs:detail", args=[trust.pk])}">Trust A</a>: Contributor' in html


def test_the_home_page_takes_a_few_queries_however_many_workshops_and_plans(
    client, world, django_assert_max_num_queries
):
    fran = world["fran"]
    for n in range(8):
        w = WorkshopFactory(lead_organisation=world["orgs"]["trust_a"], facilitator=fran, title=f"Workshop {n}")
        participant(w, "contributor", user=world["cal"])
        for c in [CandidateFactory(workshop=w) for _ in range(3)]:
            RatingFactory(candidate=c, user=world["cal"])
        plan = ActionPlanFactory(organisation=world["orgs"]["trust_a"], created_by=fran)
        for _ in range(3):
            ActionFactory(plan=plan, owner_user=fran, status=Status.AT_RISK)
    Action.objects.update(created_at=timezone.now() - datetime.timedelta(days=90))
    client.force_login(fran)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("core:home")).content.decode()
    assert "You own 24 open actions, 24 at risk" in html
    assert html.count("have had no progress update for 60 days") == 5
