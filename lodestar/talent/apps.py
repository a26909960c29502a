from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "lodestar.talent"
    label = "talent"
    verbose_name = "Workforce leaders"
