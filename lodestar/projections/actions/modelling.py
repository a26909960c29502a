"""Tying an action plan to the model: its scenario and target year, each action's lever, and runs.

Keyword-only, one transaction each, one audit event each. Each checks its input and raises
``ValidationProblem`` naming the argument that is wrong, in plain words; nothing is written then.
An action's modelling is checked by the engine itself: the plan's spec with this action as given
is parsed (``specs.check``) and each problem with the action's intervention is reported against
the argument it came from (``interventions[3].effect`` is ``effect``).

Automatic re-runs: when a plan set to re-run automatically changes (an action added, changed,
stopped, re-dated or deleted: ``lodestar.plans.actions`` calls ``plan_changed``; or an action's
modelling here), ``refresh_plan`` is enqueued after the commit and the worker re-runs the plan
if it is out of date and no run of its spec now is already waiting.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tasks import task

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.engine import SpecError
from lodestar.engine.levers import LEVER_TYPES
from lodestar.plans.models import Action, ActionPlan
from lodestar.projections import modelling, queries, specs
from lodestar.projections.actions import runs as run_actions
from lodestar.projections.models import ActionModel, PlanModel, ProjectionEvent, Run, RunKind, RunStatus

logger = logging.getLogger(__name__)

PLAN_FIELDS = ["scenario_id", "target_year", "runs", "seed", "rerun_automatically"]
ACTION_FIELDS = [
    "modelled",
    "reason",
    "lever",
    "staff_group",
    "effect",
    "amount",
    "start_year",
    "ramp_up_years",
    "cost_per_year",
    "lever_settings",
]
REASON_MAX = 2000
LABELS = {
    "lever": "The lever",
    "staff_group": "The staff group",
    "effect": "The effect",
    "amount": "The amount",
    "start_year": "The start year",
    "ramp_up_years": "Years to full effect",
    "cost_per_year": "The cost per year",
    "course_years": "The course length in years",
    "attrition": "The share who do not complete",
    "share_taking_posts": "The share who take posts",
    "source_group": "The staff group trained from",
    "equivalence": "How much demand one post covers",
    "new_role": "The new role",
}
AMOUNT_PATHS = ("extra_places", "fte_per_year", "fte")


def _require_edit_plan(actor, plan: ActionPlan) -> None:
    if not plan.can_edit(actor):
        raise PermissionDenied("Only contributors at the plan's organisation can change how it is modelled.")


def _whole(value, field: str, label: str, problems: Problems, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            problems.add(field, f"{label} must be a whole number")
            return None
    if not low <= value <= high:
        shown = (low, high) if "year" in field else (f"{low:,}", f"{high:,}")  # 2031, not 2,031
        problems.add(field, f"{label} must be between {shown[0]} and {shown[1]}")
        return None
    return value


# --------------------------------------------------------------------------- the plan


def _scenario_allowed(actor, plan: ActionPlan, scenario) -> bool:
    """In the actor's reach, and of the plan's organisation or one above it."""
    if scenario is None or not queries.scenarios(actor).filter(pk=scenario.pk).exists():
        return False
    return scenario.organisation_id in plan.organisation.ancestor_ids(include_self=True)


@transaction.atomic
def set_plan_model(
    *, actor, plan: ActionPlan, scenario, target_year, runs=1000, seed=0, rerun_automatically=False
) -> PlanModel:
    """Tie ``plan`` to ``scenario`` (its baseline) and the year its gap is judged by."""
    _require_edit_plan(actor, plan)
    problems = Problems()
    if not _scenario_allowed(actor, plan, scenario):
        problems.add("scenario", "Choose a scenario of the plan's organisation, or of one above it, from the list")
    elif scenario.latest is None:
        problems.add("scenario", "The scenario has no assumptions yet: choose another")
    else:
        first, last = modelling.scenario_years(scenario.latest.spec)
        _whole(target_year, "target_year", "The target year", problems, first + 1, last)
    _whole(runs, "runs", "The number of runs", problems, 1, django_settings.LODESTAR_PROJECTION_MAX_RUNS)
    _whole(seed, "seed", "The seed", problems, 0, run_actions.MAX_SEED)
    problems.raise_any()
    current = PlanModel.objects.select_for_update().filter(plan=plan).first()
    before = snapshot(current, PLAN_FIELDS) if current else None
    model = current or PlanModel(plan=plan)
    model.scenario, model.target_year, model.runs, model.seed = scenario, int(target_year), int(runs), int(seed)
    model.rerun_automatically = bool(rerun_automatically)
    model.updated_by = actor if getattr(actor, "pk", None) else None
    model.save()
    record(
        actor=actor,
        action=ProjectionEvent.PLAN_MODEL_SET,
        target=plan,
        organisation=plan.organisation,
        before=before,
        after=snapshot(model, PLAN_FIELDS),
    )
    plan_changed(plan)
    return model


# --------------------------------------------------------------------------- an action


def _field_for(rest: str) -> str:
    """``effect.low`` -> ``effect``; ``extra_places`` -> ``amount``; the lever's settings by name."""
    key = re.split(r"[.\[]", rest, maxsplit=1)[0] if rest else "effect"
    if key in AMOUNT_PATHS:
        return "amount"
    return key if key in LABELS else ""


