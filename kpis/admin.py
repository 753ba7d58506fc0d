"""Admin for indicators, measurements, the evaluation calendar and the obligation calendar."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
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
from portal.admin_imports import SpreadsheetImportMixin
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import ReviewWorkflowMixin, confirm_and_run
from portal.corrections import ReviewState
from portal.periods import PeriodKind
from portal.report_views import report_action
from portal.review import correction_rows, open_correction, version_token


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
class MeasurementAdmin(SpreadsheetImportMixin, ReviewWorkflowMixin, ScopedModelAdmin):
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
    workflow_services = {"approve": measurement_approve, "return": measurement_return}
    workflow_messages = {
        "approve": _("실적을 승인했습니다. 시민에게 공개됩니다."),
        "return": _("실적을 반려했습니다."),
    }

    change_form_template = "admin/reviewed_change_form.html"
    list_display = ["indicator", "label", "value", "text", "state", "correction_state", "entered_by", "reviewed_at"]
    list_filter = [scoped_unit_filter("indicator__responsible_unit", _("담당 조직")), "state", "period", "year"]
    search_fields = ["indicator__name", "label"]
    list_select_related = ["indicator", "entered_by"]
    fields = [*MEASUREMENT_FIELDS, "state", "entered_by", "reviewed_by", "reviewed_at", "return_reason", "corrected_at"]
    workflow_fields = ["state", "entered_by", "reviewed_by", "reviewed_at", "return_reason", "corrected_at"]
    actions = ["approve_selected"]

    @admin.display(description=_("정정"))
    def correction_state(self, measurement):
        """The state of the open correction of an approved actual, if any."""
        correction = open_correction(measurement) if measurement.state == ReviewState.APPROVED else None
        return correction.get_state_display() if correction else "-"

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; an approved actual changes only through a correction."""
        if obj is not None and obj.state == ReviewState.APPROVED:
            return [*MEASUREMENT_FIELDS, *self.workflow_fields]
        return self.workflow_fields

    def save_model(self, request, obj, form, change):
        """Write through the service: who entered it is recorded and it waits for approval."""
        if change and obj.state == ReviewState.APPROVED:
            raise PermissionDenied  # an approved actual changes only through its correction page
        saved = measurement_save(
            user=request.user,
            measurement=obj if change else None,
            values={name: form.cleaned_data[name] for name in MEASUREMENT_FIELDS if name in form.cleaned_data},
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer approval, return and correction as the user's role and the record's state allow."""
        if obj is not None:
            correction = open_correction(obj) if obj.state == ReviewState.APPROVED else None
            pending = correction if correction is not None else obj
            context["workflow"] = self.workflow_context(
                obj,
                can_submit=False,
                can_review=self.has_review_permission(request) and pending.state == ReviewState.SUBMITTED,
                can_correct=obj.state == ReviewState.APPROVED,
                submit_label="",
                submit_after_save=False,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("선택한 실적 승인 (부서·기간별 일괄)"), permissions=["review"])
    def approve_selected(self, request, queryset):
        """Show every selected actual (or its correction) value by value, then approve exactly those."""
        return confirm_and_run(
            self,
            request,
            queryset.select_related("indicator"),
            describe=_approval_rows,
            run=lambda *, user, item, opened: measurement_approve(user=user, measurement=item, opened=opened),
            token=version_token,
            success=_("실적 %(count)d건을 승인했습니다."),
            title=_("실적 일괄 승인"),
        )

    def has_review_permission(self, request):
        """Heads of unit and the coordinating office approve actuals."""
        return request.user.has_perm("kpis.review_measurement")


def _approval_rows(measurement):
    if measurement.state == ReviewState.APPROVED:
        correction = open_correction(measurement)
        return correction_rows(correction) if correction else [(_("정정"), "-", "-")]
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
