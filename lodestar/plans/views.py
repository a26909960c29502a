"""Action plan pages. Thin: read through ``visible_to`` querysets, write through ``actions``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans import actions as plan_actions
from lodestar.plans import presenters, tabular
from lodestar.plans.forms import ActionForm, ImportForm, MeasureForm, MilestoneForm, PlanForm, ProgressForm
from lodestar.plans.models import Action, ActionPlan, Status, today
from lodestar.star.models import StarPoint
from lodestar.workshops.models import Workshop

PAGE_SIZE = 50


def _plan(request, plan_id) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.visible_to(request.user).select_related("organisation"), pk=plan_id)


def _action(request, action_id) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "plan", "plan__organisation", "point", "intervention", "owner_user", "organisation"
        ),
        pk=action_id,
    )


def _require_edit(request, action: Action) -> None:
    if not action.can_edit(request.user):
        raise PermissionDenied("Only the action's owner and contributors at its organisation can change it.")


def _sorted_actions(qs):
    """Overdue first, then by priority, then by due date."""
    return qs.with_overdue_flag().order_by(
        "-is_overdue_flag", F("priority_rank").asc(nulls_last=True), F("due_date").asc(nulls_last=True), "id"
    )


def _action_list(qs):
    return qs.select_related("point", "owner_user", "organisation", "intervention", "plan")


# ---------------------------------------------------------------------------- lists


class Filters:
    """The portfolio filters, read from the query string (a GET form: works without JavaScript)."""

    def __init__(self, request, organisations):
        get = request.GET
        points = {p.key: p for p in StarPoint.objects.all()}
        self.point = get.get("point", "") if get.get("point", "") in points else ""
        self.status = get.get("status", "") if get.get("status", "") in Status.values else ""
        org = get.get("organisation", "")
        self.organisation = org if org.isdigit() and int(org) in {o.pk for o in organisations} else ""
        self.overdue = get.get("overdue") == "1"
        self.points = list(points.values())
        self.organisations = organisations

    def apply(self, qs, *, with_status=True):
        if self.point:
            qs = qs.filter(point__key=self.point)
        if self.organisation:
            qs = qs.filter(organisation_id=int(self.organisation))
        if self.overdue:
            qs = qs.overdue()
        if with_status and self.status:
            qs = qs.filter(status=self.status)
        return qs

    def query(self, **extra) -> str:
        params = {"point": self.point, "status": self.status, "organisation": self.organisation}
        if self.overdue:
            params["overdue"] = "1"
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v})

    @property
    def active(self) -> bool:
        return bool(self.point or self.status or self.organisation or self.overdue)


def _status_counts(qs) -> list[dict]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return [
        {"value": value, "label": label, "count": counts.get(value, 0), "tag": presenters.status_tag(value)}
        for value, label in Status.choices
    ]


def _page(request, qs):
    paginator = Paginator(qs, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def portfolio(request):
    """Every action in plans the user can see, across the organisations beneath them."""
    actions = Action.objects.visible_to(request.user)
    organisations = list(actions.organisations())
    filters = Filters(request, organisations)
    counted = filters.apply(actions, with_status=False)
    listed = _sorted_actions(_action_list(filters.apply(actions)))
    page = _page(request, listed)
    plans = ActionPlan.objects.visible_to(request.user).select_related("organisation").annotate(n=Count("actions"))
    return render(
        request,
        "plans/portfolio.jinja",
        {
            "filters": filters,
            "counts": _status_counts(counted),
            "overdue_count": counted.overdue().count(),
            "page": page,
            "plans": plans[:100],
            "can_start_plan": Organisation.objects.in_reach(request.user, Permission.CONTRIBUTE).exists(),
        },
    )


def my_actions(request):
    actions = Action.objects.visible_to(request.user).filter(owner_user=request.user)
    listed = _sorted_actions(_action_list(actions))
    return render(
        request,
        "plans/my_actions.jinja",
        {"page": _page(request, listed), "counts": _status_counts(actions), "overdue_count": actions.overdue().count()},
    )


# ---------------------------------------------------------------------------- plans


@require_http_methods(["GET", "POST"])
def plan_new(request):
    if not Organisation.objects.in_reach(request.user, Permission.CONTRIBUTE).exists():
        raise PermissionDenied("You need to be a contributor at an organisation to start a plan.")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = plan_actions.create_plan(
            actor=request.user, organisation=form.cleaned_data["organisation"], title=form.cleaned_data["title"]
        )
        messages.success(request, "Plan created. Add actions one by one, or import them from a file.")
        return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_new.jinja", {"form": form})


def detail(request, plan_id):
    plan = _plan(request, plan_id)
    actions = list(_sorted_actions(_action_list(plan.actions.all())))
    return render(
        request,
        "plans/detail.jinja",
        {
            "plan": plan,
            "actions": actions,
            "counts": _status_counts(plan.actions.all()),
            "overdue_count": sum(1 for a in actions if a.is_overdue),
            "can_edit": plan.can_edit(request.user),
            "workshop": plan.workshop,
        },
    )


def timeline(request, plan_id):
    plan = _plan(request, plan_id)
    actions = _action_list(plan.actions.all()).order_by(F("start_date").asc(nulls_last=True), "due_date", "id")
    return render(
        request,
        "plans/timeline.jinja",
        {"plan": plan, "timeline": presenters.timeline(actions), "today_label": today().strftime("%-d %B %Y")},
    )


def export_csv(request, plan_id):
    plan = _plan(request, plan_id)
    body = tabular.to_csv(tabular.export_rows(tabular.actions_for_export(plan)))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}.csv"'
    return response


def export_xlsx(request, plan_id):
    plan = _plan(request, plan_id)
    body = tabular.to_xlsx(tabular.export_rows(tabular.actions_for_export(plan)), title=plan.title)
    response = HttpResponse(body, content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}.xlsx"'
    return response


def template_csv(request):
    response = HttpResponse("\ufeff" + tabular.to_csv([]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="action-plan-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
def import_plan(request, plan_id):
    plan = _plan(request, plan_id)
    if not plan.can_edit(request.user):
        raise PermissionDenied("Only contributors at the plan's organisation can import actions.")
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = tabular.read_upload(upload.name, upload.read())
        except tabular.TemplateError as exc:
            form.add_error("file", str(exc))
        else:
            cleaned, row_errors = tabular.validate_rows(rows, user=request.user, plan=plan)
            if row_errors:
                form.add_error("file", f"Nothing was imported: {len(row_errors)} problem(s) to fix in the file")
            else:
                created = plan_actions.import_plan(actor=request.user, plan=plan, rows=cleaned)
                messages.success(request, f"{len(created)} action(s) imported.")
                return redirect("plans:detail", plan_id=plan.pk)
    return render(
        request,
        "plans/import.jinja",
        {"plan": plan, "form": form, "row_errors": row_errors, "columns": tabular.COLUMNS},
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
    except ValueError as exc:
        messages.error(request, str(exc))
        try:
            return redirect("workshops:detail", workshop.pk)
        except Exception:  # noqa: BLE001 - the workshops page may be named differently
            return redirect("plans:portfolio")
    messages.success(request, f"Action plan created with {plan.actions.count()} action(s). Now give each an owner.")
    return redirect("plans:detail", plan_id=plan.pk)


# ---------------------------------------------------------------------------- actions


@require_http_methods(["GET", "POST"])
def action_new(request, plan_id):
    plan = _plan(request, plan_id)
    if not plan.can_edit(request.user):
        raise PermissionDenied("Only contributors at the plan's organisation can add actions.")
    initial = {"organisation": plan.organisation_id, "status": Status.NOT_STARTED, "start_date": today()}
    form = ActionForm(request.POST or None, initial=initial, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        action = plan_actions.create_action(actor=request.user, plan=plan, **form.changes())
        messages.success(request, "Action added.")
        return redirect("plans:action", action_id=action.pk)
    return render(request, "plans/action_form.jinja", {"plan": plan, "form": form, "action": None})


def action_detail(request, action_id):
    action = _action(request, action_id)
    return render(
        request,
        "plans/action.jinja",
        {
            "action": action,
            "plan": action.plan,
            "milestones": action.milestones.all(),
            "measures": action.measures.all(),
            "updates": action.progress_updates.select_related("author"),
            "can_edit": action.can_edit(request.user),
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


@require_http_methods(["GET", "POST"])
def action_edit(request, action_id):
    action = _action(request, action_id)
    _require_edit(request, action)
    form = ActionForm(
        request.POST or None, initial=_action_initial(action), user=request.user, plan=action.plan, action=action
    )
    conflicts = None
    stale_by = None
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version")
        if expected is None:
            form.add_error(None, "The form was missing its version: reload the page and make your changes again")
        else:
            try:
                plan_actions.update_action(
                    actor=request.user, action=action, expected_version=expected, changes=form.changes()
                )
            except plan_actions.StaleEdit as stale:
                conflicts = presenters.conflict_rows(stale.conflicts)
                stale_by = stale.current
                # The next save is checked against the version the person has now seen.
                data = request.POST.copy()
                data["version"] = str(stale.current.version)
                form = ActionForm(data, user=request.user, plan=action.plan, action=action)
                form.is_valid()
                form.add_error(None, "Someone else changed this action while you were editing it")
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Action saved.")
                return redirect("plans:action", action_id=action.pk)
    return render(
        request,
        "plans/action_form.jinja",
        {"plan": action.plan, "form": form, "action": action, "conflicts": conflicts, "stale": stale_by},
    )


@require_http_methods(["GET", "POST"])
def progress_new(request, action_id):
    action = _action(request, action_id)
    _require_edit(request, action)
    form = ProgressForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["date"] > today() + datetime.timedelta(days=1):
            form.add_error("date", "The date of an update cannot be in the future")
        else:
            plan_actions.add_progress_update(
                actor=request.user, action=action, date=data["date"], text=data["text"], status=data["status"]
            )
            messages.success(request, "Progress update added.")
            return redirect("plans:action", action_id=action.pk)
    return render(request, "plans/progress_form.jinja", {"action": action, "plan": action.plan, "form": form})


def action_history(request, action_id):
    action = _action(request, action_id)
    rows = presenters.history_rows(plan_actions.history_for(action))
    return render(request, "plans/history.jinja", {"action": action, "plan": action.plan, "rows": rows})


@require_http_methods(["GET", "POST"])
def milestone_form(request, action_id, milestone_id=None):
    action = _action(request, action_id)
    _require_edit(request, action)
    milestone = get_object_or_404(action.milestones.all(), pk=milestone_id) if milestone_id else None
    initial = {"title": milestone.title, "due_date": milestone.due_date, "done": milestone.done} if milestone else None
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan_actions.save_milestone(actor=request.user, action=action, milestone=milestone, **form.cleaned_data)
        messages.success(request, "Milestone saved.")
        return redirect(reverse("plans:action", kwargs={"action_id": action.pk}) + "#milestones")
    return render(
        request, "plans/milestone_form.jinja", {"action": action, "plan": action.plan, "form": form, "obj": milestone}
    )


@require_http_methods(["GET", "POST"])
def measure_form(request, action_id, measure_id=None):
    action = _action(request, action_id)
    _require_edit(request, action)
    measure = get_object_or_404(action.measures.all(), pk=measure_id) if measure_id else None
    initial = {f: getattr(measure, f) for f in plan_actions.MEASURE_FIELDS} if measure else None
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan_actions.save_measure(actor=request.user, action=action, measure=measure, **form.cleaned_data)
        messages.success(request, "Success measure saved.")
        return redirect(reverse("plans:action", kwargs={"action_id": action.pk}) + "#measures")
    return render(
        request, "plans/measure_form.jinja", {"action": action, "plan": action.plan, "form": form, "obj": measure}
    )


# ---------------------------------------------------------------------------- report


def report_pdf(request, workshop_id):
    from lodestar.plans import report

    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=workshop_id)
    plan = ActionPlan.objects.visible_to(request.user).filter(workshop=workshop).first()
    pdf = report.render_pdf(request, workshop=workshop, plan=plan)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="workshop-report-{workshop.pk}.pdf"'
    return response
