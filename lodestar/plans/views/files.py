"""A plan as a file: export (CSV, Excel), the blank template and the workshop report (PDF).

Importing a file is ``lodestar.plans.views.imports``."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from lodestar.core import tabular as core_tabular
from lodestar.plans import exports, report, tabular
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


def report_pdf(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=workshop_id)
    plan = ActionPlan.objects.visible_to(request.user).filter(workshop=workshop).first()
    pdf = report.render_pdf(request, workshop=workshop, plan=plan)
    return _download(pdf, "application/pdf", f"workshop-report-{workshop.pk}.pdf")
