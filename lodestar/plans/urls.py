from django.urls import path

from lodestar.plans.views import deleting, editing, files, imports, plans, portfolio, progress

app_name = "plans"
urlpatterns = [
    path("", portfolio.portfolio, name="portfolio"),
    path("portfolio.xlsx", portfolio.portfolio_xlsx, name="portfolio-xlsx"),
    path("my-actions/", portfolio.my_actions, name="my-actions"),
    path("new/", plans.plan_new, name="new"),
    path("template.csv", files.template_csv, name="template-csv"),
    path("generate/<int:workshop_id>/", plans.generate, name="generate"),
    path("workshops/<int:workshop_id>/report.pdf", files.report_pdf, name="report-pdf"),
    path("<int:plan_id>/", plans.detail, name="detail"),
    path("<int:plan_id>/timeline/", plans.timeline, name="timeline"),
    path("<int:plan_id>/export.csv", files.export_csv, name="export-csv"),
    path("<int:plan_id>/export.xlsx", files.export_xlsx, name="export-xlsx"),
    path("<int:plan_id>/import/", imports.import_plan, name="import"),
    path("<int:plan_id>/import/confirm/", imports.import_confirm, name="import-confirm"),
    path("<int:plan_id>/actions/new/", editing.action_new, name="action-new"),
    path("actions/<int:action_id>/", editing.action_detail, name="action"),
    path("actions/<int:action_id>/edit/", editing.action_edit, name="action-edit"),
    path("actions/<int:action_id>/delete/", deleting.action_delete, name="action-delete"),
    path("actions/<int:action_id>/progress/", progress.progress_new, name="progress-new"),
    path("actions/<int:action_id>/history/", editing.action_history, name="action-history"),
    path("actions/<int:action_id>/milestones/new/", progress.milestone_form, name="milestone-new"),
    path("actions/<int:action_id>/milestones/<int:milestone_id>/", progress.milestone_form, name="milestone-edit"),
    path("actions/<int:action_id>/measures/new/", progress.measure_form, name="measure-new"),
    path("actions/<int:action_id>/measures/<int:measure_id>/", progress.measure_form, name="measure-edit"),
    path(
        "actions/<int:action_id>/measures/<int:measure_id>/values/new/",
        progress.measure_value_new,
        name="measure-value-new",
    ),
]
