"""Admin for plans, strategies and tasks; staff edit the tasks of their own unit."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from plans.models import (
    ActionItem,
    ApprovalStep,
    HeadlineTarget,
    Plan,
    PlanDirection,
    PlanSection,
    Strategy,
    Task,
    TaskObjective,
)
from plans.onboarding.exporting import export_plan
from plans.onboarding.importing import preview_plan_import
from plans.services import plan_import
from portal.admin_imports import SpreadsheetImportMixin, city_workbook_functions, workbook_export_action
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.periods import current_quarter


class HeadlineTargetInline(admin.TabularInline):
    """Headline targets of a plan."""

    model = HeadlineTarget
    extra = 0


class ApprovalStepInline(admin.TabularInline):
    """The approval chain of a plan."""

    model = ApprovalStep
    extra = 0


class PlanSectionInline(admin.StackedInline):
    """Narrative sections of a plan."""

    model = PlanSection
    extra = 0


class PlanDirectionInline(admin.StackedInline):
    """Work directions (업무추진 방향) of a plan."""

    model = PlanDirection
    extra = 0
    autocomplete_fields = ["task"]


@admin.register(Plan)
class PlanAdmin(SpreadsheetImportMixin, ScopedModelAdmin):
    """Plans: the coordinating office keeps them and onboards whole plans from Excel; units see their own."""

    import_functions = city_workbook_functions(preview_plan_import, plan_import)
    import_template_hint = _(
        "계획 목록에서 계획을 고르고 '엑셀 통합문서로 내보내기'를 실행하면 채울 양식이 나옵니다. "
        "새 지방자치단체는 다른 계획의 통합문서를 내려받아 고쳐 쓰면 됩니다 (주소 이름은 새로)."
    )
    actions = [
        workbook_export_action(export_plan, lambda plan: f"plan-{plan.slug}", _("엑셀 통합문서로 내보내기 (계획 하나)"))
    ]

    list_display = ["title", "municipality", "owner_unit", "period_start", "period_end", "is_published"]
    list_filter = ["municipality", "is_published", scoped_unit_filter("owner_unit", _("소관 조직"))]
    search_fields = ["title", "vision"]
    list_select_related = ["municipality", "owner_unit"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [HeadlineTargetInline, ApprovalStepInline, PlanSectionInline, PlanDirectionInline]
    fieldsets = [
        (
            None,
            {"fields": ["municipality", "owner_unit", "title", "slug", "period_start", "period_end", "is_published"]},
        ),
        (_("비전과 구조"), {"fields": ["vision", "goal", "level1_label", "level2_label"]}),
        (
            _("결재·문서 정보"),
            {
                "fields": [
                    "document_number",
                    "approved_on",
                    "produced_on",
                    "disclosure",
                    "disclosure_class",
                    "policy_number",
                    "retention",
                    "producing_unit",
                    "author",
                    "author_phone",
                    "management_number",
                    "classification",
                    "source",
                    "licence",
                ],
                "classes": ["collapse"],
            },
        ),
    ]


@admin.register(Strategy)
class StrategyAdmin(ScopedModelAdmin):
    """Strategies (추진전략, 프로젝트) of a plan."""

    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title"]
    list_select_related = ["plan"]


class TaskObjectiveInline(admin.TabularInline):
    """Objectives (추진목표) of a task, each optionally tagged 상반기/하반기."""

    model = TaskObjective
    extra = 0
    fields = ["order", "text", "half"]


class ActionItemInline(admin.StackedInline):
    """Action items (추진계획) of a task, in order."""

    model = ActionItem
    extra = 0
    fields = ["order", "title", "schedule", "detail"]


@admin.register(Task)
class TaskAdmin(ScopedModelAdmin):
    """Tasks: staff keep the content of their own unit's tasks; structure is the coordinators'."""

    list_display = ["code", "title", "plan_title", "lead_unit", "type", "period_start", "period_end"]
    list_filter = ["strategy__plan", scoped_unit_filter("lead_unit", _("주관 부서")), "type"]
    search_fields = ["code", "title", "content"]
    list_select_related = ["strategy__plan", "lead_unit"]
    inlines = [TaskObjectiveInline, ActionItemInline]
    readonly_fields = ["progress_reports"]
    fields = [
        "strategy",
        "code",
        "order",
        "title",
        "type",
        "lead_unit",
        "co_units",
        "period_start",
        "period_end",
        "period_text",
        "content",
        "expected_effects",
        "budget_text",
        "progress_reports",
    ]
    filter_horizontal = ["co_units"]

    def get_readonly_fields(self, request, obj=None):
        """Only the coordinating office moves a task between strategies or units."""
        if request.user.is_coordinator:
            return self.readonly_fields
        return [*self.readonly_fields, "strategy", "code", "order", "lead_unit", "co_units"]

    @admin.display(description=_("계획"), ordering="strategy__plan__title")
    def plan_title(self, task):
        """The plan the task belongs to."""
        return task.strategy.plan.title

    @admin.display(description=_("분기별 추진실적"))
    def progress_reports(self, task):
        """Links to the task's reports and to a new report for the current quarter."""
        if task.pk is None:
            return "-"
        reports = task.progress_reports.order_by("-year", "-quarter")
        rows = format_html_join(
            "",
            '<li><a href="{}">{} · {} · {}%</a> ({})</li>',
            (
                (
                    reverse("admin:plans_progressreport_change", args=[r.pk]),
                    r.period,
                    r.get_status_display(),
                    r.progress,
                    r.get_state_display(),
                )
                for r in reports
            ),
        )
        quarter = current_quarter()
        add_url = reverse("admin:plans_progressreport_add") + f"?task={task.pk}"
        return format_html(
            '<ul>{}</ul><a class="addlink" href="{}">{}</a>', rows, add_url, _("%(q)s 실적 작성") % {"q": quarter}
        )
