"""Serializers of the read API over indicators (targets, measurements, achievement) and milestones."""

from rest_framework import serializers

from kpis.models import EvaluationMilestone, Indicator, Measurement, Target, ValuePeriod
from plans.serializers import UnitRefSerializer
from portal.api import PublicModelSerializer

PERIOD_FIELDS = ["period", "year", "sub", "date", "label", "value", "text"]


class TargetSerializer(PublicModelSerializer):
    """The target of one period."""

    class Meta:
        model = Target
        fields = PERIOD_FIELDS


class MeasurementSerializer(PublicModelSerializer):
    """The actual value of one period (who entered it is never shown)."""

    class Meta:
        model = Measurement
        fields = [*PERIOD_FIELDS, "note"]


class SeriesRowSerializer(serializers.Serializer):
    """Target and actual of one period side by side, with the achievement rate where both exist."""

    label = serializers.CharField(help_text="기간 표시")
    target = serializers.DecimalField(
        source="target.value", max_digits=18, decimal_places=2, allow_null=True, default=None, help_text="목표값"
    )
    actual = serializers.DecimalField(
        source="measurement.value", max_digits=18, decimal_places=2, allow_null=True, default=None, help_text="실적값"
    )
    achievement_rate = serializers.DecimalField(
        source="rate", max_digits=8, decimal_places=1, allow_null=True, help_text="달성률(%): 실적 ÷ 목표"
    )


class IndicatorSerializer(PublicModelSerializer):
    """A performance indicator with its targets, measurements and achievement by period."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="지방자치단체 주소 이름")
    responsible_unit = UnitRefSerializer(help_text="담당 조직")
    direction_label = serializers.CharField(source="get_direction_display", help_text="방향 표시 이름")
    kind_label = serializers.CharField(source="get_kind_display", help_text="종류 표시 이름")
    plan = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="업무계획 id")
    strategy = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="추진전략 id")
    task = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="과제 id")
    pledge = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="공약 id")
    targets = TargetSerializer(many=True, help_text="기간별 목표")
    measurements = MeasurementSerializer(many=True, help_text="기간별 실적")
    series = SeriesRowSerializer(many=True, help_text="기간별 목표·실적·달성률")
    url = serializers.CharField(source="get_absolute_url", help_text="공개 페이지 주소")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "municipality",
            "source_document",
            "group",
            "name",
            "unit",
            "direction",
            "direction_label",
            "kind",
            "kind_label",
            "plan",
            "strategy",
            "task",
            "pledge",
            "responsible_unit",
            "subtotal",
            "subtotal_text",
            "targets",
            "measurements",
            "series",
            "url",
        ]


class PeriodValueRowSerializer(serializers.Serializer):
    """A target or an actual of one period in the list, read from `values()` rows: the fields of the detail."""

    period = serializers.ChoiceField(choices=ValuePeriod.choices, help_text="기간 종류")
    year = serializers.IntegerField(allow_null=True, help_text="연도")
    sub = serializers.IntegerField(allow_null=True, help_text="반기·분기·월")
    date = serializers.DateField(allow_null=True, help_text="기준일")
    label = serializers.CharField(help_text="기간 표시")
    value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, help_text="값")
    text = serializers.CharField(help_text="값 원문")


class MeasurementRowSerializer(PeriodValueRowSerializer):
    """An actual of one period in the list, with its public note."""

    note = serializers.CharField(help_text="비고")


class SeriesValuesSerializer(serializers.Serializer):
    """Target and actual of one period in the list: the detail's series row."""

    label = serializers.CharField(help_text="기간 표시")
    target = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, help_text="목표값")
    actual = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, help_text="실적값")
    achievement_rate = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True, help_text="달성률(%): 실적 ÷ 목표"
    )


class IndicatorRowSerializer(serializers.Serializer):
    """An indicator in the list, read from `values()` rows: the same fields as its detail."""

    id = serializers.IntegerField(help_text="id")
    key = serializers.CharField(help_text="식별자")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    source_document = serializers.CharField(help_text="출처 문서")
    group = serializers.CharField(help_text="구분")
    name = serializers.CharField(help_text="지표명")
    unit = serializers.CharField(help_text="단위")
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices, help_text="방향")
    direction_label = serializers.CharField(help_text="방향 표시 이름")
    kind = serializers.ChoiceField(choices=Indicator.Kind.choices, help_text="종류")
    kind_label = serializers.CharField(help_text="종류 표시 이름")
    plan = serializers.IntegerField(allow_null=True, help_text="업무계획 id")
    strategy = serializers.IntegerField(allow_null=True, help_text="추진전략 id")
    task = serializers.IntegerField(allow_null=True, help_text="과제 id")
    pledge = serializers.IntegerField(allow_null=True, help_text="공약 id")
    responsible_unit = UnitRefSerializer(help_text="담당 조직")
    subtotal = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, help_text="소계")
    subtotal_text = serializers.CharField(help_text="소계 원문")
    targets = PeriodValueRowSerializer(many=True, help_text="기간별 목표")
    measurements = MeasurementRowSerializer(many=True, help_text="기간별 실적")
    series = SeriesValuesSerializer(many=True, help_text="기간별 목표·실적·달성률")
    url = serializers.CharField(help_text="공개 페이지 주소")


class MilestoneSerializer(PublicModelSerializer):
    """A step of the evaluation calendar."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="지방자치단체 주소 이름")
    plan = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="업무계획 id")
    track_label = serializers.CharField(source="get_track_display", help_text="구분 표시 이름")
    months_label = serializers.CharField(help_text="진행 기간 표시")
    responsible_unit = UnitRefSerializer(help_text="담당 조직")

    class Meta:
        model = EvaluationMilestone
        fields = [
            "id",
            "municipality",
            "plan",
            "year",
            "track",
            "track_label",
            "title",
            "start",
            "end",
            "recurrence",
            "months_label",
            "responsible_unit",
            "note",
        ]


class MilestoneRowSerializer(serializers.Serializer):
    """A step of the evaluation calendar in the list, read from `values()` rows: the same fields as its detail."""

    id = serializers.IntegerField(help_text="id")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    plan = serializers.IntegerField(allow_null=True, help_text="업무계획 id")
    year = serializers.IntegerField(help_text="연도")
    track = serializers.ChoiceField(choices=EvaluationMilestone.Track.choices, help_text="구분")
    track_label = serializers.CharField(help_text="구분 표시 이름")
    title = serializers.CharField(help_text="일정")
    start = serializers.DateField(help_text="시작(월)")
    end = serializers.DateField(help_text="끝(월)")
    recurrence = serializers.CharField(help_text="반복(monthly, yearly; 빈 값은 한 번)")
    months_label = serializers.CharField(help_text="진행 기간 표시")
    responsible_unit = UnitRefSerializer(help_text="담당 조직")
    note = serializers.CharField(help_text="비고")
