"""An action plan's modelled view and each action's modelling.

* ``projections:plan`` (plan_id): the plan's scenario and target year (a form, POST saves it with
  ``set_plan_model``), each action's modelling, and once a plan run has finished the waterfall of
  each action's part in closing the gap by the target year, the chance the gap is closed without
  and with the plan, the cost per FTE gained and the actions that carry most of the effect.
  Out of date: a warning saying what changed, and a "Re-run" button.
* ``projections:plan-run`` (plan_id, POST): run the plan now (``run_plan``).
* ``projections:action-model`` (action_id): one action's modelling form (the lever from its
  catalogue intervention's templates, staff group, scale, start year, ramp-up, cost), or "not
  modelled" with a reason.

A plan or action out of reach is 404; changing them needs ``ActionPlan.can_edit`` /
``Action.can_edit`` (a 404 too, as for every projections page).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.engine.levers import LEVER_TYPES
from lodestar.plans.views.common import get_action, get_plan
from lodestar.projections import modelling, queries
from lodestar.projections.actions import modelling as modelling_actions
from lodestar.projections.forms.modelling import NOT_MODELLED, ActionModelForm, PlanModelForm
from lodestar.projections.presenters.plans import PlanModelPage
from lodestar.projections.presenters.runs import fte, group_label, money, percent


def _link(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _scenarios(user, plan):
    """Scenarios the plan may be modelled against: in reach, of its organisation or one above it."""
    ids = plan.organisation.ancestor_ids(include_self=True)
    return list(queries.scenarios(user).filter(organisation_id__in=ids).order_by("name", "pk"))


def _plan_form(request, plan, page: PlanModelPage) -> PlanModelForm:
    pm = page.plan_model
    initial = (
        {"target_year": pm.target_year, "runs": pm.runs, "seed": pm.seed, "scenario": pm.scenario_id} if pm else {}
    )
    if pm:
        initial["rerun_automatically"] = pm.rerun_automatically
    data = request.POST if request.method == "POST" else None
    return PlanModelForm(data, initial=initial, scenarios=_scenarios(request.user, plan))


@require_http_methods(["GET", "POST"])
def plan_view(request, plan_id: int):
    plan = get_plan(request, plan_id)
    page = PlanModelPage(plan, request.user)
    form = _plan_form(request, plan, page) if page.can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                modelling_actions.set_plan_model(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationProblem as problem:
                add_problems(form, problem)
            else:
                messages.success(request, "Saved. Set how each action is modelled, then run the plan.")
                return redirect("projections:plan", plan_id=plan.pk)
    latest = page.latest_run
    return render(
        request,
        "projections/plans/plan.jinja",
        {
            "plan": plan,
            "page": page,
            "form": form,
            "run_url": _link("projections:run", run_id=latest.pk) if latest else None,
            "finished_run_url": _link("projections:run", run_id=page.finished_run.pk) if page.finished_run else None,
            "fte": fte,
            "percent": percent,
            "money": money,
        },
    )


@require_POST
def plan_run(request, plan_id: int):
    plan = get_plan(request, plan_id)
    try:
        run = modelling_actions.run_plan(actor=request.user, plan=plan)
    except PermissionDenied:
        raise Http404 from None
    except ValidationProblem as problem:
        for _field, message in problem.problems:
            messages.error(request, message)
        return redirect("projections:plan", plan_id=plan.pk)
    run.refresh_from_db(fields=["status"])
    if run.finished:
        messages.success(request, f"The plan was modelled ({run.runs:,} runs).")
    else:
        messages.success(
            request, f"The plan is being modelled ({run.runs:,} runs): the results show here when it finishes."
        )
    return redirect("projections:plan", plan_id=plan.pk)


# --------------------------------------------------------------------------- one action


def lever_choices(action) -> tuple[list[tuple[str, str]], dict[str, dict]]:
    """The levers offered for ``action``: its intervention's templates, else any lever with a form label."""
    templates = {}
    for template in (action.intervention.levers if action.intervention_id else None) or []:
        key = template.get("type", template.get("lever")) if isinstance(template, dict) else None
        if key in LEVER_TYPES and key not in templates:
            templates[key] = template
    if templates:
        choices = [(key, f"{LEVER_TYPES[key].label}: {LEVER_TYPES[key].meaning}") for key in templates]
    else:
        choices = [(k, lt.form_label) for k, lt in LEVER_TYPES.items() if lt.form_label]
    return choices, templates


