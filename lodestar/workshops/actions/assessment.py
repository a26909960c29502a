"""The Star assessment: the agreed scores for each point, and the evidence, challenges and ideas
people contribute (which facilitators edit, hide and merge)."""

from __future__ import annotations

from django.db import transaction

from lodestar.core.audit import snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.workshops.actions._common import check_choice, record_change, record_event, required_text
from lodestar.workshops.models import (
    Candidate,
    Contribution,
    ContributionKind,
    PointAssessment,
    Workshop,
    WorkshopEvent,
    WorkshopStatus,
)

ASSESSMENT_FIELDS = ["current_score", "target_score", "evidence"]
SCORES = range(1, 6)
CURRENT_SCORE_MESSAGE = "Choose a current score from 1 to 5"
TARGET_SCORE_MESSAGE = "Choose a target score from 1 to 5"
EVIDENCE_MAX = 10_000
KIND_MESSAGE = "Choose evidence, a challenge or an idea"
CONTRIBUTION_MAX = 4000


def _check_score(problems: Problems, value, field: str, message: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value not in SCORES):
        problems.add(field, message)


def check_assessment(*, current_score: int | None, target_score: int | None, evidence: str = "") -> None:
    problems = Problems()
    _check_score(problems, current_score, "current_score", CURRENT_SCORE_MESSAGE)
    _check_score(problems, target_score, "target_score", TARGET_SCORE_MESSAGE)
    problems.text(evidence, "evidence", "The summary of the evidence", EVIDENCE_MAX)
    problems.raise_any()


@transaction.atomic
def save_assessment(
    *, actor, workshop: Workshop, point, current_score: int | None, target_score: int | None, evidence: str = ""
) -> PointAssessment:
    check_assessment(current_score=current_score, target_score=target_score, evidence=evidence)
    assessment, _ = PointAssessment.objects.get_or_create(workshop=workshop, point=point)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.current_score = current_score
    assessment.target_score = target_score
    assessment.evidence = evidence
    assessment.updated_by = actor
    assessment.save()
    if workshop.status == WorkshopStatus.DRAFT:
        Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.IN_PROGRESS)
        workshop.status = WorkshopStatus.IN_PROGRESS
    record_change(actor, WorkshopEvent.ASSESSMENT_SAVE, assessment, workshop, ASSESSMENT_FIELDS, before)
    return assessment


def check_contribution(*, kind: str | None, text: str, kind_required: bool = True) -> None:
    problems = Problems()
    if kind_required or kind:
        check_choice(problems, kind, "kind", ContributionKind.values, KIND_MESSAGE)
    required_text(problems, text, "text", "Enter your contribution", "Your contribution", CONTRIBUTION_MAX)
    problems.raise_any()


@transaction.atomic
def add_contribution(*, actor, workshop: Workshop, point, kind: str, text: str) -> Contribution:
    check_contribution(kind=kind, text=text)
    contribution = Contribution.objects.create(
        workshop=workshop, point=point, kind=kind, text=text.strip(), author=actor
    )
    record_change(actor, WorkshopEvent.CONTRIBUTION_ADD, contribution, workshop, ["point_id", "kind", "text"])
    return contribution


@transaction.atomic
def edit_contribution(*, actor, contribution: Contribution, text: str, kind: str | None = None) -> Contribution:
    check_contribution(kind=kind, text=text, kind_required=False)
    before = snapshot(contribution, ["text", "kind"])
    contribution.text = text.strip()
    if kind:
        contribution.kind = kind
    contribution.save()
    record_change(actor, WorkshopEvent.CONTRIBUTION_EDIT, contribution, contribution.workshop, ["text", "kind"], before)
    return contribution


@transaction.atomic
def set_contribution_hidden(*, actor, contribution: Contribution, hidden: bool) -> Contribution:
    before = snapshot(contribution, ["hidden"])
    contribution.hidden = hidden
    contribution.save(update_fields=["hidden", "updated_at"])
    event = WorkshopEvent.CONTRIBUTION_HIDE if hidden else WorkshopEvent.CONTRIBUTION_UNHIDE
    record_change(actor, event, contribution, contribution.workshop, ["hidden"], before)
    return contribution


def _merge_state(source: Contribution, into: Contribution) -> dict:
    return {"source": snapshot(source, ["hidden", "merged_into_id"]), "into": snapshot(into, ["text"])}


@transaction.atomic
def merge_contribution(*, actor, source: Contribution, into: Contribution) -> Contribution:
    """Append ``source``'s text to ``into``; hide ``source`` with a pointer to ``into``."""
    if into is None or source.pk == into.pk:
        raise ValidationProblem("into", "Choose a different contribution to merge into")
    if source.workshop_id != into.workshop_id:
        raise ValidationProblem("into", "Contributions can only be merged within one workshop")
    before = _merge_state(source, into)
    into.text = f"{into.text}\n\n{source.text}"
    into.save()
    source.hidden = True
    source.merged_into = into
    source.save()
    Candidate.objects.filter(challenge=source).update(challenge=into)
    record_event(actor, WorkshopEvent.CONTRIBUTION_MERGE, source, source.workshop, before, _merge_state(source, into))
    return into
