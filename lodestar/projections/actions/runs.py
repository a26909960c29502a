"""Asking for a projection run (docs/guide/projections.md).

``request_run`` checks everything a person can get wrong before anything is written: the number
of runs, the seed, the run's size against ``LODESTAR_PROJECTION_MAX_SIZE`` (refused with the limit
in words) and the scenario itself (the engine's own parser). Then, in one transaction, it records
``RUN_REQUEST``, creates the ``Run`` (QUEUED) and enqueues ``tasks.run_projection`` once the
transaction commits. The worker does the rest (``lodestar.projections.tasks``).

Permission: the person must be able to edit the scenario's organisation (``queries.may_edit``).
A plan's modelled view is run by whoever may change the plan; the plans journey checks that
itself and passes ``allowed=True`` to skip the organisation check (nothing else changes).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record
from lodestar.core.validation import ValidationProblem
from lodestar.engine import SpecError
from lodestar.projections import queries, specs
from lodestar.projections.models import ProjectionEvent, Run, RunKind, RunStatus, ScenarioVersion

MAX_SEED = 2**63 - 1  # what the database column and NumPy's seeding hold


def whole_number(value, field: str, label: str, problems: list[tuple[str, str]]) -> int | None:
    """``value`` as an int, or None with a problem naming the field."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            value = int(text) if text else None
        except ValueError:
            value = text
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value == "" or value is None:
        problems.append((field, f"Enter the {label}"))
        return None
    if not isinstance(value, int):
        problems.append((field, f"The {label} must be a whole number"))
        return None
    return value


def spec_problems(error: SpecError) -> list[tuple[str, str]]:
    """The engine's problems as (field, message): the scenario as a whole, each with its path."""
    return [("spec", f"{path}: {reason}" if path else reason) for path, reason in error.problems]


def too_large_message(cohorts: int, years: int, runs: int, size: int, limit: int) -> str:
    most = max(limit // max(cohorts * years, 1), 0)
    choose = f"Choose at most {most:,} runs." if most >= 1 else "Make the scenario smaller (fewer cohorts or years)."
    return (
        f"This run is too large: {cohorts:,} {'cohort' if cohorts == 1 else 'cohorts'} × {years:,} "
        f"{'year' if years == 1 else 'years'} × {runs:,} {'run' if runs == 1 else 'runs'} is {size:,}, "
        f"more than the limit of {limit:,}. {choose}"
    )


def request_run(
    *,
    actor,
    version: ScenarioVersion,
    runs,
    seed=None,
    kind: str = RunKind.SCENARIO,
    plan=None,
    workshop=None,
    spec: dict | None = None,
    allowed: bool = False,
) -> Run:
    """Check and queue a run of ``spec`` (default: the version's own) ``runs`` times with ``seed``
    (None: a random seed, recorded on the run so it can be replayed).

    ``allowed=True``: the caller has already checked the person may do this (a plan's modelled
    view: the plan permission), so the organisation check is skipped.
    Raises ``PermissionDenied`` or ``ValidationProblem`` (fields ``runs``, ``seed``, ``spec``);
    nothing is written then.
    """
    scenario = version.scenario
    if not allowed and not queries.may_edit(actor, scenario.organisation):
        raise PermissionDenied("You cannot run this organisation's scenarios")
    # A version's own spec was checked by the engine when the version was made (versions never
    # change): only a spec built for this run (a plan, a workshop's candidates) is checked again.
    own = spec is not None  # None: the version's own spec, which the run refers to rather than copies
    runs, seed, spec, size = _checked(runs, seed, spec if own else version.spec, checked=not own)

    with transaction.atomic():
        run = Run.objects.create(
            scenario_version=version,
            kind=kind,
            plan=plan,
            workshop=workshop,
            own_spec=spec if own else None,
            spec_hash=specs.spec_hash(spec),
            runs=runs,
            seed=seed,
            size=size,
            status=RunStatus.QUEUED,
            progress_total=runs,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor=actor,
            action=ProjectionEvent.RUN_REQUEST,
            target=run,
            organisation=scenario.organisation,
            after={
                "scenario": scenario.pk,
                "version": version.number,
                "kind": kind,
                "runs": runs,
                "seed": seed,
                "size": size,
                "spec_hash": run.spec_hash,
                "plan": getattr(plan, "pk", None),
                "workshop": getattr(workshop, "pk", None),
            },
        )
        run_id = run.pk
        transaction.on_commit(lambda: _enqueue(run_id))
    return run


def _checked(runs, seed, spec: dict, checked: bool = False) -> tuple[int, int, dict, int]:
    """(runs, seed, spec, size), or ``ValidationProblem`` naming every field that is wrong.
    ``checked``: the spec is a version's, already checked by the engine (not parsed again: the
    national case's 64,500 cohorts take about a second)."""
    problems: list[tuple[str, str]] = []
    limit_runs = settings.LODESTAR_PROJECTION_MAX_RUNS
    runs = whole_number(runs, "runs", "number of runs", problems)
    if runs is not None and not 1 <= runs <= limit_runs:
        problems.append(("runs", f"Number of runs must be between 1 and {limit_runs:,}"))
    if seed is None or (isinstance(seed, str) and not seed.strip()):
        seed = secrets.randbelow(2**31)
    else:
        seed = whole_number(seed, "seed", "seed", problems)
        if seed is not None and not 0 <= seed <= MAX_SEED:
            problems.append(("seed", "The seed must be a whole number, 0 or more"))
    shape = None  # (cohorts, years)
    if checked:
        shape = (len(spec.get("cohorts") or ()), spec["years"])
    else:
        spec = specs.deep_copy(spec)
        try:
            engine_scenario = specs.check(spec)
            shape = (len(engine_scenario.cohorts), engine_scenario.years)
        except SpecError as error:
            problems.extend(spec_problems(error))
    size = 0
    if shape is not None and not any(field == "runs" for field, _m in problems):
        cohorts, years = max(shape[0], 1), shape[1]
        size = cohorts * years * runs  # specs.size
        limit = settings.LODESTAR_PROJECTION_MAX_SIZE
        if size > limit:
            problems.append(("runs", too_large_message(cohorts, years, runs, size, limit)))
    if problems:
        raise ValidationProblem(problems)
    return runs, seed, spec, size


def _enqueue(run_id: int) -> None:
    from lodestar.projections import tasks

    tasks.run_projection.enqueue(run_id)


def replay(*, actor, run: Run) -> Run:
    """A new run of exactly the same inputs, runs and seed (identical tables when it finishes)."""
    return request_run(
        actor=actor,
        version=run.scenario_version,
        runs=run.runs,
        seed=run.seed,
        kind=run.kind,
        plan=run.plan,
        workshop=run.workshop,
        spec=run.own_spec,
    )
