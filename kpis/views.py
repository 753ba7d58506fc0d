"""Public KPI pages: thin views over the QuerySets of `kpis.models`."""

import datetime

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kpis.charts import series_chart
from kpis.models import EvaluationMilestone, Indicator, Measurement
from kpis.tables import period_grid
from plans.as_of import documents_of, newest_day
from plans.models import Municipality
from portal.paging import page_of

INDICATORS_PER_PAGE = 30
MILESTONES_PER_PAGE = 50


def indicator_list(request, slug):
    """A municipality's indicators grouped as their documents group them, a page at a time."""
    municipality = get_object_or_404(Municipality, slug=slug)
    indicators = Indicator.objects.published().filter(municipality=municipality).with_series()
    page = page_of(request, indicators, per_page=INDICATORS_PER_PAGE)
    columns, rows = period_grid(page.object_list)
    return render(
        request,
        "kpis/indicator_list.html",
        {
            "municipality": municipality,
            "indicators": rows,
            "columns": columns,
            "page": page,
            "documents": documents_of(indicators),
            "approved": _newest_approval(indicators),
        },
    )


def _newest_approval(indicators):
    """The day of the newest approved actual or correction of `indicators`."""
    return newest_day(Measurement.objects.approved().filter(indicator__in=indicators), "reviewed_at", "corrected_at")


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
            "documents": [indicator.source_document] if indicator.source_document else [],
            "approved": _newest_approval(Indicator.objects.filter(pk=indicator.pk)),
        },
    )


def calendar(request, slug):
    """The evaluation calendar of one roadmap year (this year by default), optionally one month, paged."""
    municipality = get_object_or_404(Municipality, slug=slug)
    milestones = EvaluationMilestone.objects.published().filter(municipality=municipality)
    years = list(milestones.years())
    year = _chosen_year(request.GET.get("year", ""), years, timezone.localdate().year)
    month = request.GET.get("month", "")
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else None
    shown = milestones.filter(year=year)
    if month and year:
        shown = shown.active_in(datetime.date(year, month, 1))
    page = page_of(
        request,
        shown.select_related("responsible_unit__municipality", "plan").order_by("start", "order", "pk"),
        per_page=MILESTONES_PER_PAGE,
    )
    return render(
        request,
        "kpis/calendar.html",
        {
            "municipality": municipality,
            "milestones": page,
            "years": years,
            "year": year,
            "month": month,
            "months": range(1, 13),
            "documents": documents_of(milestones),
            "changed": newest_day(
                EvaluationMilestone.history.filter(id__in=milestones.values("pk"), history_user__isnull=False),
                "history_date",
            ),
        },
    )


def _chosen_year(asked, years, this_year):
    """The year asked for when there is one, else this year, else the latest year before it, else the first."""
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    if this_year in years:
        return this_year
    earlier = [year for year in years if year < this_year]
    return earlier[-1] if earlier else (years[0] if years else None)
