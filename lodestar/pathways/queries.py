"""Reads of training pathways, scoped: a pathway belongs to its organisation, so everyone whose reach
covers that organisation (``Organisation.objects.in_reach(user, VIEW)``) reads it, and people with
``FACILITATE`` there change it. Anything else is not found (404). Views and the API read only here."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from lodestar.orgs.models import Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.pathways.models import Cohort, CohortCount, Pathway, Stage


def current_counts(counts: QuerySet[CohortCount]) -> QuerySet[CohortCount]:
    """Only the newest counts of each cohort at each stage (the latest date; the latest recorded on
    a tie): the figures the pathway shows now."""
    newer = CohortCount.objects.filter(cohort=OuterRef("cohort"), stage=OuterRef("stage")).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), pk__gt=OuterRef("pk"))
    )
    return counts.filter(~Exists(newer))


def may_change(user, organisation: Organisation) -> bool:
    return is_signed_in(user) and has_permission(user, Permission.FACILITATE, organisation)


def organisations_in_reach(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW)


def organisations_to_change(user) -> QuerySet[Organisation]:
    """Organisations whose pathways ``user`` may add and change."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.FACILITATE).order_by("name")


def pathways(user) -> QuerySet[Pathway]:
    """Every pathway ``user`` may read."""
    return Pathway.objects.filter(organisation__in=organisations_in_reach(user)).select_related("organisation")


def pathway(user, pk: int) -> Pathway:
    found = pathways(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such training pathway")
    return found


def changeable(user, pk: int) -> Pathway:
    """A pathway ``user`` may change; 404 otherwise (a reader who may not change it is not told more)."""
    found = pathway(user, pk)
    if not may_change(user, found.organisation):
        raise Http404("No such training pathway")
    return found


def stages(pathway: Pathway) -> QuerySet[Stage]:
    return Stage.objects.filter(pathway=pathway).prefetch_related("competencies", "placements__organisation")


def cohorts(pathway: Pathway) -> QuerySet[Cohort]:
    return Cohort.objects.filter(pathway=pathway).order_by("intake_date", "pk")


def cohort(pathway: Pathway, pk) -> Cohort:
    found = cohorts(pathway).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("No such cohort")
    return found


def latest_counts(pathway: Pathway) -> QuerySet[CohortCount]:
    """The current counts of every cohort at every stage of ``pathway``."""
    return current_counts(CohortCount.objects.filter(cohort__pathway=pathway)).select_related("stage", "cohort")


def count_history(cohort: Cohort) -> QuerySet[CohortCount]:
    """Every count of ``cohort``, newest first."""
    return CohortCount.objects.filter(cohort=cohort).select_related("stage", "recorded_by").order_by("-on", "-pk")


def outcomes(pathway: Pathway) -> list[tuple[int, int]]:
    """(completed, withdrawn) of each finished cohort: completed at the last stage, withdrawn at any
    stage. A cohort has finished when it has counts at the last stage and nobody is still progressing
    at any stage (a cohort part-way through would make its withdrawals look like all its outcomes)."""
    last = Stage.objects.filter(pathway=pathway).order_by("-order", "-pk").first()
    totals: dict[int, list[int]] = {}
    for c in latest_counts(pathway):
        done = totals.setdefault(c.cohort_id, [0, 0, 0, 0])  # completed, withdrawn, progressing, at last stage
        done[1] += c.withdrawn
        done[2] += c.progressing
        if last is not None and c.stage_id == last.pk:
            done[0] += c.completed
            done[3] = 1
    return [(done, gone) for done, gone, going, at_last in totals.values() if at_last and not going and done + gone]


def listing(user) -> QuerySet[Pathway]:
    """The pathways ``user`` reads, each with ``total_months`` (its stages' months added up)."""
    return pathways(user).annotate(total_months=Sum("stages__months")).order_by("name", "pk")


def stage(pathway: Pathway, pk) -> Stage:
    found = Stage.objects.filter(pathway=pathway, pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("No such stage")
    return found