def _percent(value) -> str:
    return f"{value * 100:g}" if isinstance(value, (int, float)) else ""


def _initial(action, model, templates: dict, groups: list[str]) -> dict:
    if model is not None and model.lever:
        effect, lever = model.effect, model.lever
        initial = {
            "modelled": "yes" if model.modelled else NOT_MODELLED,
            "reason": model.reason,
            "staff_group": model.staff_group,
            "start_year": model.start_year or "",
            "ramp_up_years": model.ramp_up_years,
            "cost_per_year": model.cost_per_year if not isinstance(model.cost_per_year, dict) else "",
            "amount": model.amount if isinstance(model.amount, (int, float)) else "",
            "course_years": (model.lever_settings or {}).get("course_years", ""),
            "source_group": (model.lever_settings or {}).get("source_group", ""),
        }
    else:
        lever = next(iter(templates), "")
        template = templates.get(lever, {})
        effect = template.get("effect")
        initial = {
            "modelled": NOT_MODELLED if model is not None and not model.modelled else "yes",
            "reason": model.reason if model is not None else "",
            "staff_group": groups[0] if len(groups) == 1 else "",
            "ramp_up_years": template.get("ramp_up_years", 1),
            "cost_per_year": 0,
            "course_years": template.get("course_years", ""),
        }
    initial["lever"] = lever
    if isinstance(effect, dict) and effect.get("dist") == "triangular":
        initial.update(effect_low=_percent(effect["low"]), effect_mode=_percent(effect["mode"]))
        initial["effect_high"] = _percent(effect["high"])
    elif isinstance(effect, (int, float)):
        initial["effect_fixed"] = _percent(effect)
    return initial


def _save_action(request, form: ActionModelForm, action, templates: dict):
    if not form.is_modelled:
        return modelling_actions.mark_not_modelled(
            actor=request.user, action=action, reason=form.cleaned_data.get("reason") or ""
        )
    arguments = form.action_arguments()
    if form.errors:
        return None
    lever = LEVER_TYPES.get(arguments["lever"])
    template = templates.get(arguments["lever"], {})
    carried = {k: v for k, v in template.items() if lever and k in lever.extra_keys}
    arguments["settings"] = {**carried, **arguments["settings"]}
    return modelling_actions.set_action_model(actor=request.user, action=action, **arguments)


@require_http_methods(["GET", "POST"])
def action_model(request, action_id: int):
    action = get_action(request, action_id)
    plan = action.plan
    if not action.can_edit(request.user):
        raise Http404
    plan_model = queries.plan_model(plan)
    if plan_model is None or plan_model.scenario.latest is None:
        messages.info(request, "Choose the plan's scenario first: the staff groups and years come from it.")
        return redirect("projections:plan", plan_id=plan.pk)
    spec = plan_model.scenario.latest.spec
    groups = modelling.staff_groups(spec)
    choices, templates = lever_choices(action)
    model = queries.action_models(plan).get(action.pk)
    default = modelling.start_year(action, None, spec)
    form = ActionModelForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(action, model, templates, groups),
        levers=choices,
        groups=[(g, group_label(g)) for g in groups],
        start_hint=f"Leave empty for {default.year}: {default.words}.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_action(request, form, action, templates)
        except ValidationProblem as problem:
            add_problems(form, problem, fields=form.fields_for_problems())
            saved = None
        if saved is not None:
            messages.success(request, f"Saved how {action.reference} is modelled.")
            return redirect("projections:plan", plan_id=plan.pk)
    return render(
        request,
        "projections/plans/action_model.jinja",
        {"action": action, "plan": plan, "form": form, "templates": templates, "plan_model": plan_model},
    )


ROUTES: list = [
    path("plans/<int:plan_id>/", plan_view, name="plan"),
    path("plans/<int:plan_id>/run/", plan_run, name="plan-run"),
    path("actions/<int:action_id>/model/", action_model, name="action-model"),
]
