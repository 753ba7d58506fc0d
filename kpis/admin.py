"""Admin for indicators, measurements, the evaluation calendar and the obligation calendar."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kpis.imports import measurement_import_template, preview_measurement_import
from kpis.models import EvaluationMilestone, Indicator, Measurement, Obligation, Target
from kpis.services import measurements_import
from portal.admin_imports import SpreadsheetImportMixin
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.report_views import report_action


class TargetInline(admin.TabularInline):
    """Targets of an indicator, by period."""

    model = Target
    extra = 0
    fields = ["order", "period", "year", "sub", "label", "value", "text"]


class MeasurementInline(admin.TabularInline):
    """Actuals of an indicator, by period."""

    model = Measurement
    extra = 0
    fields = ["order", "period", "year", "sub", "date", "label", "value", "text", "note", "evidence_note"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedModelAdmin):
    """Indicators of the user's unit, with their targets and actuals."""

    actions = [report_action("kpis", "responsible_unit")]

    list_display = ["name", "group", "unit", "kind", "responsible_unit", "source_document"]
    list_filter = [scoped_unit_filter("responsible_unit", _("담당 조직")), "kind", "source_document"]
    search_fields = ["name", "group", "key"]
    list_select_related = ["responsible_unit"]
    inlines = [TargetInline, MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(SpreadsheetImportMixin, ScopedModelAdmin):
    """Actuals entered by the indicator's unit, one by one or from the Excel template."""

    import_functions = {
        "template": measurement_import_template,
        "preview": preview_measurement_import,
        "apply": measurements_import,
    }
    import_file_stem = "kpi-import"

    list_display = ["indicator", "label", "value", "text", "entered_by"]
    list_filter = [scoped_unit_filter("indicator__responsible_unit", _("담당 조직")), "period", "year"]
    search_fields = ["indicator__name", "label"]
    list_select_related = ["indicator", "entered_by"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        """Record who entered the figure."""
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EvaluationMilestone)
class EvaluationMilestoneAdmin(ScopedModelAdmin):
    """The evaluation calendar; kept by the coordinating office."""

    list_display = ["title", "track", "start", "end", "recurrence", "responsible_unit"]
    list_filter = ["municipality", "track", "year", "recurrence"]
    search_fields = ["title", "note"]
    list_select_related = ["responsible_unit"]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    """The calendar of what each unit owes (kept by the daily job): read-only, scoped to the user's units."""

    list_display = ["due_date", "kind", "title", "period_label", "unit", "lock_date"]
    list_filter = ["kind", "period_kind", "period_year", scoped_unit_filter("unit", _("담당 조직"))]
    search_fields = ["title", "key"]
    list_select_related = ["unit"]
    date_hierarchy = "due_date"
    readonly_fields = [field.name for field in Obligation._meta.fields]

    def get_queryset(self, request):
        """Only the obligations of the units the user works on."""
        return Obligation.objects.for_user(request.user)

    def has_add_permission(self, request):
        """Rows come from the sources (tasks, pledges, targets, milestones) through the sync."""
        return False

    def has_change_permission(self, request, obj=None):
        """Rows follow their sources; edit those instead."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Rows follow their sources; the sync removes what is no longer owed."""
        return False
