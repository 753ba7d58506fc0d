"""Admin for indicators, measurements, the evaluation calendar and the obligation calendar."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kpis.imports import measurement_import_template, preview_measurement_import
from kpis.models import EvaluationMilestone, Indicator, Measurement, Obligation, Target
from kpis.services import (
    CORRECTABLE_FIELDS,
    measurement_approve,
    measurement_return,
    measurement_save,
    measurements_import,
)
from portal.admin_figures import ReviewedFigureAdminMixin
from portal.admin_imports import SpreadsheetImportMixin
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.periods import PeriodKind
from portal.report_views import report_action


class TargetInline(admin.TabularInline):
    """Targets of an indicator, by period."""

    model = Target
    extra = 0
    fields = ["order", "period", "year", "sub", "label", "value", "text"]


class MeasurementInline(admin.TabularInline):
    """Actuals of an indicator, by period: shown here, entered and approved on their own pages."""

    model = Measurement
    extra = 0
    fields = ["order", "period", "year", "sub", "date", "label", "value", "text", "note", "state"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        """Actuals are entered on their own page, through the review service."""
        return False

    def has_change_permission(self, request, obj=None):
        """Actuals change on their own page, through the review service."""
        return False


@admin.register(Indicator)
class IndicatorAdmin(ScopedModelAdmin):
    """Indicators of the user's unit, with their targets and actuals."""

    actions = [report_action("kpis", "responsible_unit")]

    list_display = ["name", "group", "unit", "kind", "responsible_unit", "source_document"]
    list_filter = [scoped_unit_filter("responsible_unit", _("담당 조직")), "kind", "source_document"]
    search_fields = ["name", "group", "key"]
    list_select_related = ["responsible_unit"]
    inlines = [TargetInline, MeasurementInline]


MEASUREMENT_FIELDS = ["indicator", "order", "period", "year", "sub", "date", *CORRECTABLE_FIELDS]


@admin.register(Measurement)
class MeasurementAdmin(SpreadsheetImportMixin, ReviewedFigureAdminMixin, ScopedModelAdmin):
    """Actuals entered by the indicator's unit, one by one or from the Excel template; public once approved.

    Heads approve them in bulk per unit and period: filter the list by 담당 조직 and 연도,
    select, and confirm on a page that shows every value to be approved.
    """

    import_functions = {
        "template": measurement_import_template,
        "preview": preview_measurement_import,
        "apply": measurements_import,
    }
    import_period_kinds = (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH)
    import_file_stem = "kpi-import"

    workflow_record_name = "measurement"
    workflow_services = {"save": measurement_save, "approve": measurement_approve, "return": measurement_return}
    workflow_messages = {
        "approve": _("실적을 승인했습니다. 시민에게 공개됩니다."),
        "return": _("실적을 반려했습니다."),
    }
    list_display = ["indicator", "label", "value", "text", "state", "correction_state", "entered_by", "reviewed_at"]
    list_filter = [scoped_unit_filter("indicator__responsible_unit", _("담당 조직")), "state", "period", "year"]
    search_fields = ["indicator__name", "label"]
    list_select_related = ["indicator", "entered_by"]
    entry_fields = MEASUREMENT_FIELDS
    review_permission = "kpis.review_measurement"
    approval_select_related = ["indicator"]
    approval_success = _("실적 %(count)d건을 승인했습니다.")
    approval_title = _("실적 일괄 승인")
    actions = ["approve_selected"]

    @admin.action(description=_("선택한 실적 승인 (부서·기간별 일괄)"), permissions=["review"])
    def approve_selected(self, request, queryset):
        """Show every selected actual (or its correction) value by value, then approve exactly those."""
        return self.approve_figures(request, queryset)

    def figure_rows(self, measurement):
        """The actual to be approved, with its indicator's unit."""
        shown = measurement.text if measurement.value is None else measurement.value
        return [(str(Measurement._meta.get_field("value").verbose_name), "-", f"{shown} {measurement.indicator.unit}")]


@admin.register(EvaluationMilestone)
class EvaluationMilestoneAdmin(ScopedModelAdmin):
    """The evaluation calendar; kept by the coordinating office."""

    list_display = ["title", "track", "start", "end", "recurrence", "responsible_unit"]
    list_filter = ["municipality", "track", "year", "recurrence"]
    search_fields = ["title", "note"]
    list_select_related = ["responsible_unit"]


@admin.register(Obligation)
class ObligationAdmin(ScopedModelAdmin):
    """The calendar of what each unit owes (kept by the daily job): read-only, scoped to the user's units."""

    list_display = ["due_date", "kind", "title", "period_label", "unit", "lock_date"]
    list_filter = ["kind", "period_kind", "period_year", scoped_unit_filter("unit", _("담당 조직"))]
    search_fields = ["title", "key"]
    list_select_related = ["unit"]
    date_hierarchy = "due_date"
    readonly_fields = [field.name for field in Obligation._meta.fields]

    def has_add_permission(self, request):
        """Rows come from the sources (tasks, pledges, targets, milestones) through the sync."""
        return False

    def has_change_permission(self, request, obj=None):
        """Rows follow their sources; edit those instead."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Rows follow their sources; the sync removes what is no longer owed."""
        return False
