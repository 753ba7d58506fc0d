"""Filters of the read API over budget lines and their roll-ups."""

from django.db.models import Q
from django_filters import rest_framework as filters

from budgets.models import BudgetLine
from plans.filters import UnitTreeFilter, YearFilter, municipality_filter

ROLLUP_GROUPINGS = [
    ("source", "재원별"),
    ("unit", "조직별"),
    ("year", "기간별"),
    ("task", "과제별"),
    ("strategy", "추진전략별"),
    ("plan", "업무계획별"),
]


class BudgetLineFilter(filters.FilterSet):
    """Budget lines: municipality, unit with sub-units, year, phase, level, account, funding source, links, text."""

    municipality = municipality_filter("municipality")
    unit = UnitTreeFilter("unit", label="소관 조직 id: 이 조직과 그 하위 조직의 금액")
    year = YearFilter(field_name="year", label="회계연도")
    phase = filters.ChoiceFilter(choices=BudgetLine.Phase.choices, label="기간 구분")
    level = filters.ChoiceFilter(choices=BudgetLine.Level.choices, label="수준(명시 총액 또는 세부 사업)")
    account = filters.ChoiceFilter(choices=BudgetLine.Account.choices, label="회계")
    source = filters.CharFilter(field_name="source", label="재원(국비, 도비, 시비, 기타, 민자 …)", max_length=50)
    document = filters.CharFilter(field_name="source_document", label="출처 문서 번호", max_length=20)
    plan = filters.NumberFilter(field_name="plan_id", label="업무계획 id", min_value=1)
    task = filters.NumberFilter(field_name="task_id", label="과제 id", min_value=1)
    pledge = filters.NumberFilter(field_name="pledge_id", label="공약 id", min_value=1)
    q = filters.CharFilter(method="filter_search", label="사업명·단위사업 검색어", max_length=100)

    class Meta:
        model = BudgetLine
        fields = [
            "municipality",
            "unit",
            "year",
            "phase",
            "level",
            "account",
            "source",
            "document",
            "plan",
            "task",
            "pledge",
            "q",
        ]

    def filter_search(self, queryset, name, value):
        """Lines whose name or unit project (단위사업) contains the words."""
        return queryset.filter(Q(name__icontains=value) | Q(group__icontains=value))


class RollupFilter(BudgetLineFilter):
    """The lines a roll-up adds up, and the grouping it adds them up by."""

    by = filters.ChoiceFilter(
        choices=ROLLUP_GROUPINGS, required=True, method="filter_nothing", label="합계를 낼 기준(필수)"
    )

    class Meta(BudgetLineFilter.Meta):
        fields = ["by", *BudgetLineFilter.Meta.fields]

    def filter_nothing(self, queryset, name, value):
        """The grouping is read by the view; it narrows no rows."""
        return queryset
