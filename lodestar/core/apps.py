from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lodestar.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from lodestar.core import checks  # noqa: F401  (registers the deploy checks)
