from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "lodestar.programmes"
    label = "programmes"
    verbose_name = "Programmes"