def translate(error: SpecError, index: int | None) -> list[tuple[str, str]]:
    """The engine's problems as (argument, message): those of intervention ``index`` by argument."""
    out = []
    for path, reason in error.problems:
        match = re.match(r"^interventions\[(\d+)\]\.?(.*)$", path or "")
        if index is not None and match and int(match.group(1)) == index:
            field = _field_for(match.group(2))
            label = LABELS.get(field, "This action's modelling")
            out.append((field, f"{label} {reason}"))
        else:
            out.append(("", f"The plan's scenario cannot be projected: {path}: {reason}" if path else reason))
    return out


def _percent(value: float) -> str:
    return f"{value * 100:,.0f}%"


def _check_value(value, field: str, problems: Problems, *, low: float, high: float, percent: bool) -> None:
    """A number, or a likely range ``{"dist": "triangular", "low", "mode", "high"}`` within low..high."""
    label = LABELS[field]
    if isinstance(value, dict):
        parts = [value.get(k) for k in ("low", "mode", "high")] if value.get("dist") == "triangular" else None
        if not parts or not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts):
            problems.add(field, f"{label} must be a number, or a likely range (lowest, most likely, highest)")
            return
        if not parts[0] <= parts[1] <= parts[2]:
            problems.add(field, f"{label}: the lowest must not be above the most likely, nor that above the highest")
            return
        numbers = parts
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        numbers = [value]
    else:
        problems.add(field, f"Enter {label[0].lower()}{label[1:]}")
        return
    if any(n < low or n > high for n in numbers):
        shown = (_percent(low), _percent(high)) if percent else (f"{low:,g}", f"{high:,g}")
        problems.add(field, f"{label} must be between {shown[0]} and {shown[1]}")


def _check_action_input(plan_model, lever, staff_group, effect, amount, settings: dict, cost_per_year) -> Problems:
    problems = Problems()
    if lever not in LEVER_TYPES:
        problems.add("lever", "Choose what the action changes (the lever) from the list")
        return problems
    kind = LEVER_TYPES[lever]
    groups = modelling.staff_groups(plan_model.scenario.latest.spec)
    if not staff_group or staff_group not in groups:
        problems.add("staff_group", "Choose the staff group the action applies to from the list")
    if amount is not None and not kind.amount_key:
        problems.add("amount", f"{kind.label} takes an effect, not an amount")
    elif amount is not None and effect is not None:
        problems.add("amount", "Give the effect or an amount, not both")
    elif amount is None and effect is None:
        problems.add("effect", "Enter the effect" + (", or an amount" if kind.amount_key else ""))
    if effect is not None:
        _check_value(effect, "effect", problems, low=kind.effect_range[0], high=kind.effect_range[1], percent=True)
    if amount is not None and not problems.has("amount"):
        _check_value(amount, "amount", problems, low=0, high=1e9, percent=False)
    _check_value(cost_per_year, "cost_per_year", problems, low=0, high=1e12, percent=False)
    for key in settings:
        if key not in kind.extra_keys:
            problems.add(key if key in LABELS else "", f"{LABELS.get(key, key)} does not apply to {kind.label}")
    return problems


@transaction.atomic
def set_action_model(
    *,
    actor,
    action: Action,
    lever,
    staff_group,
    effect=None,
    amount=None,
    start_year=None,
    ramp_up_years=1,
    cost_per_year=0,
    settings=None,
) -> ActionModel:
    """Model ``action``: ``lever`` applied to ``staff_group`` with ``effect`` (a fraction, or a likely
    range) or ``amount`` (places or FTE), from ``start_year`` (None: from the action's dates)."""
    if not action.can_edit(actor):
        raise PermissionDenied("Only the action's owner and contributors can change how it is modelled.")
    plan_model = queries.plan_model(action.plan)
    if plan_model is None:
        raise ValidationProblem("", "Choose the plan's scenario before modelling its actions")
    settings = dict(settings or {})
    problems = _check_action_input(plan_model, lever, staff_group, effect, amount, settings, cost_per_year)
    if start_year is not None:
        first, last = modelling.scenario_years(plan_model.scenario.latest.spec)
        _whole(start_year, "start_year", "The start year", problems, first, last)
    _whole(ramp_up_years, "ramp_up_years", "Years to full effect", problems, 1, 50)
    problems.raise_any()
    current = ActionModel.objects.select_for_update().filter(action=action).first()
    before = snapshot(current, ACTION_FIELDS) if current else None
    model = current or ActionModel(action=action)
    model.modelled, model.reason, model.lever, model.staff_group = True, "", lever, staff_group
    model.effect, model.amount, model.start_year = effect, amount, start_year
    model.ramp_up_years, model.cost_per_year, model.lever_settings = ramp_up_years, cost_per_year, settings
    _check_with_engine(action, plan_model, model)
    model.updated_by = actor if getattr(actor, "pk", None) else None
    model.save()
    _record_action(actor, action, before, model)
    return model


