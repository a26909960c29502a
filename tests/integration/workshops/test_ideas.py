"""The group's own ideas become candidates in one step (lodestar/workshops/actions/ideas.py and
the candidates page): through a new local intervention in the workshop's lead organisation when
no catalogue intervention says the same, once, audited; candidate titles link to the
intervention's page; suggestions say why in words, never with their internal score."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.star.models import CatalogueEvent, Intervention
from lodestar.workshops import actions
from lodestar.workshops.models import Candidate, ContributionKind, WorkshopEvent
from tests.factories import member
from tests.factories.star import star_points
from tests.factories.workshops import (
    ContributionFactory,
    InterventionFactory,
    WorkshopFactory,
    participant,
)

pytestmark = pytest.mark.django_db

IDEA = "Night-time cover shared between the two community teams"


@pytest.fixture
def room(orgs):
    points = star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(
        lead_organisation=orgs["trust_a"],
        facilitator=facilitator,
        title="Community nursing",
        staff_groups=["registered-nurses"],
        care_settings=["community"],
    )
    participant(workshop, "facilitator", user=facilitator)
    cal = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor"))
    idea = ContributionFactory(
        workshop=workshop, point=points["new-ways-of-working"], kind=ContributionKind.IDEA, text=IDEA
    )
    return dict(workshop=workshop, facilitator=facilitator, cal=cal, idea=idea, points=points)


def _make(client, room, idea=None):
    idea = idea or room["idea"]
    return client.post(reverse("workshops:idea-candidate", args=[room["workshop"].pk, idea.pk]))


def _candidates_page(client, room) -> str:
    response = client.get(reverse("workshops:candidates", args=[room["workshop"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_idea_becomes_a_candidate_through_a_new_local_intervention_once(client, room):
    client.force_login(room["cal"])
    html = _candidates_page(client, room)
    assert "The group&#39;s ideas" in html or "The group's ideas" in html
    assert "Make this a candidate" in html and IDEA in html
    response = _make(client, room)
    assert response.status_code == 302 and response["Location"].endswith("#ideas")
    [local] = Intervention.objects.filter(organisation=room["workshop"].lead_organisation)
    assert (local.title, local.point.key) == (IDEA, "new-ways-of-working")
    assert (local.staff_groups, local.care_settings, local.evidence_level) == (
        ["registered-nurses"],
        ["community"],
        "expert",
    )
    assert "Raised as an idea in the workshop \u201cCommunity nursing\u201d." in local.description
    [candidate] = Candidate.objects.filter(workshop=room["workshop"])
    assert (candidate.intervention, candidate.idea, candidate.added_by) == (local, room["idea"], room["cal"])
    [event] = AuditEvent.objects.filter(action=WorkshopEvent.IDEA_CANDIDATE.value)
    assert (event.actor, event.organisation) == (room["cal"], room["workshop"].lead_organisation)
    assert event.after == {"intervention_id": local.pk, "idea_id": room["idea"].pk, "new_local_intervention": True}
    assert AuditEvent.objects.filter(action=CatalogueEvent.CREATE.value, organisation=local.organisation).count() == 1

    # Again (a second click, or another person): nothing new.
    page = client.get(_make(client, room)["Location"]).content.decode()
    assert f"Already a candidate: {IDEA}" in page
    assert Intervention.objects.filter(organisation=room["workshop"].lead_organisation).count() == 1
    assert Candidate.objects.filter(workshop=room["workshop"]).count() == 1
    assert AuditEvent.objects.filter(action=WorkshopEvent.IDEA_CANDIDATE.value).count() == 1
    assert "Make this a candidate" not in page
    assert f'<a href="/star/interventions/{local.code}/">{IDEA}</a>' in page


def test_an_idea_that_says_what_a_catalogue_intervention_says_uses_it(client, room):
    national = InterventionFactory(title="Night-time cover, shared between the two community teams!")
    client.force_login(room["cal"])
    _make(client, room)
    [candidate] = Candidate.objects.filter(workshop=room["workshop"])
    assert candidate.intervention == national and candidate.idea == room["idea"]
    assert not Intervention.objects.filter(organisation__isnull=False).exists()
    assert AuditEvent.objects.get(action=WorkshopEvent.IDEA_CANDIDATE.value).after["new_local_intervention"] is False


def test_a_long_idea_makes_a_short_title_and_keeps_every_word_in_the_description(room):
    text = "Rotate " + "band five nurses through the hub " * 20
    idea = ContributionFactory(workshop=room["workshop"], kind=ContributionKind.IDEA, text=text)
    candidate, changed = actions.make_idea_a_candidate(actor=room["cal"], idea=idea)
    assert changed
    title = candidate.intervention.title
    assert len(title) <= 200 and title.endswith("...") and title.startswith("Rotate band five nurses")
    assert " ".join(text.split()) in " ".join(candidate.intervention.description.split())


@pytest.mark.parametrize("kind, hidden", [(ContributionKind.CHALLENGE, False), (ContributionKind.IDEA, True)])
def test_only_a_visible_idea_can_become_a_candidate(room, kind, hidden):
    other = ContributionFactory(workshop=room["workshop"], kind=kind, hidden=hidden)
    with pytest.raises(ValidationProblem) as refused:
        actions.make_idea_a_candidate(actor=room["cal"], idea=other)
    assert refused.value.problems == [("idea", "Choose an idea from this workshop")]
    assert not Candidate.objects.exists() and not AuditEvent.objects.exists()


def test_an_observer_cannot_make_an_idea_a_candidate_and_another_workshops_idea_is_404(client, room, orgs):
    observer = participant(room["workshop"], "observer")
    client.force_login(observer)
    assert "Make this a candidate" not in _candidates_page(client, room)
    assert _make(client, room).status_code == 403
    client.force_login(room["cal"])
    elsewhere = ContributionFactory(
        workshop=WorkshopFactory(lead_organisation=orgs["trust_a"]), kind=ContributionKind.IDEA
    )
    assert _make(client, room, idea=elsewhere).status_code == 404
    assert not Candidate.objects.exists()


def test_suggestions_say_why_in_words_and_never_show_their_score(client, room):
    InterventionFactory(
        title="Community nurse retention", summary="Keep community nurses", staff_groups=["registered-nurses"]
    )
    client.force_login(room["cal"])
    html = _candidates_page(client, room)
    suggestions = html[html.index("<h2>Suggested for") : html.index('<h2 id="find">')]
    assert "Why suggested:" in suggestions and "Matching words: community" in suggestions
    why = suggestions.split("Why suggested:</strong>")[1].split("</p>")[0]
    assert why.strip() == "Matching words: community, nurses; Staff groups: Registered nurses."
    assert "score" not in suggestions.lower()


def test_candidate_titles_link_to_the_intervention_page(client, room):
    iv = InterventionFactory(title="Return to practice")
    actions.add_candidate(actor=room["cal"], workshop=room["workshop"], intervention=iv)
    client.force_login(room["cal"])
    assert f'<a href="/star/interventions/{iv.code}/"><strong>Return to practice</strong></a>' in _candidates_page(
        client, room
    )
