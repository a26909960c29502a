"""Rating that does not anchor (docs/adr/0022-rating-without-anchoring.md), through the
prioritisation page: the group's ratings stay hidden from a rater until they have rated every
candidate or the facilitator shows them; every rating on the page saves in one POST; HTMX saves
one candidate as it changes and says so beside its radios."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.workshops import actions
from lodestar.workshops.models import Rating, WorkshopEvent
from tests.factories import member
from tests.factories.workshops import (
    CandidateFactory,
    InterventionFactory,
    RatingFactory,
    WorkshopFactory,
    participant,
    star_points,
)

pytestmark = pytest.mark.django_db

HIDDEN = "The group's ratings are hidden until you have rated every candidate"


@pytest.fixture
def room(orgs):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    participant(workshop, "facilitator", user=facilitator)
    cal = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor"))
    rtp = CandidateFactory(workshop=workshop, intervention=InterventionFactory(title="Return to practice"))
    champions = CandidateFactory(workshop=workshop, intervention=InterventionFactory(title="Change champions"))
    for impact in (5, 5, 4):  # three others already rated both
        rater = participant(workshop, "contributor")
        RatingFactory(candidate=rtp, user=rater, impact=impact, effort=2)
        RatingFactory(candidate=champions, user=rater, impact=1, effort=5)
    return dict(workshop=workshop, facilitator=facilitator, cal=cal, rtp=rtp, champions=champions)


def _page(client, room) -> str:
    response = client.get(reverse("workshops:prioritisation", args=[room["workshop"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def _rate_all(client, room, data):
    return client.post(reverse("workshops:rate-all", args=[room["workshop"].pk]), data)


def _both(room, rtp=(4, 2), champions=(2, 4)) -> dict:
    r, c = room["rtp"].pk, room["champions"].pk
    return {f"c{r}-impact": rtp[0], f"c{r}-effort": rtp[1], f"c{c}-impact": champions[0], f"c{c}-effort": champions[1]}


def test_the_group_s_ratings_are_hidden_until_you_have_rated_every_candidate(client, room):
    client.force_login(room["cal"])
    html = _page(client, room)
    assert HIDDEN in html and "You have rated 0 of 2 candidates." in html
    assert "lodestar-ranked" not in html and "lodestar-matrix" not in html
    assert "Most rated 5" not in html and "Quick wins" not in html
    RatingFactory(candidate=room["rtp"], user=room["cal"], impact=3, effort=3)
    html = _page(client, room)
    assert HIDDEN in html and "You have rated 1 of 2 candidates." in html and "lodestar-ranked" not in html


def test_a_jump_link_leads_to_the_ranked_list(client, room):
    client.force_login(room["cal"])
    html = _page(client, room)
    assert '<a href="#ranked">Skip to the ranked list</a>' in html and 'id="ranked"' in html


def test_one_post_saves_every_rating_and_then_the_group_s_ratings_show(client, room):
    client.force_login(room["cal"])
    response = _rate_all(client, room, _both(room))
    assert response.status_code == 302 and response["Location"].endswith("#ranked")
    mine = {r.candidate_id: (r.impact, r.effort) for r in Rating.objects.filter(user=room["cal"])}
    assert mine == {room["rtp"].pk: (4, 2), room["champions"].pk: (2, 4)}
    events = AuditEvent.objects.filter(action=WorkshopEvent.RATING_SAVE.value, actor=room["cal"])
    assert events.count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "Your ratings are saved: 2 candidates" in html
    assert HIDDEN not in html and "lodestar-ranked" in html
    # Return to practice: 5, 5, 4, 4 (impact) and 2, 2, 2, 2 (effort), in words.
    assert "Most rated 4 or 5" in html and "Everyone rated 2" in html and "Quick wins" in html


def test_saving_the_same_ratings_again_writes_nothing_new(client, room):
    client.force_login(room["cal"])
    _rate_all(client, room, _both(room))
    _rate_all(client, room, _both(room))
    assert AuditEvent.objects.filter(action=WorkshopEvent.RATING_SAVE.value, actor=room["cal"]).count() == 2


def test_a_problem_in_one_rating_saves_none_and_the_summary_links_to_its_first_radio(client, room):
    client.force_login(room["cal"])
    r = room["rtp"].pk
    data = {**_both(room), f"c{r}-effort": ""}
    response = _rate_all(client, room, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Rating.objects.filter(user=room["cal"]).exists()
    summary = " ".join(html[html.index("nhsuk-error-summary__list") :].split())
    assert summary.startswith(
        f'nhsuk-error-summary__list"> <li> <a href="#c{r}-effort" > Return to practice: Choose an effort rating'
    )
    assert f'id="c{r}-effort" name="c{r}-effort" type="radio" value="1"' in html
    assert '<a href="#">' not in html


def test_candidates_left_unrated_are_left_alone(client, room):
    client.force_login(room["cal"])
    r = room["rtp"].pk
    response = _rate_all(client, room, {f"c{r}-impact": "3", f"c{r}-effort": "3"})
    assert response.status_code == 302 and response["Location"].endswith("#your-ratings")
    assert list(Rating.objects.filter(user=room["cal"]).values_list("candidate_id", flat=True)) == [r]


def test_once_the_facilitator_shows_them_saving_one_rating_opens_the_group_s_ratings(client, room):
    actions.reveal_ratings(actor=room["facilitator"], workshop=room["workshop"])
    client.force_login(room["cal"])
    r = room["rtp"].pk
    response = _rate_all(client, room, {f"c{r}-impact": "3", f"c{r}-effort": "3"})
    assert response.status_code == 302 and response["Location"].endswith("#ranked")
    assert "Your ratings are saved: 1 candidate<" in client.get(response["Location"]).content.decode()


def test_the_rating_form_is_one_form_with_a_fieldset_per_radio_group_naming_the_candidate(client, room):
    client.force_login(room["cal"])
    html = _page(client, room)
    assert html.count(f'action="{reverse("workshops:rate-all", args=[room["workshop"].pk])}"') == 1
    assert html.count("Save all ratings") == 1
    for c, title in ((room["rtp"], "Return to practice"), (room["champions"], "Change champions")):
        for legend in ("Impact", "Effort"):
            assert f'{legend}<span class="nhsuk-u-visually-hidden"> for {title}</span></legend>' in html
        assert f'id="candidate-{c.pk}-status" role="status" aria-live="polite"' in html
        assert f'hx-post="{reverse("workshops:rate", args=[room["workshop"].pk, c.pk])}"' in html
        assert f'<a href="/star/interventions/{c.intervention.code}/">{title}</a>' in html


def test_htmx_saves_one_candidate_as_it_changes_and_says_so(client, room):
    client.force_login(room["cal"])
    r = room["rtp"]
    url = reverse("workshops:rate", args=[room["workshop"].pk, r.pk])
    half = client.post(url, {f"c{r.pk}-impact": "4"}, HTTP_HX_REQUEST="true")
    assert half.status_code == 200
    assert "Now choose an effort rating for Return to practice to save it." in half.content.decode()
    assert not Rating.objects.filter(user=room["cal"]).exists()
    saved = client.post(url, {f"c{r.pk}-impact": "4", f"c{r.pk}-effort": "1"}, HTTP_HX_REQUEST="true")
    html = saved.content.decode()
    assert saved.status_code == 200 and "Saved: impact 4, effort 1 for Return to practice." in html
    assert Rating.objects.get(user=room["cal"], candidate=r).effort == 1
    # the group's figures are swapped in out of band: still hidden, one of two rated
    assert '<div id="group-figures" hx-swap-oob="true">' in html and "You have rated 1 of 2 candidates." in html


def test_the_facilitator_shows_the_group_s_ratings_to_everyone(client, room):
    url = reverse("workshops:reveal", args=[room["workshop"].pk])
    client.force_login(room["cal"])
    assert client.post(url).status_code == 403
    client.force_login(room["facilitator"])
    assert "Show the group's ratings" in _page(client, room)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#ranked")
    [event] = AuditEvent.objects.filter(action=WorkshopEvent.RATINGS_REVEAL.value)
    assert (event.actor, event.organisation) == (room["facilitator"], room["workshop"].lead_organisation)
    assert event.before == {"ratings_revealed_at": None} and event.after["ratings_revealed_at"]
    client.post(url)
    assert AuditEvent.objects.filter(action=WorkshopEvent.RATINGS_REVEAL.value).count() == 1
    client.force_login(room["cal"])
    html = _page(client, room)
    assert HIDDEN not in html and "lodestar-ranked" in html and "Most rated 4 or 5" not in html
    assert "The facilitator has shown the group's ratings to everyone." in html
    assert "Most rated 5; one rated 4" in html


def test_an_observer_sees_the_group_s_ratings_only_once_they_are_shown(client, room):
    observer = participant(room["workshop"], "observer")
    client.force_login(observer)
    html = _page(client, room)
    assert "lodestar-ranked" not in html and "Save all ratings" not in html
    room["workshop"].ratings_revealed_at = room["workshop"].created_at
    room["workshop"].save()
    assert "lodestar-ranked" in _page(client, room)
