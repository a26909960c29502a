"""Reads of questions, answers and follows, scoped to the person asking (ADR 0035).

* Questions and answers belong to a **published** case study the person may read
  (``queries.published``); anything else is not found (404), drafts included.
* A hidden question or answer is read only by the case study's moderators (whoever may review
  it: ``queries.may_review``); for everyone else it is not there. A hidden question hides its
  answers with it.
* A person's follows are their own, and only those whose case study or intervention they may
  still read are shown.

Views read through these functions only, never ``Model.objects``.
"""

from __future__ import annotations

import dataclasses

from django.db.models import Q, QuerySet
from django.http import Http404

from lodestar.learning import queries, queries_adoption
from lodestar.learning.models import AdoptionRecord, Answer, CaseStudy, Follow, Question
from lodestar.orgs.models import Membership, is_signed_in
from lodestar.star.models import Intervention


def published_case_study(user, pk: int) -> CaseStudy:
    """The published case study ``user`` may read, or 404 (drafts and out-of-reach ones alike)."""
    found = queries.published(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such case study")
    return found


def may_moderate(user, case_study: CaseStudy) -> bool:
    """Moderators are the case study's reviewers: a role at a region above it, or platform staff."""
    return queries.may_review(user, case_study)


def questions(user, case_study: CaseStudy) -> QuerySet[Question]:
    """The case study's questions ``user`` sees, oldest first (hidden ones for moderators only)."""
    rows = Question.objects.filter(case_study=case_study).select_related("author", "hidden_by")
    if not may_moderate(user, case_study):
        rows = rows.filter(hidden_at__isnull=True)
    return rows.order_by("created_at", "pk")


def answers(user, case_study: CaseStudy) -> QuerySet[Answer]:
    """Answers to the case study's questions ``user`` sees (not under a hidden question, not hidden,
    except for moderators), oldest first."""
    rows = Answer.objects.filter(question__case_study=case_study).select_related("author", "hidden_by")
    if not may_moderate(user, case_study):
        rows = rows.filter(hidden_at__isnull=True, question__hidden_at__isnull=True)
    return rows.order_by("created_at", "pk")


def question(user, pk: int) -> Question:
    """A question ``user`` may read (its case study published and in reach), or 404."""
    found = Question.objects.select_related("case_study", "author").filter(pk=pk).first()
    if found is None:
        raise Http404("No such question")
    case_study = published_case_study(user, found.case_study_id)
    if found.hidden_at is not None and not may_moderate(user, case_study):
        raise Http404("No such question")
    return found


def answer(user, pk: int) -> Answer:
    """An answer ``user`` may read, or 404."""
    found = Answer.objects.select_related("question", "question__case_study", "author").filter(pk=pk).first()
    if found is None:
        raise Http404("No such answer")
    question(user, found.question_id)
    if found.hidden_at is not None and not may_moderate(user, found.question.case_study):
        raise Http404("No such answer")
    return found


# --------------------------------------------------------------------- authors and adopters


@dataclasses.dataclass(frozen=True)
class Badge:
    """Why a person's words carry weight: "Author" or "Adopter", and of which organisation."""

    role: str
    organisation: str
    stage: str = ""


def adoption_records(user, case_study: CaseStudy) -> QuerySet[AdoptionRecord]:
    """Adoption records of the case study or its interventions that ``user`` may read."""
    interventions = case_study.interventions.values("pk")
    return queries_adoption.records(user).filter(Q(case_study=case_study) | Q(intervention__in=interventions))


def badges(user, case_study: CaseStudy, people) -> dict[int, list[Badge]]:
    """``{person id: badges}`` for the people who wrote posts: authors are the case study's
    organisation's contributors; adopters belong to an organisation with an adoption record of it
    or its interventions that ``user`` may read (so a badge reveals nothing out of reach)."""
    people = {p.pk: p for p in people if p is not None}
    adopters: dict[int, AdoptionRecord] = {}
    for record in adoption_records(user, case_study).order_by("organisation__name", "pk"):
        adopters.setdefault(record.organisation_id, record)
    memberships = Membership.objects.filter(user_id__in=people, organisation_id__in=adopters).values_list(
        "user_id", "organisation_id"
    )
    found: dict[int, list[Badge]] = {pk: [] for pk in people}
    for pk, person in people.items():
        if queries.may_edit(person, case_study):
            found[pk].append(Badge("Author", case_study.organisation.name))
    for user_id, organisation_id in sorted(set(memberships)):
        record = adopters[organisation_id]
        found[user_id].append(Badge("Adopter", record.organisation.name, record.get_stage_display().lower()))
    return found


# ---------------------------------------------------------------------------------- follows


def follows(user) -> QuerySet[Follow]:
    """What ``user`` follows that they may still read: published case studies in reach and
    catalogue interventions they see."""
    if not is_signed_in(user):
        return Follow.objects.none()
    readable = Q(case_study__in=queries.published(user).values("pk")) | Q(
        intervention__in=queries.interventions(user).values("pk")
    )
    return (
        Follow.objects.filter(user=user)
        .filter(readable)
        .select_related("case_study", "case_study__organisation", "intervention", "intervention__point")
        .order_by("-created_at", "-pk")
    )


def is_following(user, *, case_study: CaseStudy | None = None, intervention: Intervention | None = None) -> bool:
    if not is_signed_in(user):
        return False
    target = {"case_study": case_study} if case_study is not None else {"intervention": intervention}
    return Follow.objects.filter(user=user, **target).exists()


def intervention(user, code: str) -> Intervention:
    """A catalogue intervention ``user`` may see and follow, or 404."""
    found = queries.interventions(user).filter(code=code).first()
    if found is None:
        raise Http404("No such intervention")
    return found
