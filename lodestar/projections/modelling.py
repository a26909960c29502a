"""An action plan as the engine sees it: the plan's scenario plus one intervention per modelled action.

``plan_spec(plan, plan_model)`` is the scenario mapping the plan's modelled view projects:

* the latest version of the plan's scenario, unchanged, with its own interventions first (they
  are part of the baseline: ``baseline_step`` is their number, the step of the engine's waterfall
  before the first plan action);
* then an intervention for each action that is modelled (``ActionModel.modelled`` with a lever)
  and not stopped, in the plan's priority order (priority, then due date, then when it was added).
  Done actions stay: they happened. Its name is the action's reference and title
  ("A00042 Flexible retirement"), so the waterfall names each action as the plan does.
* Its start year is the one the facilitator set, else the year of the action's start date, else
  of its due date, else the scenario's second year; clamped to the scenario's years
  (``start_year``, with the words saying where it came from).

Whether the modelled view is out of date is derived, never stored: the SHA-256 of the plan's spec
now against the ``spec_hash`` of its latest plan run that has not failed (``staleness``), with the reasons in words
(which actions were added, dropped, moved or re-scaled; the scenario changed; the order changed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lodestar.engine.levers import LEVER_TYPES
from lodestar.plans.models import Action, Status
from lodestar.projections import queries, specs
from lodestar.projections.models import RunStatus

NAME_MAX = 120  # an intervention's name: the action's reference and its title, shortened
REFERENCE = re.compile(r"^A\d{5,} ")


@dataclass(frozen=True)
class StartYear:
    year: int
    words: str  # where it came from: "set by hand", "from the action's start date" ...
    clamped: bool = False


def intervention_name(action: Action) -> str:
    name = f"{action.reference} {action.title}".strip()
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


def scenario_years(spec: dict) -> tuple[int, int]:
    """The years an intervention may start in: the scenario's first year to its last."""
    first = int(spec["start_year"])
    return first, first + int(spec["years"])


def staff_groups(spec: dict) -> list[str]:
    """The scenario's staff groups: those with cohorts, then those with only a demand base."""
    groups = list(dict.fromkeys(str(c.get("staff_group")) for c in spec.get("cohorts") or [] if c.get("staff_group")))
    for name in (spec.get("demand") or {}).get("base_fte") or {}:
        if name not in groups:
            groups.append(str(name))
    return groups


def start_year(action: Action, model, spec: dict) -> StartYear:
    """The year the action's intervention starts (the module docstring's rule)."""
    first, last = scenario_years(spec)
    if model is not None and model.start_year:
        year, words = model.start_year, "set by hand"
    elif action.start_date:
        year, words = action.start_date.year, "from the action's start date"
    elif action.due_date:
        year, words = action.due_date.year, "from the action's due date (it has no start date)"
    else:
        year, words = first + 1, "the scenario's second year (the action has no dates)"
    if year < first or year > last:
        clamped = min(max(year, first), last)
        return StartYear(clamped, f"{words}, moved to {clamped} to fall within the scenario's years", True)
    return StartYear(year, words)


def is_modelled(model) -> bool:
    return model is not None and model.modelled and bool(model.lever) and model.lever in LEVER_TYPES


def intervention(action: Action, model, spec: dict) -> dict:
    """The scenario intervention for one modelled action."""
    lever = LEVER_TYPES[model.lever]
    iv: dict = {"name": intervention_name(action), "lever": model.lever, "staff_group": model.staff_group}
    if model.amount is not None and lever.amount_key:
        iv[lever.amount_key] = model.amount
    else:
        iv["effect"] = model.effect
    iv["start_year"] = start_year(action, model, spec).year
    iv["ramp_up_years"] = model.ramp_up_years or 1
    iv["cost_per_year"] = model.cost_per_year if model.cost_per_year is not None else 0
    for key, value in (model.lever_settings or {}).items():
        if key in lever.extra_keys and value not in (None, ""):
            iv[key] = value
    return iv


def plan_actions(plan) -> list[Action]:
    """The plan's actions in its priority order (``Action.Meta.ordering``)."""
    return list(plan.actions.all().order_by(*Action._meta.ordering))


def included(action: Action, model) -> bool:
    """Is this action part of the plan's model? Modelled, and not stopped (done actions stay)."""
    return is_modelled(model) and action.status != Status.STOPPED


def plan_spec(plan, plan_model, *, models: dict | None = None, force: Action | None = None) -> dict:
    """The scenario mapping of the plan's modelled view (the module docstring).

    ``models`` (action id -> ActionModel) replaces the stored ones, and ``force`` includes that
    action whatever its status: how an action's modelling is checked before it is saved.
    """
    version = plan_model.scenario.latest
    spec = specs.deep_copy(version.spec)
    stored = queries.action_models(plan)
    if models:
        stored.update(models)
    added = []
    for action in plan_actions(plan):
        model = stored.get(action.pk)
        forced = force is not None and action.pk == force.pk
        if (forced and is_modelled(model)) or included(action, model):
            added.append(intervention(action, model, spec))
    if added:
        spec["interventions"] = [*(spec.get("interventions") or []), *added]
    return spec


