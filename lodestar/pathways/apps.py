from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "lodestar.pathways"
    label = "pathways"
    verbose_name = "Training pathways"