def _check_with_engine(action: Action, plan_model, model: ActionModel) -> None:
    spec = modelling.plan_spec(action.plan, plan_model, models={action.pk: model}, force=action)
    name = modelling.intervention_name(action)
    index = next((i for i, iv in enumerate(spec.get("interventions") or []) if iv.get("name") == name), None)
    try:
        specs.check(spec)
    except SpecError as error:
        raise ValidationProblem(translate(error, index)) from None


def _record_action(actor, action: Action, before, model: ActionModel) -> None:
    record(
        actor=actor,
        action=ProjectionEvent.ACTION_MODEL_SET,
        target=action,
        organisation=action.plan.organisation,
        before=before,
        after=snapshot(model, ACTION_FIELDS),
    )
    plan_changed(action.plan)


@transaction.atomic
def mark_not_modelled(*, actor, action: Action, reason) -> ActionModel:
    """Leave ``action`` out of the model, saying why (its lever settings are kept for later)."""
    if not action.can_edit(actor):
        raise PermissionDenied("Only the action's owner and contributors can change how it is modelled.")
    problems = Problems()
    if problems.require(reason, "reason", "Say why the action is not modelled"):
        problems.text(reason, "reason", "The reason", REASON_MAX)
    problems.raise_any()
    current = ActionModel.objects.select_for_update().filter(action=action).first()
    before = snapshot(current, ACTION_FIELDS) if current else None
    model = current or ActionModel(action=action)
    model.modelled, model.reason = False, reason.strip()
    model.updated_by = actor if getattr(actor, "pk", None) else None
    model.save()
    _record_action(actor, action, before, model)
    return model


# --------------------------------------------------------------------------- runs


def run_plan(*, actor, plan: ActionPlan, system: bool = False) -> Run:
    """Queue a run of the plan's spec now (``system``: the worker's automatic re-run, no person)."""
    if not system:
        _require_edit_plan(actor, plan)
    plan_model = queries.plan_model(plan)
    if plan_model is None:
        raise ValidationProblem("", "Choose the plan's scenario before running it")
    spec = modelling.plan_spec(plan, plan_model)
    names = [iv.get("name") for iv in spec.get("interventions") or []]
    try:
        return run_actions.request_run(
            actor=actor,
            version=plan_model.scenario.latest,
            runs=plan_model.runs,
            seed=plan_model.seed,
            kind=RunKind.PLAN,
            plan=plan,
            spec=spec,
            allowed=True,
        )
    except ValidationProblem as problem:
        raise ValidationProblem([_run_problem(f, m, names) for f, m in problem.problems]) from None


def _run_problem(field: str, message: str, names: list) -> tuple[str, str]:
    """A run's refusal in the plan's words: "interventions[3].effect: ..." names the action."""
    match = re.match(r"^interventions\[(\d+)\]\.?([^:]*): (.*)$", message)
    if field == "spec" and match and int(match.group(1)) < len(names):
        what = match.group(2) or "its modelling"
        return "", f"{names[int(match.group(1))]}: {LABELS.get(_field_for(what), what)} {match.group(3)}"
    return ("" if field == "spec" else field), message


def plan_changed(plan) -> None:
    """A plan's actions or modelling changed: re-run it after the commit if it re-runs automatically."""
    plan_id = plan.pk if hasattr(plan, "pk") else plan
    if PlanModel.objects.filter(plan_id=plan_id, rerun_automatically=True).exists():
        transaction.on_commit(lambda: refresh_plan.enqueue(plan_id))


def refresh_out_of_date(plan: ActionPlan) -> Run | None:
    """Re-run ``plan`` when it re-runs automatically, is out of date, and no run of its spec now waits."""
    plan_model = queries.plan_model(plan)
    if plan_model is None or not plan_model.rerun_automatically:
        return None
    state = modelling.staleness(plan, plan_model)
    if not state.out_of_date:
        return None
    waiting = queries.plan_runs(plan).filter(
        spec_hash=state.spec_hash, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    if waiting.exists():
        return None
    try:
        return run_plan(actor=None, plan=plan, system=True)
    except ValidationProblem as problem:
        logger.warning("Plan %s could not be re-run automatically: %s", plan.pk, problem)
        return None


@task()
def refresh_plan(plan_id: int) -> int | None:
    """The worker's automatic re-run of one plan (``refresh_out_of_date``); the new run's id."""
    plan = ActionPlan.objects.filter(pk=plan_id).select_related("organisation").first()
    if plan is None:
        return None
    run = refresh_out_of_date(plan)
    return run.pk if run else None
