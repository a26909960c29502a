"""Questions and answers on a published case study, moderation and follows: the actions (what they
refuse, the audit rows they write), the emails they send after commit, and the pages.

The case study belongs to PCN A and is published for its region (``world`` in conftest)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lodestar.core.audit import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_adoption, actions_discussion
from lodestar.learning.models import Answer, Follow, Question, Status
from lodestar.notifications.models import NotificationKind, NotificationPreference, SentNotification
from tests.factories.learning import case_study
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db

QUESTION = "How did you protect time for mentoring on the rota?"
ANSWER = "We put it on the rota first and built the shifts around it."


@pytest.fixture
def cs(world):
    people = world["people"]
    return case_study(
        world["orgs"]["pcn_a"],
        author=people["editor"],
        reviewer=people["reviewer"],
        status=Status.PUBLISHED,
        visibility="region",
    )


def _events(prefix="learning.question", target=None):
    rows = AuditEvent.objects.filter(action__startswith=prefix).order_by("pk")
    return list(rows.filter(target_id=str(target.pk)) if target is not None else rows)


def _refused(call, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    return caught.value.problems


def _ask(person, cs, text=QUESTION):
    return actions_discussion.ask_question(actor=person, case_study=cs, text=text)


# ---------------------------------------------------------------------------------- actions


def test_asking_records_the_question_and_an_audit_event(world, cs):
    asker = world["people"]["other_ics"]
    question = _ask(asker, cs, f"  {QUESTION}\n")
    assert (question.text, question.author, question.case_study) == (QUESTION, asker, cs)
    [event] = _events("learning.question.ask")
    assert (event.actor, event.organisation, event.target_id) == (asker, cs.organisation, str(cs.pk))
    assert event.after["text"] == QUESTION and event.after["question_id"] == question.pk


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Enter your question"),
        ("x" * 5_001, "Your question must be 5,000 characters or fewer"),
        ("Why\x07 this?", "Your question must not contain control characters"),
        ("Nul\x00 byte", "Your question must not contain control characters"),
    ],
)
def test_a_bad_question_is_refused_and_nothing_is_written(world, cs, text, message):
    assert _refused(actions_discussion.ask_question, actor=world["people"]["sibling"], case_study=cs, text=text) == [
        ("text", message)
    ]
    assert not Question.objects.exists() and not _events("learning.question")


def test_an_answer_of_5000_characters_is_kept_and_one_more_is_refused(world, cs):
    question = _ask(world["people"]["sibling"], cs)
    answer = actions_discussion.answer_question(actor=world["people"]["editor"], question=question, text="y" * 5_000)
    assert len(answer.text) == 5_000
    problems = _refused(
        actions_discussion.answer_question, actor=world["people"]["editor"], question=question, text="y" * 5_001
    )
    assert problems == [("text", "Your answer must be 5,000 characters or fewer")]
    assert Answer.objects.count() == 1


def test_no_one_out_of_reach_may_ask_or_answer(world, cs):
    outsider = world["people"]["other_region"]
    with pytest.raises(PermissionDenied):
        _ask(outsider, cs)
    question = _ask(world["people"]["sibling"], cs)
    with pytest.raises(PermissionDenied):
        actions_discussion.answer_question(actor=outsider, question=question, text=ANSWER)
    assert Question.objects.count() == 1 and not Answer.objects.exists()


def test_no_questions_on_an_unpublished_case_study(world):
    draft = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"])
    with pytest.raises(PermissionDenied):
        _ask(world["people"]["editor"], draft)
    assert not Question.objects.exists()


def test_a_moderator_hides_with_a_reason_and_shows_again_each_audited(world, cs):
    question = _ask(world["people"]["sibling"], cs)
    reviewer = world["people"]["reviewer"]
    assert _refused(actions_discussion.hide_post, actor=reviewer, post=question, reason=" ") == [
        ("reason", "Enter why you are hiding it")
    ]
    actions_discussion.hide_post(actor=reviewer, post=question, reason="Names a patient")
    question.refresh_from_db()
    assert question.hidden_at is not None and question.hidden_reason == "Names a patient"
    actions_discussion.restore_post(actor=reviewer, post=question)
    question.refresh_from_db()
    assert question.hidden_at is None and question.hidden_reason == ""
    hide, restore = _events("learning.post")
    assert (hide.action, hide.before["hidden"], hide.after["hidden_reason"]) == (
        "learning.post.hide",
        False,
        "Names a patient",
    )
    assert (restore.action, restore.before["hidden"], restore.after["hidden"]) == ("learning.post.restore", True, False)


@pytest.mark.parametrize("who", ["editor", "sibling", "ics_facilitator", "other_reviewer"])
def test_only_reviewers_in_reach_and_platform_staff_moderate(world, cs, who):
    question = _ask(world["people"]["sibling"], cs)
    with pytest.raises(PermissionDenied):
        actions_discussion.hide_post(actor=world["people"][who], post=question, reason="No")
    assert Question.objects.get().hidden_at is None and not _events("learning.post")


def test_follow_and_stop_following_are_audited_and_repeat_safely(world, cs):
    person = world["people"]["other_ics"]
    intervention = InterventionFactory()
    actions_discussion.follow(actor=person, case_study=cs)
    actions_discussion.follow(actor=person, case_study=cs)
    actions_discussion.follow(actor=person, intervention=intervention)
    assert Follow.objects.filter(user=person).count() == 2
    actions_discussion.unfollow(actor=person, case_study=cs)
    actions_discussion.unfollow(actor=person, case_study=cs)
    assert [f.intervention for f in Follow.objects.filter(user=person)] == [intervention]
    assert [e.action for e in _events("learning.follow")] + [e.action for e in _events("learning.unfollow")] == [
        "learning.follow",
        "learning.follow",
        "learning.unfollow",
    ]


def test_no_one_follows_a_case_study_they_cannot_read(world, cs):
    with pytest.raises(PermissionDenied):
        actions_discussion.follow(actor=world["people"]["other_region"], case_study=cs)
    assert not Follow.objects.exists()


# ----------------------------------------------------------------------------------- emails


def test_the_authors_hear_of_a_question_and_the_thread_of_an_answer(
    world, cs, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    people = world["people"]
    with django_capture_on_commit_callbacks(execute=True):
        question = _ask(people["other_ics"], cs)
    assert [m.to for m in mailoutbox] == [[people["editor"].email]]
    assert QUESTION in mailoutbox[0].body and "Stop these emails:" in mailoutbox[0].body
    assert mailoutbox[0].subject == f"A question about your case study {cs.title}"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions_discussion.answer_question(actor=people["sibling"], question=question, text="We used bank staff.")
    assert [m.to for m in mailoutbox] == [[people["other_ics"].email]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions_discussion.answer_question(actor=people["editor"], question=question, text=ANSWER)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["other_ics"].email, people["sibling"].email])
    assert all(ANSWER in m.body for m in mailoutbox)


def test_no_email_to_someone_who_turned_it_off_and_none_for_a_refused_question(
    world, cs, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=world["people"]["editor"], kind=NotificationKind.CASE_STUDY_QUESTION, enabled=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        _ask(world["people"]["other_ics"], cs)
        with pytest.raises(ValidationProblem):
            _ask(world["people"]["other_ics"], cs, "")
    assert mailoutbox == [] and not SentNotification.objects.exists()


def test_each_email_is_sent_once_even_when_its_task_runs_twice(world, cs, mailoutbox):
    from lodestar.notifications import learning_tasks

    question = _ask(world["people"]["other_ics"], cs)
    assert learning_tasks.send_question_asked.call(question.pk) == 1
    assert learning_tasks.send_question_asked.call(question.pk) == 0
    assert len(mailoutbox) == 1


# ------------------------------------------------------------------------------------ pages


def _page(client, person, cs):
    client.force_login(person)
    return client.get(reverse("learning:detail", args=[cs.pk]))


def test_a_reader_asks_on_the_page_and_sees_the_thread_with_authors_and_adopters_marked(client, world, cs):
    people = world["people"]
    actions_adoption.record_stage(
        actor=people["other_ics"],
        organisation=world["orgs"]["trust_b"],
        case_study=cs,
        stage="piloting",
        since=datetime.date(2026, 1, 5),
    )
    client.force_login(people["other_ics"])
    response = client.post(reverse("learning:ask", args=[cs.pk]), {"text": QUESTION})
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#question-{question.pk}")
    client.force_login(people["editor"])
    response = client.post(reverse("learning:answer", args=[question.pk]), {"text": ANSWER})
    assert response.status_code == 302
    page = _page(client, people["reviewer"], cs).text
    assert QUESTION in page and ANSWER in page
    assert "Author, PCN A" in page
    assert "Adopter, Trust B (piloting)" in page
    # ICS A's people read the case study but not Trust B's adoption record: no badge gives it away
    page = _page(client, people["ics_viewer"], cs).text
    assert QUESTION in page and "Author, PCN A" in page and "Adopter" not in page


def test_a_bad_question_on_the_page_shows_the_message_beside_the_field(client, world, cs):
    client.force_login(world["people"]["sibling"])
    response = client.post(reverse("learning:ask", args=[cs.pk]), {"text": "x" * 5_001})
    assert response.status_code == 400
    assert "Your question must be 5,000 characters or fewer" in response.text
    assert "There is a problem" in response.text
    assert not Question.objects.exists()


def test_a_hidden_question_is_gone_for_readers_and_marked_for_moderators(client, world, cs):
    people = world["people"]
    question = _ask(people["sibling"], cs)
    client.force_login(people["reviewer"])
    form = client.get(reverse("learning:question-hide", args=[question.pk]))
    assert form.status_code == 200 and "Why are you hiding it?" in form.text
    empty = client.post(reverse("learning:question-hide", args=[question.pk]), {"reason": ""})
    assert empty.status_code == 400 and "Enter why you are hiding it" in empty.text
    client.post(reverse("learning:question-hide", args=[question.pk]), {"reason": "Names a patient"})
    assert "Hidden by a moderator: Names a patient" in _page(client, people["reviewer"], cs).text
    reader_page = _page(client, people["ics_viewer"], cs).text
    assert QUESTION not in reader_page and "Names a patient" not in reader_page
    assert client.get(reverse("learning:answer", args=[question.pk])).status_code == 404
    client.force_login(people["reviewer"])
    client.post(reverse("learning:question-restore", args=[question.pk]))
    assert QUESTION in _page(client, people["ics_viewer"], cs).text


def test_follow_from_the_case_study_and_the_catalogue_and_stop_from_what_you_follow(client, world, cs):
    person = world["people"]["other_ics"]
    intervention = InterventionFactory(title="Preceptorship for new nurses")
    client.force_login(person)
    assert "Follow this case study" in client.get(reverse("learning:detail", args=[cs.pk])).text
    client.post(reverse("learning:follow-case-study", args=[cs.pk]), {"value": "follow"})
    assert "Stop following" in client.get(reverse("learning:detail", args=[cs.pk])).text
    detail = client.get(reverse("star:detail", args=[intervention.code]))
    assert "Follow this intervention" in detail.text
    client.post(reverse("learning:follow-intervention", args=[intervention.code]), {"value": "follow"})
    page = client.get(reverse("learning:following")).text
    assert cs.title in page and "Preceptorship for new nurses" in page
    response = client.post(reverse("learning:follow-case-study", args=[cs.pk]), {"value": "stop", "from": "following"})
    assert response["Location"] == reverse("learning:following")
    assert [f.intervention for f in Follow.objects.filter(user=person)] == [intervention]
    assert "What you follow" in client.get(reverse("learning:index")).text
