from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "lodestar.workshops"
    label = "workshops"
