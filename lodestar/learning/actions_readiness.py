"""Every write to readiness assessments: save, delete, bookmark, and turn a factor into an
action in an action plan. Keyword-only, one transaction each; saving and deleting are audited.

Saving needs ``CONTRIBUTE`` at the organisation; every factor of ``lodestar.learning.readiness``
must be rated (or marked "not sure"). Bookmarks are the person's own and need only reach.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.learning import queries_readiness as queries
from lodestar.learning import readiness
from lodestar.learning.models import LearningEvent, ReadinessAssessment, ReadinessRating
from lodestar.orgs.models import Organisation
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import ActionPlan, today

TITLE_MAX = 200
NOTE_MAX = 5_000
ACTION_DAYS = 180  # how long an action made from a factor runs, by default


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check(title, ratings: dict, problems: Problems) -> dict[str, tuple[str, str]]:
    if problems.require(title, "title", "Enter a title for the assessment"):
        problems.text(title, "title", "The title", TITLE_MAX)
    unknown = [str(key) for key in ratings if key not in readiness.FACTORS]
    if unknown:
        problems.add("ratings", f"There is no readiness factor called {', '.join(unknown)}")
    out = {}
    for key, factor in readiness.FACTORS.items():
        rating, note = ratings.get(key) or ("", "")
        note = (note or "").strip()
        if not rating:
            problems.add(key, f"Choose a rating for {factor.name.lower()}, or choose not sure")
        elif rating not in readiness.valid_ratings(factor):
            problems.add(key, f"“{rating}” is not a rating for {factor.name.lower()}: choose one from the list")
        problems.text(note, f"{key}_note", f"The note on {factor.name.lower()}", NOTE_MAX)
        out[key] = (rating, note)
    return out


def _state(assessment: ReadinessAssessment) -> dict:
    return {
        **snapshot(assessment, ["title", "organisation_id", "intervention_id", "case_study_id"]),
        "ratings": {r.factor: [r.rating, r.note] for r in assessment.ratings.all()},
    }


@transaction.atomic
def save_assessment(
    *, actor, organisation: Organisation, title, intervention=None, case_study=None, ratings: dict
) -> ReadinessAssessment:
    """A new assessment at ``organisation`` of ``intervention`` or ``case_study`` (or neither).
    ``ratings`` maps each factor key to (rating, note)."""
    _require(organisation is not None and queries.may_assess(actor, organisation))
    problems = Problems()
    cleaned = _check(title, ratings or {}, problems)
    problems.raise_any()
    assessment = ReadinessAssessment.objects.create(
        organisation=organisation,
        title=title.strip(),
        intervention=intervention,
        case_study=case_study,
        created_by=actor,
    )
    ReadinessRating.objects.bulk_create(
        ReadinessRating(assessment=assessment, factor=key, rating=rating, note=note)
        for key, (rating, note) in cleaned.items()
    )
    record(
        actor=actor,
        action=LearningEvent.READINESS_SAVE,
        target=assessment,
        organisation=organisation,
        after=_state(assessment),
    )
    return assessment


@transaction.atomic
def delete_assessment(*, actor, assessment: ReadinessAssessment) -> None:
    _require(queries.may_assess(actor, assessment.organisation))
    before = _state(assessment)
    organisation = assessment.organisation
    record(
        actor=actor,
        action=LearningEvent.READINESS_DELETE,
        target=assessment,
        organisation=organisation,
        before=before,
    )
    assessment.delete()


@transaction.atomic
def bookmark(*, actor, assessment: ReadinessAssessment) -> None:
    """Keep the assessment in the person's bookmarks (anyone in reach may)."""
    _require(queries.assessments(actor).filter(pk=assessment.pk).exists())
    assessment.bookmarked_by.add(actor)


@transaction.atomic
def unbookmark(*, actor, assessment: ReadinessAssessment) -> None:
    assessment.bookmarked_by.remove(actor)


def _point(assessment: ReadinessAssessment, point):
    if point is not None:
        return point
    if assessment.intervention_id:
        return assessment.intervention.point
    if assessment.case_study_id:
        return assessment.case_study.points.order_by("order").first()
    return None


def _description(assessment: ReadinessAssessment, factor: readiness.Factor, rating: str, note: str) -> str:
    parts = [
        readiness.why(factor, rating),
        f"What you said: {note}" if note else "",
        f"A first step: {factor.what_to_do}",
        f"From the readiness assessment “{assessment.title}” ({assessment.organisation.name}).",
    ]
    return "\n\n".join(p for p in parts if p)


@transaction.atomic
def turn_factor_into_action(
    *, actor, assessment: ReadinessAssessment, factor: str, plan: ActionPlan, point=None, due_date=None
):
    """A new action in ``plan`` for one factor of the assessment: titled from the factor, described
    from why it needs action, the note and a first step. The Star point is ``point``, else the
    intervention's or the case study's first; the action runs ``ACTION_DAYS`` from today unless
    ``due_date`` says otherwise."""
    _require(queries.assessments(actor).filter(pk=assessment.pk).exists())
    if plan is None:
        raise ValidationProblem("plan", "Choose the action plan to add the action to")
    _require(plan.can_edit(actor))
    rating = assessment.ratings.filter(factor=factor).first()
    if factor not in readiness.FACTORS or rating is None:
        raise ValidationProblem("factor", f"This assessment has no factor called {factor}")
    found = readiness.FACTORS[factor]
    chosen = _point(assessment, point)
    if chosen is None:
        raise ValidationProblem("point", "Choose the Star point the action belongs to")
    start = today()
    return plan_actions.create_action(
        actor=actor,
        plan=plan,
        title=f"Readiness: {found.name}"[:TITLE_MAX],
        description=_description(assessment, found, rating.rating, rating.note),
        point=chosen,
        intervention=assessment.intervention,
        start_date=start,
        due_date=due_date or start + datetime.timedelta(days=ACTION_DAYS),
    )
