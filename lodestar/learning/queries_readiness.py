"""Reads of readiness assessments, scoped. An assessment is read by everyone whose reach covers
its organisation (``VIEW`` there or above): that is who its link works for. Saving and deleting
need ``CONTRIBUTE`` at the organisation. Anything else is not found (404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from lodestar.learning import queries as learning_queries
from lodestar.learning.models import CaseStudy, ReadinessAssessment
from lodestar.orgs.models import Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.plans.models import ActionPlan
from lodestar.star.models import Intervention, StarPoint


def may_assess(user, organisation: Organisation) -> bool:
    return has_permission(user, Permission.CONTRIBUTE, organisation)


def organisations_to_assess(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.CONTRIBUTE).order_by("name")


def organisations(user) -> QuerySet[Organisation]:
    """Organisations whose assessments ``user`` may read."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW).order_by("name")


def assessments(user) -> QuerySet[ReadinessAssessment]:
    """Every assessment ``user`` may read."""
    if not is_signed_in(user):
        return ReadinessAssessment.objects.none()
    return ReadinessAssessment.objects.filter(organisation__in=organisations(user)).select_related(
        "organisation", "intervention", "case_study", "created_by"
    )


def assessment(user, pk: int) -> ReadinessAssessment:
    """The assessment, or 404 when it does not exist or is out of ``user``'s reach."""
    found = assessments(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such readiness assessment")
    return found


def bookmarked(user) -> QuerySet[ReadinessAssessment]:
    return assessments(user).filter(bookmarked_by=user) if is_signed_in(user) else assessments(user)


def is_bookmarked(user, assessment: ReadinessAssessment) -> bool:
    return is_signed_in(user) and assessment.bookmarked_by.filter(pk=user.pk).exists()


def ratings(assessment: ReadinessAssessment) -> dict[str, tuple[str, str]]:
    return {r.factor: (r.rating, r.note) for r in assessment.ratings.all()}


def same_subject(user, assessment: ReadinessAssessment) -> QuerySet[ReadinessAssessment]:
    """Other assessments ``user`` may read of the same organisation and subject (the same
    intervention, or case study, or else the same title): to compare over time."""
    if assessment.intervention_id:
        subject = Q(intervention_id=assessment.intervention_id)
    elif assessment.case_study_id:
        subject = Q(case_study_id=assessment.case_study_id)
    else:
        subject = Q(intervention__isnull=True, case_study__isnull=True, title__iexact=assessment.title)
    return (
        assessments(user)
        .filter(subject, organisation_id=assessment.organisation_id)
        .exclude(pk=assessment.pk)
        .order_by("-created_at", "-pk")
    )


def plans_to_edit(user) -> QuerySet[ActionPlan]:
    """Action plans ``user`` may add actions to: contributors at the plan's organisation."""
    if not is_signed_in(user):
        return ActionPlan.objects.none()
    reach = Organisation.objects.in_reach(user, Permission.CONTRIBUTE)
    return ActionPlan.objects.visible_to(user).filter(organisation__in=reach).select_related("organisation")


def plan_to_edit(user, pk) -> ActionPlan | None:
    try:
        return plans_to_edit(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def star_points() -> QuerySet[StarPoint]:
    return StarPoint.objects.order_by("order")


def intervention(user, code: str) -> Intervention | None:
    """A catalogue intervention ``user`` may see, by code (None when not found)."""
    if not code:
        return None
    return Intervention.objects.visible_to(user).filter(code=str(code)[:200]).first()


def case_study(user, pk) -> CaseStudy | None:
    """A case study ``user`` may read (None when not found)."""
    try:
        return learning_queries.case_studies(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
