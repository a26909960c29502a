"""Who reaches the questions-and-answers and follow pages: in reach 200 (or a redirect after a
POST), out of reach 404, an unpublished case study 404 even to its editors, the moderation pages
404 to everyone but moderators, and anyone signed out sent to sign in.

The case study belongs to PCN A and is published for its ICS (ICS A); Trust B's people are in
the same region but not the ICS."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.learning import actions_discussion
from lodestar.learning.models import Follow, Question, Status
from tests.factories.learning import case_study
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(world):
    people = world["people"]
    pcn = world["orgs"]["pcn_a"]
    published = case_study(
        pcn, author=people["editor"], reviewer=people["reviewer"], status=Status.PUBLISHED, visibility="ics"
    )
    draft = case_study(pcn, author=people["editor"], title="Still a draft")
    question = actions_discussion.ask_question(actor=people["sibling"], case_study=published, text="Why?")
    answer = actions_discussion.answer_question(actor=people["editor"], question=question, text="Because.")
    return {"cs": published, "draft": draft, "question": question, "answer": answer}


def _pages(place) -> list[tuple[str, str, dict | None]]:
    cs, q = place["cs"], place["question"]
    return [
        ("get", reverse("learning:ask", args=[cs.pk]), None),
        ("post", reverse("learning:ask", args=[cs.pk]), {"text": "Another question"}),
        ("get", reverse("learning:answer", args=[q.pk]), None),
        ("post", reverse("learning:answer", args=[q.pk]), {"text": "Another answer"}),
        ("post", reverse("learning:follow-case-study", args=[cs.pk]), {"value": "follow"}),
    ]


MODERATION = [
    ("get", "learning:question-hide", "question"),
    ("post", "learning:question-restore", "question"),
    ("get", "learning:answer-hide", "answer"),
    ("post", "learning:answer-restore", "answer"),
]


@pytest.mark.parametrize("who", ["sibling", "ics_viewer", "editor", "reviewer", "platform"])
def test_readers_in_reach_ask_answer_and_follow(client, world, place, who):
    client.force_login(world["people"][who])
    for method, url, data in _pages(place):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == (200 if method == "get" else 302), url


@pytest.mark.parametrize("who", ["other_ics", "other_region", "other_reviewer"])
def test_people_out_of_reach_get_not_found_and_nothing_is_written(client, world, place, who):
    client.force_login(world["people"][who])
    for method, url, data in _pages(place):
        assert getattr(client, method)(url, data or {}).status_code == 404, url
    for method, name, kind in MODERATION:
        assert getattr(client, method)(reverse(name, args=[place[kind].pk])).status_code == 404, name
    assert Question.objects.count() == 1 and not Follow.objects.exists()


@pytest.mark.parametrize("who", ["editor", "reviewer", "platform", "ics_facilitator"])
def test_an_unpublished_case_study_has_no_questions_or_follows_even_for_its_editors(client, world, place, who):
    client.force_login(world["people"][who])
    draft = place["draft"]
    assert client.get(reverse("learning:detail", args=[draft.pk])).status_code == 200  # they read the draft...
    assert client.get(reverse("learning:ask", args=[draft.pk])).status_code == 404  # ...but no questions on it
    assert client.post(reverse("learning:ask", args=[draft.pk]), {"text": "Why?"}).status_code == 404
    assert client.post(reverse("learning:follow-case-study", args=[draft.pk])).status_code == 404
    assert not Question.objects.filter(case_study=draft).exists() and not Follow.objects.exists()


@pytest.mark.parametrize("who", ["sibling", "editor", "ics_facilitator"])
def test_moderation_is_not_found_for_readers_who_are_not_moderators(client, world, place, who):
    client.force_login(world["people"][who])
    for method, name, kind in MODERATION:
        assert getattr(client, method)(reverse(name, args=[place[kind].pk])).status_code == 404, name


@pytest.mark.parametrize("who", ["reviewer", "platform"])
def test_moderators_reach_the_moderation_pages(client, world, place, who):
    client.force_login(world["people"][who])
    for method, name, kind in MODERATION:
        response = getattr(client, method)(reverse(name, args=[place[kind].pk]))
        assert response.status_code == (200 if method == "get" else 302), name


def test_a_hidden_question_and_its_answers_are_not_found_by_readers(client, world, place):
    actions_discussion.hide_post(actor=world["people"]["reviewer"], post=place["question"], reason="Off topic")
    client.force_login(world["people"]["ics_viewer"])
    assert client.get(reverse("learning:answer", args=[place["question"].pk])).status_code == 404
    client.force_login(world["people"]["reviewer"])
    assert client.get(reverse("learning:answer-hide", args=[place["answer"].pk])).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, place):
    intervention = InterventionFactory()
    urls = [url for _, url, _ in _pages(place)] + [
        reverse("learning:following"),
        reverse("learning:follow-intervention", args=[intervention.code]),
        reverse("learning:question-hide", args=[place["question"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"], url


def test_following_a_retired_or_unknown_intervention_is_not_found(client, world):
    client.force_login(world["people"]["sibling"])
    retired = InterventionFactory(is_active=False)
    assert client.post(reverse("learning:follow-intervention", args=[retired.code])).status_code == 404
    assert client.post(reverse("learning:follow-intervention", args=["no-such-thing"])).status_code == 404
    assert client.get(reverse("learning:following")).status_code == 200
