from django.apps import AppConfig


class StarConfig(AppConfig):
    name = "lodestar.star"
    label = "star"
    verbose_name = "Star catalogue"
