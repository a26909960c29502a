"""Reads of adoption records, scoped: an organisation's records are read by everyone whose reach
covers it (``Organisation.objects.in_reach(user, VIEW)``), and recorded by people with
``CONTRIBUTE`` there. Anything else is not found (404). Views read through these functions only."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from lodestar.learning import queries
from lodestar.learning.models import AdoptionChange, AdoptionRecord, CaseStudy
from lodestar.orgs.models import Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.star.models import Intervention


def may_record(user, organisation: Organisation) -> bool:
    return is_signed_in(user) and has_permission(user, Permission.CONTRIBUTE, organisation)


def organisations_in_reach(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW)


def organisations_to_record(user) -> QuerySet[Organisation]:
    """Organisations whose stage ``user`` may record."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.CONTRIBUTE).order_by("name")


def organisation(user, pk: int) -> Organisation:
    found = organisations_in_reach(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such organisation")
    return found


def records(user) -> QuerySet[AdoptionRecord]:
    """Every adoption record ``user`` may read."""
    return AdoptionRecord.objects.filter(organisation__in=organisations_in_reach(user)).select_related(
        "organisation", "intervention", "intervention__point", "case_study"
    )


def records_of(user, organisation: Organisation) -> QuerySet[AdoptionRecord]:
    return records(user).filter(organisation=organisation)


def adoption(user, pk: int) -> AdoptionRecord:
    found = records(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such adoption record")
    return found


def changes(adoption: AdoptionRecord) -> QuerySet[AdoptionChange]:
    """The record's history, oldest first."""
    return AdoptionChange.objects.filter(record=adoption).select_related("by").order_by("on", "pk")


def where_adopted(
    user, *, intervention: Intervention | None = None, case_study: CaseStudy | None = None
) -> QuerySet[AdoptionRecord]:
    """Records of ``intervention`` (or ``case_study``) at organisations in ``user``'s reach."""
    if intervention is not None:
        return records(user).filter(intervention=intervention)
    return records(user).filter(case_study=case_study)


def organisations_with_records(user) -> QuerySet[Organisation]:
    """Organisations in reach that have adoption records, with how many."""
    return (
        organisations_in_reach(user)
        .filter(adoption_records__isnull=False)
        .annotate(records_count=Count("adoption_records"))
        .order_by("name")
    )


def interventions(user) -> QuerySet[Intervention]:
    """Catalogue interventions ``user`` may record a stage for."""
    return queries.interventions(user)


def case_studies(user) -> QuerySet[CaseStudy]:
    """Published case studies ``user`` may record a stage for."""
    return queries.published(user).order_by("title", "pk")


def intervention_by_code(user, code: str) -> Intervention | None:
    return interventions(user).filter(code=code).first() if code else None


def case_study_by_pk(user, pk) -> CaseStudy | None:
    return case_studies(user).filter(pk=pk).first() if str(pk or "").isdigit() else None
