from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "lodestar.plans"
    label = "plans"
