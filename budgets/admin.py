"""Admin for budget lines and their 집행액 by period: staff enter execution for their unit; the coordinating office the rest."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgets.imports import execution_import_template, preview_execution_import
from budgets.models import BudgetExecution, BudgetLine
from budgets.money import format_amount
from budgets.services import (
    EXECUTION_FIELDS,
    PERIOD_EXECUTION_FIELDS,
    budget_execution_approve,
    budget_execution_return,
    budget_executions_import,
    budget_line_save,
    period_execution_approve,
    period_execution_return,
    period_execution_save,
)
from portal.admin_figures import ReviewedFigureAdminMixin
from portal.admin_imports import SpreadsheetImportMixin
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import ReviewWorkflowMixin, confirm_and_run
from portal.corrections import ReviewState
from portal.periods import PeriodKind
from portal.report_views import report_action
from portal.review import correction_rows, open_correction, version_token

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
class BudgetLineAdmin(ReviewWorkflowMixin, ScopedModelAdmin):
    """Budget lines of the user's unit; amounts are entered in 원.

    Secured and executed amounts are entered on the line's "정정" page and become public
    when the unit's head approves them, one by one or in bulk per unit and fiscal year
    (filter the list, select, confirm on a page that shows every amount).
    """

    workflow_record_name = "line"
    workflow_services = {"approve": budget_execution_approve, "return": budget_execution_return}
    workflow_messages = {
        "approve": _("확보·집행액을 승인했습니다. 시민에게 공개됩니다."),
        "return": _("확보·집행액 정정을 반려했습니다."),
    }
    change_form_template = "admin/reviewed_change_form.html"
    actions = [report_action("budget", "unit"), "approve_selected"]

    list_display = ["__str__", "unit", "level", "source", "period_label", "planned", "secured", "executed"]
    list_filter = [scoped_unit_filter("unit", _("소관 조직")), "level", "source", "phase", "year", "source_document"]
    search_fields = ["name", "group", "source", "note"]
    list_select_related = ["unit"]
    autocomplete_fields = ["task", "pledge"]
    fieldsets = [
        (_("무엇에 쓰는 돈인가"), {"fields": PLANNING_FIELDS}),
        (
            _("확보·집행 (원 단위)"),
            {
                "fields": [*EXECUTION_FIELDS, "corrected_at"],
                "description": _("확보·집행액은 '정정 작성'으로 입력하며, 부서장이 승인하면 공개됩니다."),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        """Execution always (it changes through a reviewed correction); what was planned is the coordinating office's."""
        if request.user.is_coordinator:
            return [*EXECUTION_FIELDS, "corrected_at"]
        return [*PLANNING_FIELDS, *EXECUTION_FIELDS, "corrected_at"]

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope, role and version again."""
        saved = budget_line_save(
            user=request.user,
            line=obj if change else None,
            values={name: form.cleaned_data[name] for name in PLANNING_FIELDS if name in form.cleaned_data},
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the execution correction, and its approval to heads."""
        if obj is not None:
            correction = open_correction(obj)
            context["workflow"] = self.workflow_context(
                obj,
                can_submit=False,
                can_review=self.has_review_permission(request)
                and correction is not None
                and correction.state == ReviewState.SUBMITTED,
                can_correct=self.has_change_permission(request, obj)
                and (correction is None or correction.state != ReviewState.SUBMITTED),
                submit_label="",
                submit_after_save=False,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("선택한 예산의 확보·집행액 승인 (부서·연도별 일괄)"), permissions=["review"])
    def approve_selected(self, request, queryset):
        """Show every selected line's submitted amounts, then approve exactly those."""
        return confirm_and_run(
            self,
            request,
            queryset,
            describe=lambda line: (
                correction_rows(open_correction(line)) if open_correction(line) else [("-", "-", "-")]
            ),
            run=lambda *, user, item, opened: budget_execution_approve(user=user, line=item, opened=opened),
            token=version_token,
            success=_("예산 %(count)d건의 확보·집행액을 승인했습니다."),
            title=_("확보·집행액 일괄 승인"),
        )

    def has_review_permission(self, request):
        """Heads of unit and the coordinating office approve execution amounts."""
        return request.user.has_perm("budgets.review_budgetline")


@admin.register(BudgetExecution)
class BudgetExecutionAdmin(SpreadsheetImportMixin, ReviewedFigureAdminMixin, ScopedModelAdmin):
    """집행액 per line and period, entered by the line's unit one by one or from the Excel template; public once approved.

    Heads approve them in bulk per unit and period: filter the list, select, and confirm on
    a page that shows every amount to be approved.
    """

    import_functions = {
        "template": execution_import_template,
        "preview": preview_execution_import,
        "apply": budget_executions_import,
    }
    import_period_kinds = (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH)
    import_file_stem = "budget-execution-import"

    workflow_record_name = "execution"
    workflow_services = {
        "save": period_execution_save,
        "approve": period_execution_approve,
        "return": period_execution_return,
    }
    workflow_messages = {
        "approve": _("집행액을 승인했습니다. 시민에게 공개됩니다."),
        "return": _("집행액을 반려했습니다."),
    }
    list_display = ["line", "kind", "year", "number", "executed", "executed_text", "state", "correction_state"]
    list_filter = [scoped_unit_filter("line__unit", _("소관 조직")), "state", "kind", "year"]
    search_fields = ["line__name", "line__group"]
    list_select_related = ["line", "line__unit"]
    autocomplete_fields = ["line"]
    entry_fields = ["line", "kind", "year", "number", *PERIOD_EXECUTION_FIELDS]
    review_permission = "budgets.review_budgetexecution"
    approval_select_related = ["line"]
    approval_success = _("집행액 %(count)d건을 승인했습니다.")
    approval_title = _("집행액 일괄 승인")
    actions = ["approve_selected"]

    @admin.action(description=_("선택한 집행액 승인 (부서·기간별 일괄)"), permissions=["review"])
    def approve_selected(self, request, queryset):
        """Show every selected figure (or its correction), then approve exactly those."""
        return self.approve_figures(request, queryset)

    def figure_rows(self, execution):
        """The amount to be approved, in the unit of its document."""
        unit = execution.line.display_unit
        shown = format_amount(execution.executed, unit, execution.executed_text)
        return [(str(BudgetExecution._meta.get_field("executed").verbose_name), "-", f"{shown} {unit}")]
