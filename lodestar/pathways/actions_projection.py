"""Using a training pathway in a projection: a new version of a scenario the person may change, with
the pathway as an ``extra_training_places`` (or ``conversion``) lever, through the projections app's
own action (``add_intervention``), which checks the scenario with the engine."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum

from lodestar.core.audit import record
from lodestar.core.validation import Problems
from lodestar.pathways import modelling, queries
from lodestar.pathways.models import Pathway, PathwayEvent, Stage
from lodestar.projections import assumptions
from lodestar.projections.actions import scenarios as scenario_actions
from lodestar.projections.queries import scenarios_to_edit


def total_months(pathway: Pathway) -> int:
    return Stage.objects.filter(pathway=pathway).aggregate(m=Sum("months"))["m"] or 0


def lever_for(pathway: Pathway, *, staff_group: str, start_year: int | None = None) -> dict:
    """The intervention the pathway becomes in a scenario (pure mapping over the pathway's figures)."""
    return modelling.pathway_intervention(
        name=f"{pathway.name} (training pathway)",
        staff_group=staff_group,
        source_group=pathway.source_group,
        places_per_year=pathway.places_per_year,
        total_months=total_months(pathway),
        outcomes=queries.outcomes(pathway),
        start_year=start_year,
    )


@transaction.atomic
def use_in_projection(*, actor, pathway: Pathway, scenario, staff_group, expected_version: int):
    """A new version of ``scenario`` with the pathway as a lever on ``staff_group``. Anyone who reads
    the pathway may use it in a scenario they may change."""
    if not queries.pathways(actor).filter(pk=pathway.pk).exists():
        raise PermissionDenied("You cannot read this training pathway.")
    problems = Problems()
    if scenario is None or not scenarios_to_edit(actor).filter(pk=scenario.pk).exists():
        problems.add("scenario", "Choose a scenario you may change")
        problems.raise_any()
    groups = assumptions.staff_groups(scenario.latest.spec)
    if staff_group not in groups:
        problems.add("staff_group", "Choose a staff group of the scenario")
    if pathway.source_group and pathway.source_group not in groups:
        problems.add(
            "staff_group",
            f"The scenario has no staff group called {pathway.source_group}, which this pathway converts from",
        )
    problems.raise_any()
    lever = lever_for(pathway, staff_group=staff_group)
    version = scenario_actions.add_intervention(
        actor=actor, scenario=scenario, intervention=lever, expected_version=expected_version
    )
    record(
        actor=actor,
        action=PathwayEvent.USE_IN_PROJECTION,
        target=pathway,
        organisation=pathway.organisation,
        after={"scenario_id": scenario.pk, "version": version.number, "intervention": lever},
    )
    return version
