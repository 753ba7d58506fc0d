"""Filters of the read API over pledges."""

from django_filters import rest_framework as filters

from plans.filters import UnitTreeFilter, YearFilter, municipality_filter
from pledges.models import (
    ChangeKind,
    ChangeReasonClass,
    CitizenPanel,
    PanelKind,
    PanelMeeting,
    Pledge,
    PledgeCard,
    PledgeChange,
    PledgeStatus,
    PledgeText,
    PledgeTextKind,
    SelfEvaluation,
    SelfGrade,
    TargetDecision,
    YearlyTarget,
)


class PledgeFilter(filters.FilterSet):
    """Pledges: by municipality, term, lead unit with sub-units, status, code prefix and title."""

    municipality = municipality_filter("term__municipality")
    term = filters.NumberFilter(field_name="term_id", label="임기 id", min_value=1)
    unit = UnitTreeFilter("lead_unit", label="소관부서 id: 이 부서와 그 하위 조직의 공약")
    status = filters.ChoiceFilter(choices=PledgeStatus.choices, label="이행 상태")
    code = filters.CharFilter(
        method="filter_code", label="공약 번호 또는 분류 번호(예: 1-2 → 1-2-1, 1-2-4 …)", max_length=20
    )
    q = filters.CharFilter(field_name="title", lookup_expr="icontains", label="공약명 검색어", max_length=100)

    class Meta:
        model = Pledge
        fields = ["municipality", "term", "unit", "status", "code", "q"]

    def filter_code(self, queryset, name, value):
        """Pledges whose code is the value or lies under it in the category tree."""
        return queryset.with_code_prefix(value)


class PledgeCardFilter(filters.FilterSet):
    """Approved cards: by pledge, municipality and the year their period starts in."""

    pledge = filters.NumberFilter(field_name="pledge_id", label="공약 id", min_value=1)
    municipality = municipality_filter("pledge__term__municipality")
    year = YearFilter(field_name="period_start__year", label="기간 시작 연도")

    class Meta:
        model = PledgeCard
        fields = ["pledge", "municipality", "year"]


class PledgeRecordFilter(filters.FilterSet):
    """What every list of a pledge's records filters by: municipality, term and pledge."""

    municipality = municipality_filter("pledge__term__municipality")
    term = filters.NumberFilter(field_name="pledge__term_id", label="임기 id", min_value=1)
    pledge = filters.NumberFilter(field_name="pledge_id", label="공약 id", min_value=1)


class PledgeTextFilter(PledgeRecordFilter):
    """Approved texts: by municipality, term, pledge and kind."""

    kind = filters.ChoiceFilter(choices=PledgeTextKind.choices, label="구분(선거공보·실천계획·현재)")

    class Meta:
        model = PledgeText
        fields = ["municipality", "term", "pledge", "kind"]


class YearlyTargetFilter(PledgeRecordFilter):
    """Decided yearly targets: by municipality, term, pledge, year and decision."""

    year = YearFilter(field_name="year", label="연도")
    decision = filters.ChoiceFilter(choices=TargetDecision.choices, label="달성 여부")

    class Meta:
        model = YearlyTarget
        fields = ["municipality", "term", "pledge", "year", "decision"]


class PledgeChangeFilter(PledgeRecordFilter):
    """Public change proposals: by municipality, term, pledge, state, kind and reason class."""

    state = filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in map(PledgeChange.State, PledgeChange.PUBLIC_STATES)],
        label="처리상태(의견 수렴·조정 확정·부결)",
    )
    kind = filters.ChoiceFilter(choices=ChangeKind.choices, label="조정 구분")
    reason_class = filters.ChoiceFilter(choices=ChangeReasonClass.choices, label="사유 분류")

    class Meta:
        model = PledgeChange
        fields = ["municipality", "term", "pledge", "state", "kind", "reason_class"]


class SelfEvaluationFilter(PledgeRecordFilter):
    """Approved self-evaluations: by municipality, term, pledge, year, quarter and grade."""

    year = YearFilter(field_name="year", label="연도")
    quarter = filters.NumberFilter(field_name="quarter", label="분기(1~4)", min_value=1, max_value=4)
    grade = filters.ChoiceFilter(choices=SelfGrade.choices, label="자체 평가 등급")

    class Meta:
        model = SelfEvaluation
        fields = ["municipality", "term", "pledge", "year", "quarter", "grade"]


class PanelMeetingFilter(filters.FilterSet):
    """Approved panel meetings: by municipality, panel, the year held and a pledge discussed."""

    municipality = municipality_filter("panel__municipality")
    panel = filters.NumberFilter(field_name="panel_id", label="평가단 id", min_value=1)
    year = YearFilter(field_name="held_on__year", label="개최 연도")
    pledge = filters.NumberFilter(field_name="pledges", label="논의한 공약 id", min_value=1, distinct=True)

    class Meta:
        model = PanelMeeting
        fields = ["municipality", "panel", "year", "pledge"]


class CitizenPanelFilter(filters.FilterSet):
    """Panels: by municipality, term and kind."""

    municipality = municipality_filter("municipality")
    term = filters.NumberFilter(field_name="term_id", label="임기 id", min_value=1)
    kind = filters.ChoiceFilter(choices=PanelKind.choices, label="구분")

    class Meta:
        model = CitizenPanel
        fields = ["municipality", "term", "kind"]
