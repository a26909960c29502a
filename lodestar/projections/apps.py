from django.apps import AppConfig


class ProjectionsConfig(AppConfig):
    name = "lodestar.projections"
    label = "projections"
