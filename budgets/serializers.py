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
