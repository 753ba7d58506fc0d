"""App configuration."""

from django.apps import AppConfig


class KpisConfig(AppConfig):
    """The `kpis` app."""

    name = "kpis"
    verbose_name = "성과지표"
