"""An action: adding one, its page, changing it (with the 'someone else changed it' check) and its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lodestar.accounts import actions as account_actions
from lodestar.plans import actions as plan_actions
from lodestar.plans import measure_presenters, presenters
from lodestar.plans.forms import ACTION_FORM_FIELDS, ActionForm, ProgressForm
from lodestar.plans.models import Action, Status, today
from lodestar.plans.views.common import get_action, get_plan, require_edit, saved


def invite_owner(request, form, action) -> None:
    """When the form asked to invite an owner who does not use Lodestar, email them a plan invitation."""
    if not form.invite_email:
        return
    try:
        account_actions.create_plan_invitation(
            actor=request.user,
            email=form.invite_email,
            action=action,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("accounts:accept-plan-invitation", args=[token])
            ),
        )
    except account_actions.InvitationError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, f"Invitation to see this plan sent to {form.invite_email}.")


@require_http_methods(["GET", "POST"])
def action_new(request, plan_id):
    plan = get_plan(request, plan_id)
    if not plan.can_edit(request.user):
        raise PermissionDenied("Only contributors at the plan's organisation can add actions.")
    initial = {"organisation": plan.organisation_id, "status": Status.NOT_STARTED, "start_date": today()}
    form = ActionForm(request.POST or None, initial=initial, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        action = saved(
            form,
            lambda: plan_actions.create_action(actor=request.user, plan=plan, **form.changes()),
            ACTION_FORM_FIELDS,
        )
        if action is not None:
            messages.success(request, "Action added.")
            invite_owner(request, form, action)
            return redirect("plans:action", action_id=action.pk)
    return render(request, "plans/action_form.jinja", {"plan": plan, "form": form, "action": None})


def action_detail(request, action_id):
    action = get_action(request, action_id)
    return render(
        request,
        "plans/action.jinja",
        {
            "action": action,
            "plan": action.plan,
            "milestones": action.milestones.all(),
            "measures": action.measures.prefetch_related("values"),
            "measure_chart": measure_presenters.measure_chart,
            "updates": action.progress_updates.select_related("author"),
            "can_edit": action.can_edit(request.user),
            "can_manage": action.plan.can_manage(request.user),
            "progress_form": ProgressForm(initial={"date": today()}),
            "status_label": presenters.status_label,
            "status_tag": presenters.status_tag,
        },
    )


def _action_initial(action: Action) -> dict:
    return {
        "title": action.title,
        "description": action.description,
        "point": action.point_id,
        "intervention": action.intervention_id,
        "owner_email": action.owner_user.email if action.owner_user_id else "",
        "owner_name": action.owner_name,
        "organisation": action.organisation_id,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "status": action.status,
        "priority_rank": action.priority_rank,
        "version": action.version,
    }


class _Edit:
    """One attempt to save the edit form: the form to show again and, when someone else saved
    first, what they changed."""

    def __init__(self, request, action: Action):
        self.request, self.action = request, action
        self.form = ActionForm(
            request.POST or None, initial=_action_initial(action), user=request.user, plan=action.plan, action=action
        )
        self.conflicts = None
        self.stale_by = None

    def submit(self) -> bool:
        """True when the change was saved."""
        expected = self.form.cleaned_data.get("version")
        if expected is None:
            self.form.add_error(None, "The form was missing its version: reload the page and make your changes again")
            return False
        try:
            return bool(
                saved(
                    self.form,
                    lambda: plan_actions.update_action(
                        actor=self.request.user,
                        action=self.action,
                        expected_version=expected,
                        changes=self.form.changes(),
                    ),
                    ACTION_FORM_FIELDS,
                )
            )
        except plan_actions.StaleEdit as stale:
            self._stale(stale)
            return False

    def _stale(self, stale: plan_actions.StaleEdit) -> None:
        self.conflicts = presenters.conflict_rows(stale.conflicts)
        self.stale_by = stale.current
        # The next save is checked against the version the person has now seen.
        data = self.request.POST.copy()
        data["version"] = str(stale.current.version)
        self.form = ActionForm(data, user=self.request.user, plan=self.action.plan, action=self.action)
        self.form.is_valid()
        self.form.add_error(None, "Someone else changed this action while you were editing it")


@require_http_methods(["GET", "POST"])
def action_edit(request, action_id):
    action = get_action(request, action_id)
    require_edit(request, action)
    edit = _Edit(request, action)
    if request.method == "POST" and edit.form.is_valid() and edit.submit():
        messages.success(request, "Action saved.")
        invite_owner(request, edit.form, action)
        return redirect("plans:action", action_id=action.pk)
    return render(
        request,
        "plans/action_form.jinja",
        {"plan": action.plan, "form": edit.form, "action": action, "conflicts": edit.conflicts, "stale": edit.stale_by},
    )


def action_history(request, action_id):
    action = get_action(request, action_id)
    rows = presenters.history_rows(plan_actions.history_for(action))
    return render(request, "plans/history.jinja", {"action": action, "plan": action.plan, "rows": rows})
