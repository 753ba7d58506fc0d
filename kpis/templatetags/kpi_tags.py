"""The KPI section that plan, strategy, task and pledge pages include."""

from django import template

from kpis.models import Indicator
from kpis.tables import period_grid

register = template.Library()

OWNER_FIELDS = {"plan": "plan", "strategy": "strategy", "task": "task", "pledge": "pledge"}


@register.inclusion_tag("kpis/_kpi_section.html")
def kpi_section(owner, level="plan"):
    """Indicators measuring `owner` (a plan, strategy, task or pledge) with their latest figures.

    For a plan, only the indicators attached to the plan itself or its strategies are listed
    (each with its own strategy), so a plan page does not repeat every task's indicators.
    """
    field = OWNER_FIELDS[level]
    indicators = Indicator.objects.published().filter(**{field: owner}).with_series()
    if level == "plan":
        indicators = indicators.filter(task__isnull=True)
    columns, rows = period_grid(indicators)
    return {"indicators": rows, "columns": columns, "owner": owner, "level": level}
