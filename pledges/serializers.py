"""Serializers of the read API over pledges: approved cards only, no staff account ever."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plans.serializers import TaskRefSerializer, UnitRefSerializer
from pledges.models import (
    CardEntry,
    CardEvent,
    CardOutcome,
    EvidenceFile,
    ParticipationCount,
    Pledge,
    PledgeAdjustment,
    PledgeCard,
    PledgeOfficial,
    PledgeStatus,
    PledgeStatusChange,
    PledgeTextKind,
    TargetDecision,
    Term,
)
from portal.api import PublicModelSerializer


class TermSerializer(PublicModelSerializer):
    """A mayor's term of office."""

    class Meta:
        model = Term
        fields = ["id", "name", "start", "end"]


class OfficialSerializer(PublicModelSerializer):
    """A person answerable for the pledge, as the card lists them."""

    class Meta:
        model = PledgeOfficial
        fields = ["role", "name", "phone"]


class StatusChangeSerializer(PublicModelSerializer):
    """One change of the pledge's status: when, from what, to what and why (never who)."""

    class Meta:
        model = PledgeStatusChange
        fields = ["changed_on", "previous_status", "status", "reason"]


class AdjustmentSerializer(PublicModelSerializer):
    """A formal change of the pledge, the original beside the new text."""

    class Meta:
        model = PledgeAdjustment
        fields = [
            "decided_on",
            "decided_by",
            "original_title",
            "adjusted_title",
            "original_target",
            "adjusted_target",
            "reason",
        ]


class EventSerializer(PublicModelSerializer):
    """A dated event or planned step."""

    class Meta:
        model = CardEvent
        fields = ["group_heading", "title", "date", "date_text", "details"]


class OutcomeSerializer(PublicModelSerializer):
    """A measured result."""

    class Meta:
        model = CardOutcome
        fields = ["name", "value", "unit"]


class EvidenceSerializer(PublicModelSerializer):
    """An evidence attachment: its name and, where the file exists, its public download address."""

    url = serializers.SerializerMethodField(help_text="내려받기 주소(파일이 없으면 null)")

    class Meta:
        model = EvidenceFile
        fields = ["label", "url"]

    def get_url(self, evidence) -> str | None:
        """The public download view of the file, when there is one."""
        return reverse("pledges:evidence", kwargs={"pk": evidence.pk}) if evidence.file else None


class EntrySerializer(PublicModelSerializer):
    """Results or plans of one reporting period."""

    events = EventSerializer(many=True, help_text="추진 내역")
    outcomes = OutcomeSerializer(many=True, help_text="성과 수치")
    evidence = EvidenceSerializer(many=True, help_text="증빙 자료")

    class Meta:
        model = CardEntry
        fields = ["kind", "label", "period_start", "period_end", "events", "outcomes", "evidence"]


class ParticipationSerializer(PublicModelSerializer):
    """Citizen participation in one category (null: blank on the card)."""

    category_label = serializers.CharField(source="get_category_display", help_text="구분 표시 이름")

    class Meta:
        model = ParticipationCount
        fields = ["category", "category_label", "count"]


class PeriodSerializer(PublicModelSerializer):
    """An approved half-year card (공약관리카드) of the pledge."""

    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")
    entries = EntrySerializer(many=True, help_text="추진실적 및 향후 추진계획")
    participation = ParticipationSerializer(many=True, help_text="시민참여 실적")

    class Meta:
        model = PledgeCard
        fields = [
            "label",
            "period_start",
            "period_end",
            "reviewed_at",
            "problems",
            "measures",
            "participation_note",
            "entries",
            "participation",
        ]


class CardSerializer(PeriodSerializer):
    """One approved half-year card with everything it says: `/api/v1/pledge-cards/{id}/`."""

    pledge = serializers.PrimaryKeyRelatedField(read_only=True, help_text="공약 id")

    class Meta(PeriodSerializer.Meta):
        fields = ["id", "pledge", *PeriodSerializer.Meta.fields]


class CardLinkSerializer(serializers.Serializer):
    """An approved card named in a list: its period and the address of its contents."""

    id = serializers.IntegerField(help_text="카드 id")
    label = serializers.CharField(help_text="보고 기간")
    period_start = serializers.DateField(help_text="기간 시작(월)")
    period_end = serializers.DateField(help_text="기간 끝(월)")
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")
    url = serializers.CharField(help_text="카드 내용 API 주소")


class CardRowSerializer(CardLinkSerializer):
    """An approved card of the card list, read from `values()` rows."""

    pledge = serializers.IntegerField(help_text="공약 id")


class PledgeRowSerializer(serializers.Serializer):
    """A pledge of the list, read from `values()` rows; its approved cards are links to their contents."""

    id = serializers.IntegerField(help_text="id")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    term = TermSerializer(help_text="임기")
    code = serializers.CharField(help_text="공약 번호")
    category_codes = serializers.ListField(
        child=serializers.CharField(), help_text="분류 번호(공약 번호의 앞부분, 바깥쪽부터)"
    )
    title = serializers.CharField(help_text="공약명")
    target = serializers.CharField(help_text="목표")
    lead_unit = UnitRefSerializer(help_text="소관부서")
    status = serializers.ChoiceField(choices=PledgeStatus.choices, help_text="이행 상태")
    status_label = serializers.CharField(help_text="이행 상태 표시 이름")
    status_changed_on = serializers.DateField(allow_null=True, help_text="상태 변경일")
    succeeds = serializers.IntegerField(allow_null=True, help_text="이전 임기에 이 공약이 이어받은 공약 id")
    succeeded_by = serializers.ListField(
        child=serializers.IntegerField(), help_text="다음 임기에 이 공약을 이어받은 공약 id"
    )
    periods = CardLinkSerializer(many=True, help_text="승인된 공약관리카드, 기간 순: 내용은 각 주소에서")
    url = serializers.CharField(help_text="공개 페이지 주소")


