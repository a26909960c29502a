"""The hooks shared learning's actions call (``lodestar.learning.actions``, ``actions_discussion``).

Like every ``notify_*`` hook they send nothing themselves: ``transaction.on_commit`` enqueues a
task once the action's transaction has committed, so a change that rolls back emails nobody, and
the task sends through ``delivery.send_once`` (each email once, email settings, unsubscribe
link: ADR 0021, 0035).
"""

from __future__ import annotations

from django.db import transaction

from lodestar.notifications import learning_tasks


def _after_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def notify_review_comment(*, comment) -> None:
    """A reviewer returned a case study to its authors with ``comment``."""
    _after_commit(learning_tasks.send_review_comment, comment.pk)


def notify_question_asked(*, question) -> None:
    """Someone asked the case study's authors ``question``."""
    _after_commit(learning_tasks.send_question_asked, question.pk)


def notify_answer_added(*, answer) -> None:
    """Someone answered a question: its asker and earlier answerers hear of it."""
    _after_commit(learning_tasks.send_answer_added, answer.pk)
