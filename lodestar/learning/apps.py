from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lodestar.learning"
    label = "learning"
    verbose_name = "Shared learning"
