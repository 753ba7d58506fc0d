"""App configuration."""

from django.apps import AppConfig


class CitygenConfig(AppConfig):
    """The `citygen` app: `manage.py generate_city`."""

    name = "citygen"
    verbose_name = "생성 도시"
