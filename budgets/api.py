"""Read API over budget lines and their roll-ups."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from budgets.filters import BudgetLineFilter, RollupFilter
from budgets.models import AMOUNT_FIELDS, BudgetLine
from budgets.money import common_unit
from budgets.serializers import BudgetLineSerializer, RollupRowSerializer
from portal.api import CachedReadMixin, PublicReadOnlyViewSet

# For each grouping: the BudgetLineQuerySet roll-up method, then how a row names its group (key, label).
ROLLUPS = {
    "source": ("by_source", lambda row: (row["source"], row["source"] or "재원 미기재")),
    "unit": ("by_unit", lambda row: (row["unit_id"], row["unit__name"] or "시 전체")),
    "year": (
        "by_year",
        lambda row: (f"{row['phase']}:{row['year'] or ''}", row["period_label"] or str(row["year"] or "")),
    ),
    "task": ("by_task", lambda row: (row["task_id"], f"{row['task__code']} {row['task__title']}")),
    "strategy": (
        "by_strategy",
        lambda row: (row["task__strategy_id"], f"{row['task__strategy__number']}. {row['task__strategy__title']}"),
    ),
    "plan": ("by_plan", lambda row: (row["plan_id"], row["plan__title"])),
}


class BudgetLineViewSet(PublicReadOnlyViewSet):
    """예산: every figure of the budget tables, in 원, with the unit the document shows it in."""

    queryset = BudgetLine.objects.published().select_related("municipality", "unit")
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter
    ordering_fields = ["planned", "secured", "executed", "year", "seq", "id"]
    ordering = ["source_document", "seq"]


class BudgetRollupViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """예산 합계: sums of item lines by source, unit, period, task, strategy or plan; stated totals are never added."""

    queryset = BudgetLine.objects.published()
    filterset_class = RollupFilter
    filter_backends = [DjangoFilterBackend]
    serializer_class = RollupRowSerializer
    pagination_class = None

    @extend_schema(responses=RollupRowSerializer(many=True))
    def list(self, request, *args, **kwargs):
        """One row per group of the filtered item lines, in the unit they share."""
        lines = self.filter_queryset(self.get_queryset())
        method, name = ROLLUPS[request.query_params["by"]]
        display_unit = common_unit(
            BudgetLine(display_unit=unit)
            for unit in lines.items().order_by().values_list("display_unit", flat=True).distinct()
        )
        rows = []
        for row in getattr(lines, method)():
            key, label = name(row)
            sums = {f"{field}_{part}": row[f"{field}_{part}"] for field in AMOUNT_FIELDS for part in ("sum", "unknown")}
            rows.append(
                {
                    "key": "" if key is None else str(key),
                    "label": label,
                    "lines": row["lines"],
                    "part_lines": row["part_lines"],
                    **sums,
                    "display_unit": display_unit,
                }
            )
        return Response(RollupRowSerializer(rows, many=True).data)
