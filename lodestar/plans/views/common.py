"""What every plan page shares: finding a plan or action in reach, sorting and counting
actions, and showing an action's refusal on its form."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.plans import presenters, queries
from lodestar.plans.models import Action, ActionPlan, Status

PAGE_SIZE = 50
T = TypeVar("T")


def get_plan(request, plan_id) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.visible_to(request.user).select_related("organisation", "workshop"), pk=plan_id
    )


def get_action(request, action_id) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "plan", "plan__organisation", "point", "intervention", "owner_user", "organisation"
        ),
        pk=action_id,
    )


def require_edit(request, action: Action) -> None:
    if not action.can_edit(request.user):
        raise PermissionDenied("Only the action's owner and contributors at its organisation can change it.")


def saved(form, write: Callable[[], T], fields: Mapping[str, str] | None = None) -> T | None:
    """Run ``write`` (a call to an action); when the action refuses the input, show its
    problems on ``form`` (``fields`` renames action arguments to form fields) and return None."""
    try:
        return write()
    except ValidationProblem as problem:
        add_problems(form, problem, fields=fields)
        return None


def sorted_actions(qs):
    """Overdue first, then by priority, then by due date."""
    return queries.overdue_first(qs)


def action_list(qs):
    return qs.select_related("point", "owner_user", "organisation", "intervention", "plan")


def status_counts(qs) -> list[dict]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return [
        {"value": value, "label": label, "count": counts.get(value, 0), "tag": presenters.status_tag(value)}
        for value, label in Status.choices
    ]


def page_of(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
