"""Projections URLs: each journey's module under ``views/`` lists its own ``ROUTES``."""

from django.urls import path

from lodestar.projections.views import compare, overview, plans, runs, scenarios, wisn, workshops

app_name = "projections"

urlpatterns = [
    path("", overview.index, name="index"),
    *scenarios.ROUTES,  # scenarios: list, create (data, upload, copy), assumptions, versions, YAML
    *runs.ROUTES,  # runs: request, progress, results, downloads
    *compare.ROUTES,  # compare runs side by side
    *plans.ROUTES,  # an action plan's modelled view and each action's modelling
    *workshops.ROUTES,  # a workshop's linked scenario and candidates' modelled effects
    *wisn.ROUTES,  # WISN calculator
]
