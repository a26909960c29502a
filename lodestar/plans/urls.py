from django.urls import path

from lodestar.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("my-actions/", views.my_actions, name="my-actions"),
    path("new/", views.plan_new, name="new"),
    path("template.csv", views.template_csv, name="template-csv"),
    path("generate/<int:workshop_id>/", views.generate, name="generate"),
    path("workshops/<int:workshop_id>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:plan_id>/", views.detail, name="detail"),
    path("<int:plan_id>/timeline/", views.timeline, name="timeline"),
    path("<int:plan_id>/export.csv", views.export_csv, name="export-csv"),
    path("<int:plan_id>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<int:plan_id>/import/", views.import_plan, name="import"),
    path("<int:plan_id>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:action_id>/progress/", views.progress_new, name="progress-new"),
    path("actions/<int:action_id>/history/", views.action_history, name="action-history"),
    path("actions/<int:action_id>/milestones/new/", views.milestone_form, name="milestone-new"),
    path("actions/<int:action_id>/milestones/<int:milestone_id>/", views.milestone_form, name="milestone-edit"),
    path("actions/<int:action_id>/measures/new/", views.measure_form, name="measure-new"),
    path("actions/<int:action_id>/measures/<int:measure_id>/", views.measure_form, name="measure-edit"),
]
