"""A workshop tied to the model: the scenario its candidates are modelled against, and modelling them.

``link_scenario`` sets (or changes) the scenario and the staff group the candidates act on;
``model_candidates`` queues a candidates run: every candidate's effect on its own against the
scenario (``lodestar.projections.candidates``), computed in the worker.

Permission: the workshop's facilitators (its facilitator, a facilitator participant, or
FACILITATE at its lead organisation: ``Workshop.can_facilitate``). The scenario must be one the
person can see (``queries.scenarios``); they need not be able to change it, since modelling
candidates never changes the scenario.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record
from lodestar.core.validation import ValidationProblem
from lodestar.projections import candidates, queries
from lodestar.projections.models import ProjectionEvent, Run, RunKind, Scenario, WorkshopScenario

DEFAULT_RUNS = 500


def staff_groups(spec: dict) -> list[str]:
    """A scenario's staff groups, in the order its cohorts name them."""
    groups: list[str] = []
    for cohort in spec.get("cohorts", []) or []:
        group = cohort.get("staff_group") if isinstance(cohort, dict) else None
        if group and group not in groups:
            groups.append(str(group))
    return groups


def _check_facilitator(actor, workshop) -> None:
    if not workshop.can_facilitate(actor):
        raise PermissionDenied("Only the workshop's facilitators can model its candidates")


def link_scenario(*, actor, workshop, scenario, staff_group) -> WorkshopScenario:
    """Model ``workshop``'s candidates against ``scenario``, acting on ``staff_group``.

    ``scenario`` is a Scenario or its id. Raises ``ValidationProblem`` (fields ``scenario``,
    ``staff_group``) with nothing saved, or ``PermissionDenied``.
    """
    _check_facilitator(actor, workshop)
    problems: list[tuple[str, str]] = []
    found = None
    if scenario in (None, ""):
        problems.append(("scenario", "Choose the scenario to model the candidates against"))
    else:
        pk = scenario.pk if isinstance(scenario, Scenario) else scenario
        try:
            found = queries.scenarios(actor).filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            found = None
        if found is None:
            problems.append(("scenario", "Choose a scenario from the list"))
    version = found.latest if found is not None else None
    if found is not None and version is None:
        problems.append(("scenario", "This scenario has no assumptions yet: choose another"))
    staff_group = (staff_group or "").strip() if isinstance(staff_group, str) else staff_group
    if not staff_group:
        problems.append(("staff_group", "Choose the staff group the candidates act on"))
    elif version is not None:
        groups = staff_groups(version.spec)
        if staff_group not in groups:
            problems.append(
                ("staff_group", f"Choose one of the scenario's staff groups: {', '.join(groups) or 'it has none'}")
            )
    if problems:
        raise ValidationProblem(problems)

    with transaction.atomic():
        link = WorkshopScenario.objects.filter(workshop=workshop).first()
        before = {"scenario": link.scenario_id, "staff_group": link.staff_group} if link else None
        if link is None:
            link = WorkshopScenario(workshop=workshop)
        link.scenario = found
        link.staff_group = staff_group
        link.updated_by = actor
        link.save()
        record(
            actor=actor,
            action=ProjectionEvent.WORKSHOP_SCENARIO_SET,
            target=link,
            organisation=workshop.lead_organisation,
            before=before,
            after={
                "workshop": workshop.pk,
                "scenario": found.pk,
                "version": version.number,
                "staff_group": staff_group,
            },
        )
    return link


def start_year(spec: dict) -> int:
    """When the candidates start: the first projected year."""
    return int(spec["start_year"]) + 1


def model_candidates(*, actor, workshop, runs=DEFAULT_RUNS) -> Run:
    """Queue a run modelling each of ``workshop``'s candidates on its own against its linked scenario.

    Raises ``ValidationProblem`` (fields ``scenario``: no link; ``candidates``: nothing to model;
    ``runs``, ``spec`` from ``request_run``) or ``PermissionDenied``.
    """
    from lodestar.projections.actions import runs as run_actions

    _check_facilitator(actor, workshop)
    link = queries.workshop_scenario(workshop)
    if link is None or queries.scenarios(actor).filter(pk=link.scenario_id).first() is None:
        raise ValidationProblem("scenario", "Choose a scenario to model the candidates against first")
    version = link.scenario.latest
    if version is None:
        raise ValidationProblem("scenario", "The linked scenario has no assumptions yet")
    interventions = [c.intervention for c in workshop.candidates.select_related("intervention")]
    if not interventions:
        raise ValidationProblem("candidates", "Add candidates from the catalogue before modelling them")
    year = start_year(version.spec)
    spec = candidates.candidate_spec(version.spec, interventions, link.staff_group, year)
    if not any(candidates.candidate_code(iv.get("name", "")) for iv in spec.get("interventions", []) or []):
        raise ValidationProblem(
            "candidates", "None of the candidates has a modelled effect that applies to this scenario"
        )
    return run_actions.request_run(
        actor=actor,
        version=version,
        runs=runs,
        kind=RunKind.CANDIDATES,
        workshop=workshop,
        spec=spec,
        allowed=True,
    )
