"""Serializers of the read API: exactly the fields the public pages show, described in Korean."""

from rest_framework import serializers

from plans.models import (
    ActionItem,
    ApprovalStep,
    Facility,
    FacilityStaff,
    Headcount,
    HeadlineTarget,
    Municipality,
    OrgUnit,
    Plan,
    PlanSection,
    ProgressReport,
    Strategy,
    Task,
    TaskObjective,
)
from portal.api import PublicModelSerializer, choice_label


class MunicipalitySerializer(PublicModelSerializer):
    """A municipality the portal covers."""

    class Meta:
        model = Municipality
        fields = ["id", "slug", "name", "name_en"]


class UnitRefSerializer(PublicModelSerializer):
    """A unit named inside another resource: its id and name."""

    class Meta:
        model = OrgUnit
        fields = ["id", "name"]


class HeadcountSerializer(PublicModelSerializer):
    """정원·현원 on a date."""

    class Meta:
        model = Headcount
        fields = ["as_of", "authorized", "current"]


class OrgUnitSerializer(PublicModelSerializer):
    """A unit of the organisation with its head and its latest headcount."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="지방자치단체 주소 이름")
    kind_label = serializers.CharField(source="get_kind_display", help_text="구분 표시 이름")
    headcount = HeadcountSerializer(source="latest_headcount", allow_null=True, help_text="가장 최근 정원·현원")

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "municipality",
            "parent",
            "name",
            "name_en",
            "kind",
            "kind_label",
            "head_title",
            "head_name",
            "is_coordinating",
            "order",
            "headcount",
        ]


class PlanRefSerializer(PublicModelSerializer):
    """A plan named inside another resource."""

    class Meta:
        model = Plan
        fields = ["id", "slug", "title"]


class HeadlineTargetSerializer(PublicModelSerializer):
    """A headline target of a plan."""

    class Meta:
        model = HeadlineTarget
        fields = ["text", "value", "unit", "year"]


class ApprovalStepSerializer(PublicModelSerializer):
    """A signature of the plan's approval chain."""

    class Meta:
        model = ApprovalStep
        fields = ["kind", "title", "name", "signed"]


class PlanSectionSerializer(PublicModelSerializer):
    """A narrative section of the plan document."""

    class Meta:
        model = PlanSection
        fields = ["title", "body"]


class FacilityStaffSerializer(PublicModelSerializer):
    """One part of a facility's staff."""

    class Meta:
        model = FacilityStaff
        fields = ["label", "count", "note"]


class FacilitySerializer(PublicModelSerializer):
    """A facility the plan describes, with its figures as the document gives them."""

    unit = UnitRefSerializer(help_text="운영 부서")
    staff = FacilityStaffSerializer(many=True, help_text="근무인원 구분")

    class Meta:
        model = Facility
        fields = [
            "name",
            "unit",
            "opened_on",
            "opened_text",
            "address",
            "floors",
            "floor_area_m2",
            "gross_floor_area_m2",
            "operating_hours",
            "staff_total",
            "staff",
            "duties",
            "source",
        ]


PLAN_FIELDS = [
    "id",
    "slug",
    "municipality",
    "owner_unit",
    "title",
    "period_start",
    "period_end",
    "vision",
    "goal",
    "level1_label",
    "level2_label",
    "licence",
    "document_number",
    "approved_on",
    "disclosure",
    "disclosure_class",
    "policy_number",
    "retention",
    "producing_unit",
    "management_number",
    "classification",
    "strategy_count",
    "task_count",
    "url",
]


class PlanSerializer(PublicModelSerializer):
    """A published plan with its document data and the number of its strategies and tasks."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="지방자치단체 주소 이름")
    owner_unit = UnitRefSerializer(help_text="소관 조직")
    strategy_count = serializers.IntegerField(help_text="추진전략 수")
    task_count = serializers.IntegerField(help_text="과제 수")
    url = serializers.CharField(source="get_absolute_url", help_text="공개 페이지 주소")

    class Meta:
        model = Plan
        fields = PLAN_FIELDS


class StrategyRefSerializer(PublicModelSerializer):
    """A strategy named inside another resource."""

    class Meta:
        model = Strategy
        fields = ["id", "number", "title"]


class PlanDetailSerializer(PlanSerializer):
    """One published plan with its headline targets, approval chain, sections and strategies."""

    headline_targets = HeadlineTargetSerializer(many=True, help_text="핵심 목표")
    approval_steps = ApprovalStepSerializer(many=True, help_text="결재 단계")
    sections = PlanSectionSerializer(many=True, help_text="계획 본문")
    strategies = StrategyRefSerializer(many=True, help_text="추진전략")
    facilities = FacilitySerializer(many=True, help_text="시설현황")

    class Meta(PlanSerializer.Meta):
        fields = [*PLAN_FIELDS, "headline_targets", "approval_steps", "sections", "strategies", "facilities"]


class StrategySerializer(PublicModelSerializer):
    """A strategy (first level) of a published plan."""

    plan = PlanRefSerializer(help_text="업무계획")
    municipality = serializers.CharField(source="plan.municipality.slug", help_text="지방자치단체 주소 이름")

    class Meta:
        model = Strategy
        fields = ["id", "municipality", "plan", "number", "title", "background", "main_projects"]


class LatestReportSerializer(serializers.Serializer):
    """The task's latest approved quarterly report, from the list annotations; null when there is none."""

    year = serializers.IntegerField(source="latest_year", help_text="연도")
    quarter = serializers.IntegerField(source="latest_quarter", help_text="분기")
    status = serializers.ChoiceField(
        source="latest_status", choices=ProgressReport.Status.choices, help_text="추진상태"
    )
    status_label = serializers.SerializerMethodField(help_text="추진상태 표시 이름")
    progress = serializers.IntegerField(source="latest_progress", help_text="추진률(%)")
    reviewed_at = serializers.DateTimeField(source="latest_reviewed_at", allow_null=True, help_text="승인일시")

    def get_status_label(self, task) -> str:
        """The display label of the latest status."""
        return choice_label(ProgressReport.Status, task.latest_status)

    def to_representation(self, instance):
        """Null for a task without an approved report."""
        if instance.latest_status is None:
            return None
        return super().to_representation(instance)


