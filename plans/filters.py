"""Filters of the read API over the organisation, plans, tasks and progress reports."""

from django import forms
from django.db.models import Q
from django_filters import rest_framework as filters

from plans.models import OrgUnit, Plan, ProgressReport, Strategy, Task
from plans.models.plans import TaskQuerySet
from portal.search import SEARCH_MAX_LENGTH


class UnitTreeFilter(filters.ModelChoiceFilter):
    """Rows of a unit and of every unit below it, by the unit's id."""

    def __init__(self, field_name, **kwargs):
        """`field_name` names the foreign key to the unit."""
        kwargs.setdefault("label", "조직 id: 이 조직과 그 하위 조직의 항목")
        super().__init__(field_name=field_name, queryset=OrgUnit.objects.all(), **kwargs)

    def filter(self, qs, value):
        """Narrow to the subtree of `value` (two queries however deep the tree)."""
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": OrgUnit.objects.subtree_ids(value)})


def municipality_filter(field_name):
    """The municipality filter every resource has: its `slug` (namyangju, goyang, seoul)."""
    return filters.CharFilter(field_name=f"{field_name}__slug", label="지방자치단체 주소 이름(slug)", max_length=50)


def search_filter(method):
    """A text search filter: words found anywhere, also inside longer Korean words."""
    return filters.CharFilter(method=method, label="검색어(부분 일치)", max_length=SEARCH_MAX_LENGTH)


class YearFilter(filters.NumberFilter):
    """A calendar or fiscal year between 1990 and 2100."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        """Years are whole numbers in a plausible range; anything else is a 400."""
        kwargs.setdefault("label", "연도")
        super().__init__(min_value=1990, max_value=2100, **kwargs)


class OrgUnitFilter(filters.FilterSet):
    """Units: by municipality, kind, parent, subtree and name."""

    municipality = municipality_filter("municipality")
    unit = UnitTreeFilter("id")
    parent = filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), label="상위 조직 id")
    kind = filters.ChoiceFilter(choices=OrgUnit.Kind.choices, label="구분")
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="조직명 검색어", max_length=100)

    class Meta:
        model = OrgUnit
        fields = ["municipality", "unit", "parent", "kind", "q"]


class PlanFilter(filters.FilterSet):
    """Published plans: by municipality, owning unit (with sub-units), a year of their period and text."""

    municipality = municipality_filter("municipality")
    unit = UnitTreeFilter("owner_unit")
    year = YearFilter(method="filter_year", label="계획 기간에 드는 연도")
    q = search_filter("filter_search")

    class Meta:
        model = Plan
        fields = ["municipality", "unit", "year", "q"]

    def filter_year(self, queryset, name, value):
        """Plans whose period includes the year."""
        return queryset.filter(period_start__year__lte=value, period_end__year__gte=value)

    def filter_search(self, queryset, name, value):
        """Plans whose title, vision or goal contain the words."""
        return queryset.search(value)


class StrategyFilter(filters.FilterSet):
    """Strategies of published plans: by municipality, plan and text."""

    municipality = municipality_filter("plan__municipality")
    plan = filters.CharFilter(field_name="plan__slug", label="업무계획 주소 이름(slug)", max_length=100)
    q = filters.CharFilter(field_name="title", lookup_expr="icontains", label="제목 검색어", max_length=100)

    class Meta:
        model = Strategy
        fields = ["municipality", "plan", "q"]


class TaskFilter(filters.FilterSet):
    """Tasks of published plans: municipality, plan, lead unit with sub-units, year, status, code prefix, text."""

    municipality = municipality_filter("strategy__plan__municipality")
    plan = filters.CharFilter(field_name="strategy__plan__slug", label="업무계획 주소 이름(slug)", max_length=100)
    strategy = filters.NumberFilter(field_name="strategy_id", label="추진전략 id", min_value=1)
    unit = UnitTreeFilter("lead_unit", label="주관 부서 id: 이 부서와 그 하위 조직이 주관하는 과제")
    year = YearFilter(method="filter_year", label="계획 기간에 드는 연도")
    type = filters.ChoiceFilter(choices=Task.Type.choices, label="유형")
    status = filters.ChoiceFilter(
        choices=[*ProgressReport.Status.choices, (TaskQuerySet.NO_REPORT, "승인된 실적 없음")],
        method="filter_status",
        label="최근 승인 실적의 추진상태(none: 승인된 실적 없음)",
    )
    code = filters.CharFilter(method="filter_code", label="과제 번호 또는 그 앞부분(예: 1 → 1-1, 1-2 …)", max_length=20)
    q = search_filter("filter_search")

    class Meta:
        model = Task
        fields = ["municipality", "plan", "strategy", "unit", "year", "type", "status", "code", "q"]

    def filter_year(self, queryset, name, value):
        """Tasks of plans whose period includes the year."""
        return queryset.filter(
            strategy__plan__period_start__year__lte=value, strategy__plan__period_end__year__gte=value
        )

    def filter_status(self, queryset, name, value):
        """Tasks whose latest approved report has this status."""
        return queryset.with_latest_status(value)

    def filter_code(self, queryset, name, value):
        """Tasks whose code is the value or starts with it and a hyphen."""
        return queryset.filter(Q(code=value) | Q(code__startswith=f"{value}-"))

    def filter_search(self, queryset, name, value):
        """Tasks whose title, content, objectives or action items contain the words."""
        return queryset.search(value)


class ProgressReportFilter(filters.FilterSet):
    """Approved reports: by municipality, plan, task, lead unit with sub-units, year, quarter and status."""

    municipality = municipality_filter("task__strategy__plan__municipality")
    plan = filters.CharFilter(field_name="task__strategy__plan__slug", label="업무계획 주소 이름(slug)", max_length=100)
    task = filters.NumberFilter(field_name="task_id", label="과제 id", min_value=1)
    unit = UnitTreeFilter("task__lead_unit", label="주관 부서 id: 이 부서와 그 하위 조직의 과제 실적")
    year = YearFilter(field_name="year")
    quarter = filters.ChoiceFilter(choices=[(q, f"{q}분기") for q in range(1, 5)], label="분기")
    status = filters.ChoiceFilter(choices=ProgressReport.Status.choices, label="추진상태")
    q = filters.CharFilter(method="filter_search", label="검색어(부분 일치)", max_length=SEARCH_MAX_LENGTH)

    class Meta:
        model = ProgressReport
        fields = ["municipality", "plan", "task", "unit", "year", "quarter", "status", "q"]

    def filter_search(self, queryset, name, value):
        """Reports whose narrative, problems or next steps contain the words."""
        return queryset.filter(
            Q(narrative__icontains=value) | Q(problems__icontains=value) | Q(next_steps__icontains=value)
        )
