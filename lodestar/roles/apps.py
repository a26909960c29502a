from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "lodestar.roles"
    label = "roles"
    verbose_name = "New roles"
