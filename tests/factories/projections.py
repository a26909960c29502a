"""Scenarios and finished runs for tests, written straight to the database (actions are tested on their own)."""

from __future__ import annotations

import copy

from lodestar.engine import run as engine_run
from lodestar.projections import results, specs
from lodestar.projections.models import Origin, Run, RunKind, RunStatus, Scenario, ScenarioVersion

SMALL_SPEC = {
    "name": "Riverside community nursing",
    "start_year": 2026,
    "years": 10,
    "age_bands": ["<35", "35-54", "55+"],
    "cohorts": [
        {"organisation": "QZR", "staff_group": "registered-nurses", "age_band": "<35", "fte": 120, "headcount": 130},
        {"organisation": "QZR", "staff_group": "registered-nurses", "age_band": "35-54", "fte": 200, "headcount": 215},
        {"organisation": "QZR", "staff_group": "registered-nurses", "age_band": "55+", "fte": 60, "headcount": 70},
        {"organisation": "QZR", "staff_group": "support-workers", "age_band": "<35", "fte": 80, "headcount": 95},
        {"organisation": "QZR", "staff_group": "support-workers", "age_band": "35-54", "fte": 90, "headcount": 100},
    ],
    "rates": {
        "registered-nurses": {
            "leaver_rate": {"dist": "triangular", "low": 0.07, "mode": 0.09, "high": 0.12},
            "retirement_rate_by_age": {"55+": 0.15},
            "joiners_per_year": 20,
        },
        "support-workers": {"leaver_rate": 0.12, "joiners_per_year": 15},
    },
    "demand": {
        "vacancies_fte": {"registered-nurses": 40, "support-workers": 10},
        "non_demographic_growth": {"dist": "triangular", "low": 0.005, "mode": 0.01, "high": 0.02},
        "productivity_gain": 0.005,
    },
}


def small_spec(**changes) -> dict:
    """A small valid scenario mapping (2 staff groups, 10 years); ``changes`` replace top-level keys."""
    spec = copy.deepcopy(SMALL_SPEC)
    spec.update(changes)
    return spec


def scenario(organisation, spec: dict | None = None, *, name: str | None = None, user=None) -> Scenario:
    """A scenario with one version holding ``spec`` (default ``small_spec()``)."""
    spec = spec if spec is not None else small_spec()
    specs.check(spec)
    sc = Scenario.objects.create(
        organisation=organisation, name=name or spec.get("name", "Scenario"), origin=Origin.UPLOAD, created_by=user
    )
    ScenarioVersion.objects.create(scenario=sc, number=1, spec=spec, created_by=user)
    return sc


def finished_run(
    version: ScenarioVersion,
    *,
    runs: int = 50,
    seed: int = 1,
    spec: dict | None = None,
    kind=RunKind.SCENARIO,
    **fields,
) -> Run:
    """A run projected here, now, and stored as the worker stores it."""
    spec = spec if spec is not None else version.spec
    result = engine_run(specs.check(spec), runs=runs, seed=seed)
    return Run.objects.create(
        scenario_version=version,
        kind=kind,
        spec=spec,
        spec_hash=specs.spec_hash(spec),
        runs=runs,
        seed=seed,
        size=specs.size(result.scenario, runs),
        status=RunStatus.DONE,
        progress_done=runs,
        progress_total=runs,
        result=results.stored(
            result, baseline_step=len(version.spec.get("interventions") or []) if kind == RunKind.PLAN else None
        ),
        **fields,
    )
