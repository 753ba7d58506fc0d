"""Filters of the read API over indicators and the evaluation calendar."""

from django.db.models import Q
from django_filters import rest_framework as filters

from kpis.models import EvaluationMilestone, Indicator
from plans.filters import UnitTreeFilter, YearFilter, municipality_filter


class IndicatorFilter(filters.FilterSet):
    """Indicators: municipality, responsible unit with sub-units, owner, kind, year of a value, text."""

    municipality = municipality_filter("municipality")
    unit = UnitTreeFilter("responsible_unit", label="담당 조직 id: 이 조직과 그 하위 조직의 지표")
    plan = filters.NumberFilter(field_name="plan_id", label="업무계획 id", min_value=1)
    task = filters.NumberFilter(field_name="task_id", label="과제 id", min_value=1)
    pledge = filters.NumberFilter(field_name="pledge_id", label="공약 id", min_value=1)
    kind = filters.ChoiceFilter(choices=Indicator.Kind.choices, label="종류")
    year = YearFilter(method="filter_year", label="목표나 실적이 있는 연도")
    q = filters.CharFilter(method="filter_search", label="지표명·구분 검색어", max_length=100)

    class Meta:
        model = Indicator
        fields = ["municipality", "unit", "plan", "task", "pledge", "kind", "year", "q"]

    def filter_year(self, queryset, name, value):
        """Indicators with a target or a measurement in the year."""
        return queryset.filter(
            pk__in=Indicator.objects.filter(Q(targets__year=value) | Q(measurements__year=value)).values("pk")
        )

    def filter_search(self, queryset, name, value):
        """Indicators whose name or group contains the words."""
        return queryset.filter(Q(name__icontains=value) | Q(group__icontains=value))


class MilestoneFilter(filters.FilterSet):
    """Milestones: municipality, year, track, responsible unit with sub-units, and the month they run in."""

    municipality = municipality_filter("municipality")
    year = YearFilter(field_name="year")
    track = filters.ChoiceFilter(choices=EvaluationMilestone.Track.choices, label="구분")
    unit = UnitTreeFilter("responsible_unit", label="담당 조직 id: 이 조직과 그 하위 조직의 일정")
    active_on = filters.DateFilter(method="filter_active", label="이 날짜가 든 달에 진행되는 일정(YYYY-MM-DD)")

    class Meta:
        model = EvaluationMilestone
        fields = ["municipality", "year", "track", "unit", "active_on"]

    def filter_active(self, queryset, name, value):
        """Milestones running in the month of the date."""
        return queryset.active_in(value)
