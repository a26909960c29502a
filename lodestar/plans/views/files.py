"""A plan as a file: export (CSV, Excel), the blank template, import, and the workshop report (PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from lodestar.core import tabular as core_tabular
from lodestar.plans import actions as plan_actions
from lodestar.plans import exports, report, tabular
from lodestar.plans.forms import ImportForm
from lodestar.plans.models import ActionPlan
from lodestar.plans.views.common import get_plan
from lodestar.workshops.models import Workshop

CSV_TYPE = "text/csv; charset=utf-8"


def _download(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_csv(request, plan_id):
    """One table of the plan as CSV: ``?table=`` actions (the default), milestones, measures or progress."""
    plan = get_plan(request, plan_id)
    table = request.GET.get("table") or "actions"
    if table not in exports.TABLES:
        raise Http404("There is no such table")
    return _download("\ufeff" + exports.to_csv(plan, table), CSV_TYPE, exports.csv_filename(plan, table))


def export_xlsx(request, plan_id):
    plan = get_plan(request, plan_id)
    return _download(exports.to_xlsx(plan), exports.XLSX_CONTENT_TYPE, f"action-plan-{plan.pk}.xlsx")


def template_csv(request):
    return _download("\ufeff" + core_tabular.to_csv(tabular.COLUMNS, []), CSV_TYPE, "action-plan-template.csv")


@require_http_methods(["GET", "POST"])
def import_plan(request, plan_id):
    """Every row is checked by the actions' rules first; nothing is added unless all pass."""
    plan = get_plan(request, plan_id)
    if not plan.can_edit(request.user):
        raise PermissionDenied("Only contributors at the plan's organisation can import actions.")
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, table = tabular.read_upload(upload.name, upload.read())
        except tabular.TemplateError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            cleaned, row_errors = tabular.validate_rows(rows, user=request.user, plan=plan, table=table)
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


def report_pdf(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=workshop_id)
    plan = ActionPlan.objects.visible_to(request.user).filter(workshop=workshop).first()
    pdf = report.render_pdf(request, workshop=workshop, plan=plan)
    return _download(pdf, "application/pdf", f"workshop-report-{workshop.pk}.pdf")
