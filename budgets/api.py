"""Read API over budget lines and their roll-ups."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from budgets.filters import BudgetLineFilter, RollupFilter
from budgets.models import AMOUNT_FIELDS, BudgetLine, execution_rate
from budgets.money import common_unit
from budgets.serializers import BudgetLineRowSerializer, BudgetLineSerializer, RollupRowSerializer
from portal.api import CachedReadMixin, PublicReadOnlyViewSet, ValuesListMixin, unit_ref

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


# The columns of a list row that are the line's own, as the detail names them.
LINE_COLUMNS = [
    "id", "source_document", "seq", "table", "level", "group", "name", "account", "source", "sector", "phase",
    "year", "period_label", "planned", "planned_text", "secured", "secured_text", "executed", "executed_text",
    "display_unit", "is_part", "note",
]  # fmt: skip


class BudgetLineViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """예산: every figure of the budget tables, in 원, with the unit the document shows it in."""

    csv_name = _("예산 항목")

    queryset = BudgetLine.objects.published().select_related("municipality", "unit")
    serializer_class = BudgetLineRowSerializer
    detail_serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter
    ordering_fields = ["planned", "secured", "executed", "year", "seq", "id"]
    ordering = ["source_document", "seq"]
    list_fields = (*LINE_COLUMNS, "municipality__slug", "unit_id", "unit__name", "plan_id", "task_id", "pledge_id")

    def list_rows(self, rows):
        """Rows named as the detail names them, with the unit as a reference and the labels and rate added."""
        levels, phases = dict(BudgetLine.Level.choices), dict(BudgetLine.Phase.choices)
        for row in rows:
            row["municipality"] = row.pop("municipality__slug")
            row["unit"] = unit_ref(row, "unit")
            for name in ("plan", "task", "pledge"):
                row[name] = row.pop(f"{name}_id")
            row["level_label"] = levels[row["level"]]
            row["phase_label"] = phases[row["phase"]]
            row["execution_rate"] = execution_rate(row["planned"], row["executed"])
        return rows


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