TASK_FIELDS = [
    "id",
    "municipality",
    "plan",
    "strategy",
    "code",
    "order",
    "title",
    "type",
    "type_label",
    "lead_unit",
    "period_start",
    "period_end",
    "period_text",
    "latest_report",
    "url",
]


class TaskSerializer(PublicModelSerializer):
    """A task of a published plan with its latest approved progress."""

    municipality = serializers.CharField(source="strategy.plan.municipality.slug", help_text="지방자치단체 주소 이름")
    plan = PlanRefSerializer(source="strategy.plan", help_text="업무계획")
    strategy = StrategyRefSerializer(help_text="추진전략")
    type_label = serializers.CharField(source="get_type_display", help_text="유형 표시 이름")
    lead_unit = UnitRefSerializer(help_text="주관 부서")
    latest_report = LatestReportSerializer(source="*", allow_null=True, help_text="최근 승인된 분기 실적(없으면 null)")
    url = serializers.CharField(source="get_absolute_url", help_text="공개 페이지 주소")

    class Meta:
        model = Task
        fields = TASK_FIELDS


class LatestReportRowSerializer(serializers.Serializer):
    """The latest approved quarterly report of a task in the list, from its annotations."""

    year = serializers.IntegerField(help_text="연도")
    quarter = serializers.IntegerField(help_text="분기")
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices, help_text="추진상태")
    status_label = serializers.CharField(help_text="추진상태 표시 이름")
    progress = serializers.IntegerField(help_text="추진률(%)")
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")


class TaskRowSerializer(serializers.Serializer):
    """A task of the list, read from `values()` rows: the same fields as `TaskSerializer`."""

    id = serializers.IntegerField(help_text="id")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    plan = PlanRefSerializer(help_text="업무계획")
    strategy = StrategyRefSerializer(help_text="추진전략")
    code = serializers.CharField(help_text="과제 번호")
    order = serializers.IntegerField(help_text="순서")
    title = serializers.CharField(help_text="과제명")
    type = serializers.ChoiceField(choices=[("", ""), *Task.Type.choices], help_text="유형")
    type_label = serializers.CharField(help_text="유형 표시 이름")
    lead_unit = UnitRefSerializer(help_text="주관 부서")
    period_start = serializers.DateField(allow_null=True, help_text="사업기간 시작(월)")
    period_end = serializers.DateField(allow_null=True, help_text="사업기간 끝(월)")
    period_text = serializers.CharField(help_text="사업기간 원문")
    latest_report = LatestReportRowSerializer(allow_null=True, help_text="최근 승인된 분기 실적(없으면 null)")
    url = serializers.CharField(help_text="공개 페이지 주소")


class TaskObjectiveSerializer(PublicModelSerializer):
    """An objective of a task."""

    class Meta:
        model = TaskObjective
        fields = ["text", "half"]


class ActionItemSerializer(PublicModelSerializer):
    """A block of a task's action plan."""

    class Meta:
        model = ActionItem
        fields = ["title", "detail", "schedule"]


class ReportSerializer(PublicModelSerializer):
    """An approved quarterly report as the task page shows it."""

    status_label = serializers.CharField(source="get_status_display", help_text="추진상태 표시 이름")
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "year",
            "quarter",
            "status",
            "status_label",
            "progress",
            "narrative",
            "problems",
            "next_steps",
            "reviewed_at",
        ]


class TaskDetailSerializer(TaskSerializer):
    """One task with its content, objectives, action items, co-owning units and approved reports."""

    co_units = UnitRefSerializer(many=True, help_text="협업 부서·기관")
    objectives = TaskObjectiveSerializer(many=True, help_text="추진목표")
    action_items = ActionItemSerializer(many=True, help_text="추진계획")
    reports = ReportSerializer(source="approved_reports", many=True, help_text="승인된 분기별 추진실적, 최근 분기부터")

    class Meta(TaskSerializer.Meta):
        fields = [
            *TASK_FIELDS,
            "content",
            "expected_effects",
            "co_units",
            "objectives",
            "action_items",
            "reports",
        ]


class TaskRefSerializer(PublicModelSerializer):
    """A task named inside another resource."""

    plan = serializers.CharField(source="strategy.plan.slug", help_text="업무계획 주소 이름")

    class Meta:
        model = Task
        fields = ["id", "plan", "code", "title"]


class ProgressReportSerializer(ReportSerializer):
    """An approved quarterly report of a task in a published plan."""

    task = TaskRefSerializer(help_text="과제")
    municipality = serializers.CharField(
        source="task.strategy.plan.municipality.slug", help_text="지방자치단체 주소 이름"
    )

    class Meta(ReportSerializer.Meta):
        fields = ["id", "municipality", "task", *ReportSerializer.Meta.fields[1:]]
