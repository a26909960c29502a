from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "lodestar.pilots"
    label = "pilots"
    verbose_name = "Pilots"
