"""Tracking an action: progress updates, milestones, success measures and their dated values."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lodestar.plans import actions as plan_actions
from lodestar.plans import measure_actions
from lodestar.plans.forms import MeasureForm, MeasureValueForm, MilestoneForm, ProgressForm
from lodestar.plans.models import today
from lodestar.plans.views.common import get_action, require_edit, saved


@require_http_methods(["GET", "POST"])
def progress_new(request, action_id):
    action = get_action(request, action_id)
    require_edit(request, action)
    form = ProgressForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = saved(
            form,
            lambda: plan_actions.add_progress_update(
                actor=request.user, action=action, date=data["date"], text=data["text"], status=data["status"]
            ),
        )
        if update is not None:
            messages.success(request, "Progress update added.")
            return redirect("plans:action", action_id=action.pk)
    return render(request, "plans/progress_form.jinja", {"action": action, "plan": action.plan, "form": form})


def _part_form(request, action, *, part, form_class, fields, save, template, anchor, done):
    """Add or change a milestone or a success measure through ``save`` (its action)."""
    initial = {f: getattr(part, f) for f in fields} if part else None
    form = form_class(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(form, lambda: save(actor=request.user, action=action, **{anchor: part}, **form.cleaned_data))
    ):
        messages.success(request, done)
        return redirect(reverse("plans:action", kwargs={"action_id": action.pk}) + f"#{anchor}s")
    return render(request, template, {"action": action, "plan": action.plan, "form": form, "obj": part})


@require_http_methods(["GET", "POST"])
def milestone_form(request, action_id, milestone_id=None):
    action = get_action(request, action_id)
    require_edit(request, action)
    milestone = get_object_or_404(action.milestones.all(), pk=milestone_id) if milestone_id else None
    return _part_form(
        request,
        action,
        part=milestone,
        form_class=MilestoneForm,
        fields=plan_actions.MILESTONE_FIELDS,
        save=plan_actions.save_milestone,
        template="plans/milestone_form.jinja",
        anchor="milestone",
        done="Milestone saved.",
    )


@require_http_methods(["GET", "POST"])
def measure_form(request, action_id, measure_id=None):
    action = get_action(request, action_id)
    require_edit(request, action)
    measure = get_object_or_404(action.measures.all(), pk=measure_id) if measure_id else None
    return _part_form(
        request,
        action,
        part=measure,
        form_class=MeasureForm,
        fields=measure_actions.MEASURE_FIELDS,
        save=measure_actions.save_measure,
        template="plans/measure_form.jinja",
        anchor="measure",
        done="Success measure saved.",
    )


@require_http_methods(["GET", "POST"])
def measure_value_new(request, action_id, measure_id):
    """Record a dated value of a success measure (one on the same date is replaced)."""
    action = get_action(request, action_id)
    require_edit(request, action)
    measure = get_object_or_404(action.measures.prefetch_related("values"), pk=measure_id)
    form = MeasureValueForm(request.POST or None, initial={"date": today()})
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: measure_actions.record_measure_value(
                actor=request.user, action=action, measure=measure, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, f"Value recorded for {measure.metric}.")
        return redirect(reverse("plans:action", kwargs={"action_id": action.pk}) + f"#measure-{measure.pk}")
    context = {"action": action, "plan": action.plan, "form": form, "measure": measure}
    return render(request, "plans/measure_value_form.jinja", context)
