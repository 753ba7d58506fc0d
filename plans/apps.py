"""App configuration."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The `plans` app."""

    name = "plans"
    verbose_name = "조직·업무계획"
