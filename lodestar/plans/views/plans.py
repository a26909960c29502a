"""A plan: starting one by hand or from a workshop, its page and its timeline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.validation import ValidationProblem
from lodestar.core.words import plural
from lodestar.learning.presenters_recommendations import for_plan as learn_from_others
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans import actions as plan_actions
from lodestar.plans import exports, presenters
from lodestar.plans.forms import PlanForm
from lodestar.plans.models import ActionPlan, today
from lodestar.plans.views.common import action_list, get_plan, page_of, saved, sorted_actions, status_counts
from lodestar.workshops.models import Workshop


@require_http_methods(["GET", "POST"])
def plan_new(request):
    if not Organisation.objects.in_reach(request.user, Permission.CONTRIBUTE).exists():
        raise PermissionDenied("You need to be a contributor at an organisation to start a plan.")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = saved(
            form,
            lambda: plan_actions.create_plan(
                actor=request.user, organisation=form.cleaned_data["organisation"], title=form.cleaned_data["title"]
            ),
        )
        if plan is not None:
            messages.success(request, "Plan created. Add actions one by one, or import them from a file.")
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_new.jinja", {"form": form})


def detail(request, plan_id):
    """A plan's page: counts over the whole plan, its actions a page at a time (overdue first)."""
    plan = get_plan(request, plan_id)
    return render(
        request,
        "plans/detail.jinja",
        {
            "plan": plan,
            "page": page_of(request, sorted_actions(action_list(plan.actions.all()))),
            "counts": status_counts(plan.actions.all()),
            "overdue_count": plan.actions.overdue().count(),
            "can_edit": plan.can_edit(request.user),
            "workshop": plan.workshop,
            "due_dates": presenters.due_dates_explained() if plan.workshop_id else None,
            "csv_tables": exports.TABLES.values(),
            "recommendations": learn_from_others(request.user, plan),
        },
    )


def timeline(request, plan_id):
    plan = get_plan(request, plan_id)
    actions = action_list(plan.actions.all()).order_by(F("start_date").asc(nulls_last=True), "due_date", "id")
    return render(
        request,
        "plans/timeline.jinja",
        {"plan": plan, "timeline": presenters.timeline(actions), "today_label": today().strftime("%-d %B %Y")},
    )


@require_POST
def generate(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=workshop_id)
    if not workshop.can_facilitate(request.user):
        raise PermissionDenied("Only the workshop's facilitators can generate its action plan.")
    existing = ActionPlan.objects.visible_to(request.user).filter(workshop=workshop).first()
    if existing is not None:
        messages.info(request, "This workshop already has an action plan.")
        return redirect("plans:detail", plan_id=existing.pk)
    try:
        plan = plan_actions.generate_plan(actor=request.user, workshop=workshop)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
        return redirect("workshops:detail", workshop.pk)
    messages.success(
        request,
        f"Action plan created with {plural(plan.actions.count(), 'action')}. Now give each an owner, and check "
        "the due dates: 'How the due dates are set' explains them.",
    )
    return redirect("plans:detail", plan_id=plan.pk)
