"""App configuration."""

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """The `budgets` app."""

    name = "budgets"
    verbose_name = "예산"