def baseline_step(plan_model) -> int:
    """The waterfall's step without the plan: the scenario's own interventions only."""
    version = plan_model.scenario.latest
    return len((version.spec if version else {}).get("interventions") or [])


def own_count(run) -> int:
    """The number of the scenario's own interventions in a run (those not named after an action),
    read from its stored steps table (so the run's spec need not be loaded)."""
    steps = (run.result or {}).get("steps") or {}
    labels = {
        (step, label)
        for step, label, kind in zip(steps.get("step", []), steps.get("label", []), steps.get("kind", []), strict=False)
        if kind == "intervention"
    }
    return sum(1 for _step, label in labels if not REFERENCE.match(str(label)))


# --------------------------------------------------------------------------- out of date


@dataclass
class Staleness:
    """The plan's modelled view against its latest run: ``out_of_date`` and why, in words."""

    run: object | None
    spec_hash: str
    out_of_date: bool
    reasons: list[str] = field(default_factory=list)


def _by_reference(spec: dict) -> dict[str, dict]:
    return {
        str(iv["name"]).split(" ", 1)[0]: iv
        for iv in spec.get("interventions") or []
        if REFERENCE.match(str(iv.get("name", "")))
    }


def _without_plan(spec: dict) -> dict:
    out = dict(spec)
    out["interventions"] = [iv for iv in spec.get("interventions") or [] if not REFERENCE.match(str(iv.get("name")))]
    return out


def _dropped_words(reference: str, old: dict, actions: dict[str, Action], models: dict) -> str:
    action = actions.get(reference)
    if action is None:
        return f"{old['name']} was deleted from the plan"
    if action.status == Status.STOPPED:
        return f"{old['name']} was stopped"
    model = models.get(action.pk)
    if model is not None and not model.modelled:
        return f"{old['name']} is now marked not modelled"
    return f"{old['name']} is no longer modelled"


def _changed_words(old: dict, new: dict) -> str | None:
    if old == new:
        return None
    if old.get("start_year") != new.get("start_year"):
        return f"{new['name']}: its start year moved from {old.get('start_year')} to {new.get('start_year')}"
    if old.get("name") != new.get("name") and {**old, "name": ""} == {**new, "name": ""}:
        return f"{old['name']} was renamed {new['name']}"
    return f"{new['name']}: its modelling changed (lever, staff group, scale or cost)"


def reasons(plan, old_spec: dict, new_spec: dict, *, scenario_changed: bool) -> list[str]:
    """What differs between the spec last modelled and the plan's spec now, in words."""
    words = []
    if scenario_changed or _without_plan(old_spec) != _without_plan(new_spec):
        words.append("The scenario's assumptions changed (a new version of the scenario, or another scenario)")
    old, new = _by_reference(old_spec), _by_reference(new_spec)
    actions = {a.reference: a for a in plan.actions.all()}
    models = queries.action_models(plan)
    for reference, iv in old.items():
        if reference not in new:
            words.append(_dropped_words(reference, iv, actions, models))
    for reference, iv in new.items():
        if reference not in old:
            words.append(f"{iv['name']} was added to the model")
        elif (change := _changed_words(old[reference], iv)) is not None:
            words.append(change)
    common = [r for r in new if r in old]
    if common != [r for r in old if r in new]:
        words.append("The order of the actions changed")
    return words


def staleness(plan, plan_model=None) -> Staleness:
    """The plan's modelled view against its latest run that has not failed (a run waiting or running
    counts: it is modelling the plan as it is now)."""
    plan_model = plan_model or queries.plan_model(plan)
    if plan_model is None:
        return Staleness(None, "", False)
    spec = plan_spec(plan, plan_model)
    digest = specs.spec_hash(spec)
    run = queries.latest_run(queries.plan_runs(plan).exclude(status=RunStatus.FAILED).defer("result"))
    if run is None:
        return Staleness(None, digest, True, ["The plan has not been modelled yet"])
    if run.spec_hash == digest:
        return Staleness(run, digest, False)
    changed = run.scenario_version.scenario_id != plan_model.scenario_id
    words = reasons(plan, run.spec, spec, scenario_changed=changed) or ["The plan's modelling changed"]
    return Staleness(run, digest, True, words)


def is_out_of_date(plan) -> bool:
    """True when the plan's spec now differs from its latest plan run's (or it has no run)."""
    return staleness(plan).out_of_date
