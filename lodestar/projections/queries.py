"""Reads of projections, scoped (docs/guide/projections.md). Views and the API read through these
functions only, never ``Model.objects``.

* A scenario (and its versions, runs and WISN calculations) belongs to its organisation: people
  whose reach includes the organisation (``Organisation.objects.in_reach``, VIEW) see it.
* A plan's runs are also visible to whoever sees the plan (``ActionPlan.objects.visible_to``), and
  a workshop's candidate runs to whoever sees the workshop.
* Editing (new versions, runs, linking plans, WISN) needs CONTRIBUTE or MANAGE_WORKFORCE_DATA at
  the organisation: ``may_edit``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lodestar.orgs.models import Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.projections.models import (
    ActionModel,
    PlanModel,
    Run,
    RunKind,
    RunStatus,
    Scenario,
    ScenarioVersion,
    WisnCalculation,
    WorkshopScenario,
)

EDIT_PERMISSIONS = (Permission.CONTRIBUTE, Permission.MANAGE_WORKFORCE_DATA)


def may_edit(user, organisation: Organisation) -> bool:
    """May ``user`` change this organisation's scenarios and WISN calculations, and run them?"""
    return any(has_permission(user, p, org=organisation) for p in EDIT_PERMISSIONS)


def organisations_to_edit(user) -> QuerySet[Organisation]:
    """Organisations where ``user`` may create scenarios and WISN calculations."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    q = Q()
    for permission in EDIT_PERMISSIONS:
        q |= Q(pk__in=Organisation.objects.in_reach(user, permission).values("pk"))
    return Organisation.objects.filter(q).order_by("name")


def scenarios(user) -> QuerySet[Scenario]:
    """Scenarios of organisations in ``user``'s reach."""
    if not is_signed_in(user):
        return Scenario.objects.none()
    reach = Organisation.objects.in_reach(user, Permission.VIEW)
    return Scenario.objects.filter(organisation__in=reach).select_related("organisation")


def scenarios_to_edit(user) -> QuerySet[Scenario]:
    return scenarios(user).filter(organisation__in=organisations_to_edit(user))


def versions(user) -> QuerySet[ScenarioVersion]:
    return ScenarioVersion.objects.filter(scenario__in=scenarios(user)).select_related("scenario")


def runs(user) -> QuerySet[Run]:
    """Runs of scenarios in reach, of plans ``user`` sees and of workshops ``user`` sees."""
    if not is_signed_in(user):
        return Run.objects.none()
    from lodestar.plans.models import ActionPlan
    from lodestar.workshops.models import Workshop

    condition = Q(scenario_version__scenario__in=scenarios(user))
    condition |= Q(plan__in=ActionPlan.objects.visible_to(user).values("pk"))
    condition |= Q(workshop__in=Workshop.objects.visible_to(user).values("pk"))
    # the version's spec (megabytes for a national scenario) is read only when a run's ``spec`` is
    return (
        Run.objects.filter(condition)
        .select_related("scenario_version__scenario__organisation")
        .defer("scenario_version__spec")
    )


def finished_runs(user) -> QuerySet[Run]:
    return runs(user).filter(status=RunStatus.DONE)


def latest_run(queryset: QuerySet[Run]) -> Run | None:
    return queryset.order_by("-requested_at", "-pk").first()


def plan_runs(plan) -> QuerySet[Run]:
    """Every run of an action plan's modelled view (the caller has already found the plan in reach)."""
    return Run.objects.filter(plan=plan, kind=RunKind.PLAN)


def workshop_runs(workshop) -> QuerySet[Run]:
    """Every candidate run of a workshop (the caller has already found the workshop in reach)."""
    return Run.objects.filter(workshop=workshop, kind=RunKind.CANDIDATES)


def plan_model(plan) -> PlanModel | None:
    """The plan's tie to the model, if any (the caller has already found the plan in reach)."""
    return PlanModel.objects.filter(plan=plan).select_related("scenario").first()


def action_models(plan) -> dict[int, ActionModel]:
    """Action id -> how it is modelled, for one plan's actions."""
    return {m.action_id: m for m in ActionModel.objects.filter(action__plan=plan)}


def workshop_scenario(workshop) -> WorkshopScenario | None:
    return WorkshopScenario.objects.filter(workshop=workshop).select_related("scenario").first()


def wisn_calculations(user) -> QuerySet[WisnCalculation]:
    if not is_signed_in(user):
        return WisnCalculation.objects.none()
    reach = Organisation.objects.in_reach(user, Permission.VIEW)
    return WisnCalculation.objects.filter(organisation__in=reach).select_related("organisation")


def plan_models(plan_ids) -> dict[int, PlanModel]:
    """Plan id -> its tie to the model, for plans already found in reach (the portfolio)."""
    return {m.plan_id: m for m in PlanModel.objects.filter(plan_id__in=list(plan_ids))}


def latest_finished_plan_runs(plan_ids) -> dict[int, Run]:
    """Plan id -> its latest finished plan run (result only, no spec), for plans already found in reach."""
    from django.db.models import OuterRef, Subquery

    newest = (
        Run.objects.filter(plan_id=OuterRef("plan_id"), kind=RunKind.PLAN, status=RunStatus.DONE)
        .order_by("-requested_at", "-pk")
        .values("pk")[:1]
    )
    rows = (
        Run.objects.filter(plan_id__in=list(plan_ids), kind=RunKind.PLAN, status=RunStatus.DONE)
        .filter(pk=Subquery(newest))
        .defer("own_spec")
    )
    return {run.plan_id: run for run in rows}
