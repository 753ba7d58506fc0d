"""Public KPI pages: thin views over the QuerySets of `kpis.models`."""

from django.shortcuts import get_object_or_404, render

from kpis.charts import series_chart
from kpis.models import EvaluationMilestone, Indicator
from kpis.tables import period_grid
from plans.models import Municipality


def indicator_list(request, slug):
    """A municipality's indicators grouped as their documents group them."""
    municipality = get_object_or_404(Municipality, slug=slug)
    indicators = Indicator.objects.published().filter(municipality=municipality).with_series()
    columns, rows = period_grid(indicators)
    return render(
        request,
        "kpis/indicator_list.html",
        {"municipality": municipality, "indicators": rows, "columns": columns},
    )


def indicator_detail(request, slug, key):
    """One indicator: targets and actuals by period as a chart and a captioned table."""
    indicator = get_object_or_404(Indicator.objects.published().with_series(), municipality__slug=slug, key=key)
    series = indicator.series()
    return render(
        request,
        "kpis/indicator_detail.html",
        {
            "municipality": indicator.municipality,
            "indicator": indicator,
            "series": series,
            "chart": series_chart(series),
        },
    )


def calendar(request, slug):
    """The evaluation calendar: every milestone with its months and responsible unit."""
    municipality = get_object_or_404(Municipality, slug=slug)
    milestones = (
        EvaluationMilestone.objects.published()
        .filter(municipality=municipality)
        .select_related("responsible_unit__municipality", "plan")
    )
    return render(request, "kpis/calendar.html", {"municipality": municipality, "milestones": milestones})
