"""Learning from each other: questions and answers on a published case study, moderation, and
following a case study or an intervention. Keyword-only, one transaction each, one audit event
each (ADR 0014, 0015, 0035); emails go after commit through ``lodestar.notifications.learning``.

* Anyone who can read a published case study may ask a question about it or answer one.
* Its moderators (whoever may review it: a role at a region above its organisation, or platform
  staff) hide a question or an answer with a reason, and show it again.
* Anyone may follow a published case study they can read, or a catalogue intervention they can
  see, and stop following it; what they follow comes in a weekly digest email.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record
from lodestar.core.validation import Problems
from lodestar.learning import queries
from lodestar.learning.models import Answer, CaseStudy, Follow, LearningEvent, Question, Status
from lodestar.notifications import learning as notify
from lodestar.star.models import Intervention

POST_MAX = 5_000
REASON_MAX = 400


def _readable(actor, case_study: CaseStudy) -> CaseStudy:
    """The case study again, through ``actor``'s reach: published and readable, or refused."""
    found = queries.published(actor).filter(pk=case_study.pk).first()
    if found is None:
        raise PermissionDenied
    return found


def check_post(text, *, field: str = "text", what: str = "your question") -> str:
    """The one rule for a question or an answer: some words, at most ``POST_MAX`` characters, no
    control characters. The text as it is kept (spaces trimmed)."""
    problems = Problems()
    label = what[:1].upper() + what[1:]
    if problems.require((text or "").strip() if isinstance(text, str) else text, field, f"Enter {what}"):
        problems.text(text, field, label, POST_MAX)
    problems.raise_any()
    return text.strip()


def _post_snapshot(post) -> dict:
    return {"text": post.text, "hidden": post.hidden_at is not None, "hidden_reason": post.hidden_reason}


@transaction.atomic
def ask_question(*, actor, case_study: CaseStudy, text: str) -> Question:
    """A reader asks the case study's authors a question (the authors get an email)."""
    case_study = _readable(actor, case_study)
    words = check_post(text, what="your question")
    question = Question.objects.create(case_study=case_study, author=actor, text=words)
    record(
        actor=actor,
        action=LearningEvent.QUESTION_ASK,
        target=case_study,
        organisation=case_study.organisation,
        after={"question_id": question.pk, **_post_snapshot(question)},
    )
    notify.notify_question_asked(question=question)
    return question


@transaction.atomic
def answer_question(*, actor, question: Question, text: str) -> Answer:
    """A reader, an author or an adopter answers a question that is not hidden (the asker and
    the earlier answerers get an email)."""
    case_study = _readable(actor, question.case_study)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.hidden_at is not None:
        raise PermissionDenied
    words = check_post(text, what="your answer")
    answer = Answer.objects.create(question=question, author=actor, text=words)
    record(
        actor=actor,
        action=LearningEvent.ANSWER_ADD,
        target=case_study,
        organisation=case_study.organisation,
        after={"question_id": question.pk, "answer_id": answer.pk, **_post_snapshot(answer)},
    )
    notify.notify_answer_added(answer=answer)
    return answer


def _moderate(actor, post: Question | Answer, *, hide: bool, reason: str = "") -> Question | Answer:
    case_study = post.case_study if isinstance(post, Question) else post.question.case_study
    if not queries.may_review(actor, case_study):
        raise PermissionDenied
    post = type(post).objects.select_for_update().get(pk=post.pk)
    if hide:
        problems = Problems()
        if problems.require((reason or "").strip(), "reason", "Enter why you are hiding it"):
            problems.text(reason, "reason", "The reason", REASON_MAX)
        problems.raise_any()
    if (post.hidden_at is not None) == hide:
        return post  # already as asked: nothing to record
    before = _post_snapshot(post)
    post.hidden_at = timezone.now() if hide else None
    post.hidden_by = actor if hide else None
    post.hidden_reason = reason.strip() if hide else ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    kind = "question" if isinstance(post, Question) else "answer"
    record(
        actor=actor,
        action=LearningEvent.POST_HIDE if hide else LearningEvent.POST_RESTORE,
        target=case_study,
        organisation=case_study.organisation,
        before={f"{kind}_id": post.pk, **before},
        after={f"{kind}_id": post.pk, **_post_snapshot(post)},
    )
    return post


@transaction.atomic
def hide_post(*, actor, post: Question | Answer, reason: str) -> Question | Answer:
    """A moderator hides a question (with its answers) or an answer, giving a reason moderators see."""
    return _moderate(actor, post, hide=True, reason=reason)


@transaction.atomic
def restore_post(*, actor, post: Question | Answer) -> Question | Answer:
    """A moderator shows a hidden question or answer again."""
    return _moderate(actor, post, hide=False)


# ---------------------------------------------------------------------------------- follows


def _target(actor, case_study: CaseStudy | None, intervention: Intervention | None) -> dict:
    if (case_study is None) == (intervention is None):
        raise ValueError("Follow exactly one case study or one intervention")
    if case_study is not None:
        found = _readable(actor, case_study)
        if found.status != Status.PUBLISHED:
            raise PermissionDenied
        return {"case_study": found}
    if not queries.interventions(actor).filter(pk=intervention.pk).exists():
        raise PermissionDenied
    return {"intervention": intervention}


def _follow_record(actor, event: LearningEvent, follow: Follow, before=None, after=None) -> None:
    target = follow.case_study or follow.intervention
    organisation = follow.case_study.organisation if follow.case_study else None
    record(actor=actor, action=event, target=target, organisation=organisation, before=before, after=after)


def _follow_snapshot(target: dict) -> dict:
    if "case_study" in target:
        return {"case_study_id": target["case_study"].pk}
    return {"intervention": target["intervention"].code}


@transaction.atomic
def follow(*, actor, case_study: CaseStudy | None = None, intervention: Intervention | None = None) -> Follow:
    """``actor`` follows a published case study or an intervention (again: nothing changes)."""
    target = _target(actor, case_study, intervention)
    found, created = Follow.objects.get_or_create(user=actor, **target)
    if created:
        _follow_record(actor, LearningEvent.FOLLOW, found, after=_follow_snapshot(target))
    return found


@transaction.atomic
def unfollow(*, actor, case_study: CaseStudy | None = None, intervention: Intervention | None = None) -> None:
    """``actor`` stops following it (when they did not follow it: nothing changes)."""
    if (case_study is None) == (intervention is None):
        raise ValueError("Stop following exactly one case study or one intervention")
    target = {"case_study": case_study} if case_study is not None else {"intervention": intervention}
    found = Follow.objects.filter(user=actor, **target).first()
    if found is None:
        return
    _follow_record(actor, LearningEvent.UNFOLLOW, found, before=_follow_snapshot(target))
    found.delete()
