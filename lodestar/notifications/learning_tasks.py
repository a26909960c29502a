"""The tasks behind shared learning's emails (the worker runs them: ``manage.py db_worker``).
Each takes ids, re-reads what it needs, emails only people who may still read the case study,
and sends through ``delivery.send_once``: running one twice sends nothing twice, and a person who
turned that kind of email off gets nothing (ADR 0021, 0035)."""

from __future__ import annotations

from django_tasks import task

from lodestar.learning import queries as learning_queries
from lodestar.learning.models import Answer, Question, ReviewComment
from lodestar.notifications import learning_emails
from lodestar.notifications.delivery import send_once
from lodestar.notifications.models import NotificationKind


def authors(case_study) -> list:
    """Who wrote it: the person who started it and everyone who saved a version of it (submitted
    or published), active, with an email address and still an editor of it (a reviewer who
    published it is not an author)."""
    people = [case_study.created_by, *(v.created_by for v in case_study.versions.select_related("created_by"))]
    unique = {p.pk: p for p in people if p is not None and p.is_active and p.email}
    return [p for p in unique.values() if learning_queries.may_edit(p, case_study)]


def _readers(people, case_study, but=None) -> list:
    """``people`` (once each, not ``but``) who may still read ``case_study``."""
    unique = {p.pk: p for p in people if p is not None and p.pk != getattr(but, "pk", None)}
    return [p for p in unique.values() if learning_queries.case_studies(p).filter(pk=case_study.pk).exists()]


def _send(kind, people, subject, build) -> int:
    return sum(send_once(kind=kind, recipient=p, subject=subject, build=build) for p in people)


@task()
def send_review_comment(comment_id: int) -> int:
    """Email the reviewer's comment to each author; the number of emails sent."""
    note = ReviewComment.objects.select_related("case_study", "case_study__created_by", "author").filter(pk=comment_id)
    note = note.first()
    if note is None:
        return 0
    people = _readers(authors(note.case_study), note.case_study, but=note.author)
    return _send(NotificationKind.CASE_STUDY_COMMENT, people, note, lambda: learning_emails.review_comment(note))


@task()
def send_question_asked(question_id: int) -> int:
    """Tell the case study's authors (not the asker) about a question that is still shown."""
    question = Question.objects.select_related("case_study", "author").filter(pk=question_id).first()
    if question is None or question.hidden_at is not None:
        return 0
    people = _readers(authors(question.case_study), question.case_study, but=question.author)
    return _send(
        NotificationKind.CASE_STUDY_QUESTION, people, question, lambda: learning_emails.question_asked(question)
    )


def thread_people(answer: Answer) -> list:
    """Who hears of ``answer``: the question's asker and everyone who answered it before (answers
    still shown), not the person who wrote it."""
    question = answer.question
    earlier = question.answers.filter(pk__lt=answer.pk, hidden_at__isnull=True).select_related("author")
    return [question.author, *(a.author for a in earlier)]


@task()
def send_answer_added(answer_id: int) -> int:
    answer = Answer.objects.select_related("question", "question__case_study", "question__author", "author")
    answer = answer.filter(pk=answer_id).first()
    if answer is None or answer.hidden_at is not None or answer.question.hidden_at is not None:
        return 0
    case_study = answer.question.case_study
    people = _readers(thread_people(answer), case_study, but=answer.author)
    return _send(NotificationKind.CASE_STUDY_ANSWER, people, answer, lambda: learning_emails.answer_added(answer))
