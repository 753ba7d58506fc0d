"""Read API over municipalities, units, plans, strategies, tasks and approved progress reports."""

from django.utils.translation import gettext_lazy as _

from plans import filters, serializers
from plans.models import Municipality, OrgUnit, Plan, ProgressReport, Strategy, Task
from portal.api import PublicReadOnlyViewSet, ValuesListMixin, local_datetime, unit_ref, url_pattern


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

    csv_name = _("조직")

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


class TaskViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """과제: tasks of published plans with their latest approved progress; one task with everything its page shows."""

    csv_name = _("과제")

    serializer_class = serializers.TaskRowSerializer
    detail_serializer_class = serializers.TaskDetailSerializer
    filterset_class = filters.TaskFilter
    ordering_fields = ["code", "title", "id"]
    ordering = ["strategy__plan__municipality__name", "strategy__plan_id", "strategy__number", "order", "id"]
    list_fields = (
        "id", "code", "order", "title", "type", "period_start", "period_end", "period_text",
        "strategy__plan__municipality__slug", "strategy__plan_id", "strategy__plan__slug", "strategy__plan__title",
        "strategy_id", "strategy__number", "strategy__title", "lead_unit_id", "lead_unit__name",
        "latest_status", "latest_progress", "latest_year", "latest_quarter", "latest_reviewed_at",
    )  # fmt: skip

    def list_rows(self, rows):
        """Rows with plan, strategy and unit as references, the latest approved report nested, labels and address."""
        types, statuses = dict(Task.Type.choices), dict(ProgressReport.Status.choices)
        task_url = url_pattern("plans:task", "slug", "plan_slug", "code")
        for row in rows:
            slug = row.pop("strategy__plan__municipality__slug")
            row["municipality"] = slug
            row["plan"] = {name: row.pop(f"strategy__plan__{name}") for name in ("slug", "title")}
            row["plan"]["id"] = row.pop("strategy__plan_id")
            row["strategy"] = {"id": row.pop("strategy_id"), "number": row.pop("strategy__number")}
            row["strategy"]["title"] = row.pop("strategy__title")
            row["lead_unit"] = unit_ref(row, "lead_unit")
            row["type_label"] = types.get(row["type"], "")
            latest = {name: row.pop(f"latest_{name}") for name in ("year", "quarter", "status", "progress")}
            latest["reviewed_at"] = local_datetime(row.pop("latest_reviewed_at"))
            if latest["status"] is None:
                row["latest_report"] = None
            else:
                row["latest_report"] = {**latest, "status_label": statuses[latest["status"]]}
            row["url"] = task_url(slug=slug, plan_slug=row["plan"]["slug"], code=row["code"])
        return rows

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
