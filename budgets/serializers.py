"""Serializers of the read API over budget lines: amounts as integers of 원 with their display unit."""

from rest_framework import serializers

from budgets.models import BudgetLine, DisplayUnit
from plans.serializers import UnitRefSerializer
from portal.api import PublicModelSerializer


class BudgetLineSerializer(PublicModelSerializer):
    """One figure of a budget table; unknown amounts are null (never 0) and keep their original word."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="지방자치단체 주소 이름")
    unit = UnitRefSerializer(allow_null=True, help_text="소관 조직(null: 시 전체 금액)")
    level_label = serializers.CharField(source="get_level_display", help_text="수준 표시 이름")
    phase_label = serializers.CharField(source="get_phase_display", help_text="기간 구분 표시 이름")
    execution_rate = serializers.FloatField(allow_null=True, help_text="집행률(%): 예산액과 집행액이 모두 있을 때만")

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "municipality",
            "unit",
            "plan",
            "task",
            "pledge",
            "source_document",
            "seq",
            "table",
            "level",
            "level_label",
            "group",
            "name",
            "account",
            "source",
            "sector",
            "phase",
            "phase_label",
            "year",
            "period_label",
            "planned",
            "planned_text",
            "secured",
            "secured_text",
            "executed",
            "executed_text",
            "display_unit",
            "execution_rate",
            "is_part",
            "note",
        ]


class RollupRowSerializer(serializers.Serializer):
    """Sums of the item lines of one group; a sum covers known amounts only, `*_unknown` counts the rest."""

    key = serializers.CharField(help_text="묶음 식별값(재원명, 조직 id, '기간 구분:연도', 과제·추진전략·계획 id)")
    label = serializers.CharField(help_text="묶음 이름")
    lines = serializers.IntegerField(help_text="더한 세부 사업 금액 줄 수")
    part_lines = serializers.IntegerField(
        help_text="그중 과제 예산의 일부로만 알려진 줄 수 (0이 아니면 과제별 합계는 과제 총액이 아님)"
    )
    planned_sum = serializers.IntegerField(allow_null=True, help_text="예산액 합계(원, 알려진 금액만)")
    planned_unknown = serializers.IntegerField(help_text="예산액 미확정 줄 수")
    secured_sum = serializers.IntegerField(allow_null=True, help_text="확보액 합계(원, 알려진 금액만)")
    secured_unknown = serializers.IntegerField(help_text="확보액 미확정 줄 수")
    executed_sum = serializers.IntegerField(allow_null=True, help_text="집행액 합계(원, 알려진 금액만)")
    executed_unknown = serializers.IntegerField(help_text="집행액 미확정 줄 수")
    display_unit = serializers.ChoiceField(choices=DisplayUnit.choices, help_text="이 금액들을 보일 때 쓰는 단위")


class BudgetLineRowSerializer(serializers.Serializer):
    """A budget line of the list, read from `values()` rows: the same fields as one line's detail."""

    id = serializers.IntegerField(help_text="id")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    unit = UnitRefSerializer(allow_null=True, help_text="소관 조직(null: 시 전체 금액)")
    plan = serializers.IntegerField(allow_null=True, help_text="업무계획 id")
    task = serializers.IntegerField(allow_null=True, help_text="과제 id")
    pledge = serializers.IntegerField(allow_null=True, help_text="공약 id")
    source_document = serializers.CharField(help_text="출처 문서")
    seq = serializers.IntegerField(help_text="문서 내 순서")
    table = serializers.CharField(help_text="문서에서 이 금액이 실린 표")
    level = serializers.ChoiceField(choices=BudgetLine.Level.choices, help_text="수준")
    level_label = serializers.CharField(help_text="수준 표시 이름")
    group = serializers.CharField(help_text="단위사업")
    name = serializers.CharField(help_text="사업명")
    account = serializers.CharField(help_text="회계")
    source = serializers.CharField(help_text="재원")
    sector = serializers.CharField(help_text="분야")
    phase = serializers.ChoiceField(choices=BudgetLine.Phase.choices, help_text="기간 구분")
    phase_label = serializers.CharField(help_text="기간 구분 표시 이름")
    year = serializers.IntegerField(allow_null=True, help_text="회계연도")
    period_label = serializers.CharField(help_text="기간 표시")
    planned = serializers.IntegerField(allow_null=True, help_text="예산액(원)")
    planned_text = serializers.CharField(help_text="예산액 원문")
    secured = serializers.IntegerField(allow_null=True, help_text="확보액(원)")
    secured_text = serializers.CharField(help_text="확보액 원문")
    executed = serializers.IntegerField(allow_null=True, help_text="집행액(원)")
    executed_text = serializers.CharField(help_text="집행액 원문")
    display_unit = serializers.ChoiceField(choices=DisplayUnit.choices, help_text="표시 단위")
    execution_rate = serializers.FloatField(allow_null=True, help_text="집행률(%): 예산액과 집행액이 모두 있을 때만")
    is_part = serializers.BooleanField(help_text="과제 예산의 일부로만 알려진 금액인지 (과제 총액이 아님)")
    note = serializers.CharField(help_text="비고")