class PledgeRefSerializer(PublicModelSerializer):
    """A pledge named inside another one (its predecessor or successor across terms)."""

    municipality = serializers.CharField(source="term.municipality.slug", help_text="지방자치단체 주소 이름")
    term = serializers.CharField(source="term.name", help_text="임기")
    url = serializers.CharField(source="get_absolute_url", help_text="공개 페이지 주소")

    class Meta:
        model = Pledge
        fields = ["id", "municipality", "term", "code", "title", "url"]


class PledgeSerializer(PublicModelSerializer):
    """A pledge with its status history and its approved periods, as its public page shows it."""

    municipality = serializers.CharField(source="term.municipality.slug", help_text="지방자치단체 주소 이름")
    term = TermSerializer(help_text="임기")
    lead_unit = UnitRefSerializer(help_text="소관부서")
    status_label = serializers.CharField(source="get_status_display", help_text="이행 상태 표시 이름")
    category_codes = serializers.ListField(
        child=serializers.CharField(), help_text="분류 번호(공약 번호의 앞부분, 바깥쪽부터)"
    )
    officials = OfficialSerializer(many=True, help_text="담당자")
    status_history = StatusChangeSerializer(
        source="status_changes", many=True, help_text="이행 상태 변경 이력, 최근부터"
    )
    adjustments = AdjustmentSerializer(many=True, help_text="공약 조정")
    succeeds = PledgeRefSerializer(allow_null=True, help_text="이전 임기에 이 공약이 이어받은 공약")
    succeeded_by = PledgeRefSerializer(source="successors", many=True, help_text="다음 임기에 이 공약을 이어받은 공약")
    periods = PeriodSerializer(source="approved_cards", many=True, help_text="승인된 공약관리카드, 기간 순")
    tasks = serializers.SerializerMethodField(help_text="연계된 공개 업무계획 과제")
    url = serializers.CharField(source="get_absolute_url", help_text="공개 페이지 주소")

    class Meta:
        model = Pledge
        fields = [
            "id",
            "municipality",
            "term",
            "code",
            "category_codes",
            "title",
            "target",
            "lead_unit",
            "status",
            "status_label",
            "status_changed_on",
            "officials",
            "status_history",
            "adjustments",
            "succeeds",
            "succeeded_by",
            "periods",
            "tasks",
            "url",
        ]

    @extend_schema_field(TaskRefSerializer(many=True))
    def get_tasks(self, pledge):
        """The linked tasks of published plans only (the prefetch joins their plan)."""
        tasks = [task for task in pledge.tasks.all() if task.strategy.plan.is_published]
        return TaskRefSerializer(tasks, many=True).data


class PledgeTextRowSerializer(serializers.Serializer):
    """An approved text of a pledge (선거공보·공약서, 실천계획, 현재 추진 내용), read from `values()` rows."""

    id = serializers.IntegerField(help_text="id")
    pledge = serializers.IntegerField(help_text="공약 id")
    pledge_code = serializers.CharField(help_text="공약 번호")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    term = serializers.IntegerField(help_text="임기 id")
    kind = serializers.ChoiceField(choices=PledgeTextKind.choices, help_text="구분")
    kind_label = serializers.CharField(help_text="구분 표시 이름")
    source = serializers.CharField(help_text="출처")
    goal = serializers.CharField(help_text="목표")
    content = serializers.CharField(help_text="주요 내용")
    period_start = serializers.DateField(allow_null=True, help_text="기간 시작(월)")
    period_end = serializers.DateField(allow_null=True, help_text="기간 끝(월)")
    period_text = serializers.CharField(help_text="기간 원문")
    total_cost = serializers.IntegerField(allow_null=True, help_text="총사업비(원), 모르면 null")
    national_funds = serializers.IntegerField(allow_null=True, help_text="국비(원)")
    provincial_funds = serializers.IntegerField(allow_null=True, help_text="도비(원)")
    city_funds = serializers.IntegerField(allow_null=True, help_text="시비(원)")
    other_funds = serializers.IntegerField(allow_null=True, help_text="기타·민자(원)")
    funding_note = serializers.CharField(help_text="재원 비고")
    lead_unit = UnitRefSerializer(allow_null=True, help_text="주관부서")
    cooperating_units = UnitRefSerializer(many=True, help_text="협조부서, 이름 순")
    yearly_plan = serializers.CharField(help_text="연차별 추진계획")
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")
    corrected_at = serializers.DateTimeField(allow_null=True, help_text="정정일시(정정된 적이 없으면 null)")


class YearlyTargetRowSerializer(serializers.Serializer):
    """A yearly target (연차별 목표) the year-end review has decided, read from `values()` rows."""

    id = serializers.IntegerField(help_text="id")
    pledge = serializers.IntegerField(help_text="공약 id")
    pledge_code = serializers.CharField(help_text="공약 번호")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    term = serializers.IntegerField(help_text="임기 id")
    year = serializers.IntegerField(help_text="연도")
    target = serializers.CharField(help_text="목표")
    target_value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, help_text="목표치")
    target_unit = serializers.CharField(help_text="단위")
    plan = serializers.CharField(help_text="추진계획")
    decision = serializers.ChoiceField(choices=TargetDecision.choices, help_text="달성 여부")
    decision_label = serializers.CharField(help_text="달성 여부 표시 이름")
    evidence = serializers.CharField(help_text="판정 근거")
    decided_on = serializers.DateField(help_text="판정일")
