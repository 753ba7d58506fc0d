"""Admin for budget lines: staff enter execution for their unit; the coordinating office the rest."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.report_views import report_action

PLANNING_FIELDS = [
    "municipality",
    "unit",
    "plan",
    "task",
    "pledge",
    "source_document",
    "seq",
    "table",
    "level",
    "group",
    "name",
    "account",
    "source",
    "sector",
    "phase",
    "year",
    "period_label",
    "planned",
    "planned_text",
    "display_unit",
    "note",
]


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedModelAdmin):
    """Budget lines of the user's unit; amounts are entered in 원."""

    actions = [report_action("budget", "unit")]

    list_display = ["__str__", "unit", "level", "source", "period_label", "planned", "secured", "executed"]
    list_filter = [scoped_unit_filter("unit", _("소관 조직")), "level", "source", "phase", "year", "source_document"]
    search_fields = ["name", "group", "source", "note"]
    list_select_related = ["unit"]
    autocomplete_fields = ["task", "pledge"]
    fieldsets = [
        (_("무엇에 쓰는 돈인가"), {"fields": PLANNING_FIELDS}),
        (
            _("확보·집행 (원 단위)"),
            {"fields": ["secured", "secured_text", "executed", "executed_text", "overrun_reason"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        """Staff change what was secured and executed; what was planned is the coordinating office's."""
        if request.user.is_coordinator:
            return []
        return PLANNING_FIELDS
