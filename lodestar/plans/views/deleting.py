"""Deleting an action: a confirmation page, then the action goes (its audit record stays)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lodestar.plans import actions as plan_actions
from lodestar.plans.views.common import get_action


@require_http_methods(["GET", "POST"])
def action_delete(request, action_id):
    """Only those who manage the plan (``ActionPlan.can_manage``) may delete its actions."""
    action = get_action(request, action_id)
    plan = action.plan
    if not plan.can_manage(request.user):
        raise PermissionDenied("Only facilitators at the plan's organisation can delete its actions.")
    if request.method == "POST":
        title = action.title
        plan_actions.delete_action(actor=request.user, action=action)
        messages.success(request, f"Action deleted: {title}. The audit log keeps a record of it.")
        return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/action_delete.jinja", {"action": action, "plan": plan})
