from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "lodestar.workforce"
    label = "workforce"
