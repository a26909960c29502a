from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "lodestar.networks"
    label = "networks"
    verbose_name = "Networks"
