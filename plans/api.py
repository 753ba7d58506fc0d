"""Read API over municipalities, units, plans, strategies, tasks and approved progress reports."""

from plans import filters, serializers
from plans.models import Municipality, OrgUnit, Plan, ProgressReport, Strategy, Task
from portal.api import PublicReadOnlyViewSet


class MunicipalityViewSet(PublicReadOnlyViewSet):
    """지방자치단체: the municipalities the portal covers, by their slug."""

    queryset = Municipality.objects.all()
    serializer_class = serializers.MunicipalitySerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["name", "slug"]
    ordering = ["name"]


class OrgUnitViewSet(PublicReadOnlyViewSet):
    """조직: every unit of the organisation trees with head and latest headcount."""

    queryset = OrgUnit.objects.select_related("municipality").with_latest_headcount()
    serializer_class = serializers.OrgUnitSerializer
    filterset_class = filters.OrgUnitFilter
    ordering_fields = ["name", "order", "id"]
    ordering = ["municipality__name", "order", "name", "id"]


class PlanViewSet(PublicReadOnlyViewSet):
    """업무계획: published plans; one plan comes with its targets, approval chain, sections and strategies."""

    serializer_class = serializers.PlanSerializer
    detail_serializer_class = serializers.PlanDetailSerializer
    filterset_class = filters.PlanFilter
    ordering_fields = ["title", "period_start", "id"]
    ordering = ["municipality__name", "-period_start", "title", "id"]

    def get_queryset(self):
        """Published plans only, with what the list or the detail shows joined."""
        plans = Plan.objects.published().with_counts()
        return plans.for_public_page() if self.action == "retrieve" else plans


class StrategyViewSet(PublicReadOnlyViewSet):
    """추진전략: the first level of published plans."""

    queryset = Strategy.objects.published()
    serializer_class = serializers.StrategySerializer
    filterset_class = filters.StrategyFilter
    ordering_fields = ["number", "id"]
    ordering = ["plan__municipality__name", "plan_id", "number"]


class TaskViewSet(PublicReadOnlyViewSet):
    """과제: tasks of published plans with their latest approved progress; one task with everything its page shows."""

    serializer_class = serializers.TaskSerializer
    detail_serializer_class = serializers.TaskDetailSerializer
    filterset_class = filters.TaskFilter
    ordering_fields = ["code", "title", "id"]
    ordering = ["strategy__plan__municipality__name", "strategy__plan_id", "strategy__number", "order", "id"]

    def get_queryset(self):
        """Published tasks only; the detail adds objectives, action items, co-units and approved reports."""
        tasks = Task.objects.published()
        return tasks.for_public_page().with_latest_report() if self.action == "retrieve" else tasks.for_listing()


class ProgressReportViewSet(PublicReadOnlyViewSet):
    """분기별 추진실적: approved reports of tasks in published plans; drafts, submitted and returned never appear."""

    queryset = ProgressReport.objects.published()
    serializer_class = serializers.ProgressReportSerializer
    filterset_class = filters.ProgressReportFilter
    ordering_fields = ["year", "quarter", "progress", "id"]
    ordering = ["-year", "-quarter", "task__code", "id"]
