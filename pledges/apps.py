"""App configuration."""

from django.apps import AppConfig


class PledgesConfig(AppConfig):
    """The `pledges` app."""

    name = "pledges"
    verbose_name = "공약"
