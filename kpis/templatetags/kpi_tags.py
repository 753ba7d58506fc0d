"""The KPI sections that city, plan, strategy, task and pledge pages include."""

from django import template

from kpis.models import EvaluationMilestone, Indicator, latest_achievement
from kpis.tables import period_grid
from portal.periods import seoul_today

register = template.Library()
# A city page lists this many upcoming milestones; the calendar has them all.
NEXT_MILESTONES = 5
# A source page names this many of its indicators; the indicator list has them all.
SOURCE_INDICATORS = 30

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


@register.inclusion_tag("kpis/_city_kpis.html")
def city_kpis(municipality, keeper=None):
    """The KPI section of a city's page: how many indicators reached their target, and the next milestones."""
    indicators = Indicator.objects.published().filter(municipality=municipality)
    achievement = latest_achievement(indicators)
    milestones = (
        EvaluationMilestone.objects.published()
        .filter(municipality=municipality, end__gte=seoul_today().replace(day=1))
        .select_related("responsible_unit")
        .order_by("start", "order")[:NEXT_MILESTONES]
    )
    return {
        "municipality": municipality,
        "indicator_count": indicators.count(),
        "achievement": achievement,
        "milestones": milestones,
        "keeper": keeper,
    }


@register.inclusion_tag("kpis/_source_kpis.html")
def source_kpis(document):
    """The indicators and milestones a source document gave, the first of them linked."""
    indicators = Indicator.objects.published().filter(source_document=document.key)
    return {
        "document": document,
        "indicator_count": indicators.count(),
        "indicators": indicators.select_related("municipality").order_by("order")[:SOURCE_INDICATORS],
        "milestone_count": EvaluationMilestone.objects.published().filter(source_document=document.key).count(),
    }
