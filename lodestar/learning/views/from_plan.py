"""From a plan to a case study: the buttons on an action's page and a plan's page post here, and
the new draft opens at its edit page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_from_plan
from lodestar.plans.views.common import get_action, get_plan


def _opened(request, case_study):
    messages.success(request, f"Draft case study started from the plan: {case_study.title}. Check each section.")
    return redirect("learning:edit", case_study_id=case_study.pk)


@require_POST
def from_action(request, action_id: int):
    action = get_action(request, action_id)  # out of reach: 404
    try:
        case_study = actions_from_plan.draft_from_action(actor=request.user, action=action)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
        return redirect("plans:action", action_id=action.pk)
    return _opened(request, case_study)


@require_POST
def from_plan(request, plan_id: int):
    plan = get_plan(request, plan_id)  # out of reach: 404
    try:
        case_study = actions_from_plan.draft_from_plan(actor=request.user, plan=plan)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
        return redirect("plans:detail", plan_id=plan.pk)
    return _opened(request, case_study)


ROUTES = [
    path("case-studies/from-action/<int:action_id>/", from_action, name="from-action"),
    path("case-studies/from-plan/<int:plan_id>/", from_plan, name="from-plan"),
]
