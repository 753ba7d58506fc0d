"""Admin for quarterly progress reports: write, submit, approve or return, all via services."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from plans.imports import preview_progress_import, progress_import_template
from plans.models import PeriodReopening, ProgressReport, ReportEvent, ReportEvidence
from plans.services import (
    period_reopen,
    period_reopening_check,
    progress_report_approve,
    progress_report_return,
    progress_report_save,
    progress_report_submit,
    progress_reports_import,
    report_evidence_attach,
)
from portal.admin_imports import SpreadsheetImportMixin
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import FrozenWithRecordInlineMixin, ReviewWorkflowMixin
from portal.evidence import EvidenceUploadForm
from portal.periods import current_quarter
from portal.report_views import report_action
from portal.review import open_correction

CONTENT_FIELDS = ["task", "year", "quarter", "status", "progress", "narrative", "problems", "next_steps"]


EVIDENCE_FIELDS = ["evidence_label", "evidence_file"]


class ReportEventInline(FrozenWithRecordInlineMixin, admin.StackedInline):
    """Dated events of the quarter (추진 내역)."""

    model = ReportEvent
    extra = 0
    fields = ["order", "date", "date_text", "title", "details"]


class ReportEvidenceInline(FrozenWithRecordInlineMixin, admin.TabularInline):
    """Evidence of the quarter; new files come through the report form's upload field, checked by content."""

    model = ReportEvidence
    extra = 0
    fields = ["order", "label", "file", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["file", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        """Files are added through the checked upload field of the report form."""
        return False


class ProgressReportForm(EvidenceUploadForm):
    """The report's content, plus an optional evidence upload; workflow fields are set by the services only."""

    class Meta:
        model = ProgressReport
        fields = CONTENT_FIELDS

    def clean(self):
        """Refuse a locked quarter or a report that is no longer editable, with the reason; then the upload."""
        cleaned = super().clean()
        if cleaned.get("year") and cleaned.get("quarter"):
            self.instance.year, self.instance.quarter = cleaned["year"], cleaned["quarter"]
            try:
                self.instance.check_editable()
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return cleaned


@admin.register(ProgressReport)
class ProgressReportAdmin(SpreadsheetImportMixin, ReviewWorkflowMixin, ScopedModelAdmin):
    """Quarterly reports of the user's unit; the form opens on the current quarter; Excel import."""

    import_functions = {
        "template": progress_import_template,
        "preview": preview_progress_import,
        "apply": progress_reports_import,
    }
    import_file_stem = "progress-import"

    workflow_record_name = "report"
    workflow_css_class = "progress-workflow"
    workflow_services = {
        "submit": progress_report_submit,
        "approve": progress_report_approve,
        "return": progress_report_return,
    }
    workflow_messages = {
        "submit": _("실적을 제출했습니다. 부서장의 승인을 기다립니다."),
        "approve": _("실적을 승인했습니다. 시민에게 공개됩니다."),
        "return": _("실적을 반려했습니다."),
    }

    form = ProgressReportForm
    inlines = [ReportEventInline, ReportEvidenceInline]
    change_form_template = "admin/plans/progressreport/change_form.html"
    list_display = ["task", "period_label", "status", "progress", "state", "correction_state", "author", "updated_at"]
    list_filter = [
        scoped_unit_filter("task__lead_unit", _("주관 부서")),
        "state",
        "status",
        "year",
        "quarter",
    ]
    search_fields = ["task__code", "task__title", "narrative"]
    list_select_related = ["task__strategy__plan", "author"]
    actions = ["submit_selected", "approve_selected", report_action("plan-progress", "task__lead_unit")]
    workflow_fields = [
        "state",
        "author",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "return_reason",
        "corrected_at",
    ]
    fieldsets = [
        (None, {"fields": ["task", ("year", "quarter"), ("status", "progress")]}),
        (_("내용"), {"fields": ["narrative", "problems", "next_steps"]}),
        (_("증빙 자료"), {"fields": EVIDENCE_FIELDS}),
        (_("처리"), {"fields": workflow_fields}),
    ]

    @admin.display(description=_("정정"))
    def correction_state(self, report):
        """The state of the report's open correction, if any."""
        correction = open_correction(report) if report.state == ProgressReport.State.APPROVED else None
        return correction.get_state_display() if correction else "-"

    @admin.display(description=_("분기"), ordering="year")
    def period_label(self, report):
        """Year and quarter, in words."""
        return str(report.period)

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; every field once the report can no longer change."""
        if obj is not None and not obj.is_editable:
            return [*CONTENT_FIELDS, "period_label", *self.workflow_fields]
        return self.workflow_fields

    def get_fieldsets(self, request, obj=None):
        """A report that can no longer change shows its quarter in words (never "2,026")."""
        if obj is not None and not obj.is_editable:
            _summary, *rest = self.fieldsets
            rest = [(name, options) for name, options in rest if options["fields"] is not EVIDENCE_FIELDS]
            return [(None, {"fields": ["task", "period_label", ("status", "progress")]}), *rest]
        return self.fieldsets

    def get_changeform_initial_data(self, request):
        """A new report opens on the current quarter (Seoul time)."""
        quarter = current_quarter()
        return {"year": quarter.year, "quarter": quarter.number, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope, lock and period again; an approved report has no form."""
        if change and not obj.is_editable:
            raise PermissionDenied
        saved = progress_report_save(
            user=request.user,
            report=obj if change else None,
            opened=form.cleaned_data.get("opened_version") or None,
            **{field: form.cleaned_data[field] for field in CONTENT_FIELDS},
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """Save the events, then the new evidence file through the checking service."""
        super().save_related(request, form, formsets, change)
        uploaded = form.cleaned_data.get("evidence_file")
        if uploaded and form.instance.is_editable:
            report_evidence_attach(
                user=request.user, report=form.instance, label=form.cleaned_data["evidence_label"], uploaded=uploaded
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Show the previous quarter's report of the same task beside the form."""
        context["previous_report"] = self._previous_report(request, obj)
        context["workflow"] = self._workflow_buttons(request, obj)
        if obj is not None and not obj.is_editable:
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _previous_report(self, request, obj):
        if obj is not None:
            task_id, quarter = obj.task_id, obj.period.previous()
        else:
            task_id, quarter = request.GET.get("task"), current_quarter().previous()
        if not str(task_id or "").isdigit():
            return None
        return self.get_queryset(request).filter(task_id=task_id).for_quarter(quarter).select_related("task").first()

    def _workflow_buttons(self, request, obj):
        if obj is None:
            return {}
        correction = open_correction(obj) if obj.state == ProgressReport.State.APPROVED else None
        reviewing = correction if correction is not None else obj
        return self.workflow_context(
            obj,
            can_submit=obj.is_editable or (correction is not None and correction.state in ("draft", "returned")),
            can_review=request.user.has_perm("plans.review_progressreport") and reviewing.state == "submitted",
            can_correct=obj.is_correctable and (correction is None or correction.state != "submitted"),
            submit_label=_("저장 후 제출") if obj.is_editable else _("정정 제출"),
            submit_after_save=obj.is_editable,
        )

    @admin.action(description=_("선택한 실적 제출"))
    def submit_selected(self, request, queryset):
        """Submit every selected report that may be submitted; report the rest."""
        self.run_on_selected(request, queryset.select_related("task"), "submit", _("%(count)d건을 제출했습니다."))

    @admin.action(description=_("선택한 실적 승인"), permissions=["review"])
    def approve_selected(self, request, queryset):
        """Approve every selected submitted report; report the rest."""
        self.run_on_selected(request, queryset.select_related("task"), "approve", _("%(count)d건을 승인했습니다."))

    def has_review_permission(self, request):
        """Heads of unit and the coordinating office review reports."""
        return request.user.has_perm("plans.review_progressreport")


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(ScopedModelAdmin):
    """Quarters the coordinating office opened again for one unit, with the reason; a record, never edited."""

    list_display = ["unit", "period_label", "until", "reason", "reopened_by", "reopened_at"]
    list_filter = [scoped_unit_filter("unit", _("대상 부서")), "year", "quarter"]
    list_select_related = ["unit", "reopened_by"]
    fields = ["unit", "year", "quarter", "until", "reason"]

    @admin.display(description=_("분기"), ordering="year")
    def period_label(self, reopening):
        """Year and quarter, in words."""
        return str(reopening.period)

    def has_change_permission(self, request, obj=None):
        """A reopening is a record: it is added, never changed."""
        return False

    def has_delete_permission(self, request, obj=None):
        """A reopening is kept."""
        return False

    def has_add_permission(self, request):
        """Only the coordinating office reopens a quarter."""
        return request.user.is_coordinator and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        """Record the reopening through the service, which checks scope, lock and reason."""
        saved = period_reopen(user=request.user, **{name: form.cleaned_data[name] for name in self.fields})
        obj.pk = saved.pk

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The service's rules, checked with the form so that a refusal shows next to the fields."""
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ReopeningForm(form):
            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    try:
                        period_reopening_check(
                            user=user, **{name: cleaned[name] for name in PeriodReopeningAdmin.fields}
                        )
                    except (ValidationError, PermissionDenied) as error:
                        raise ValidationError(getattr(error, "messages", [str(error)])) from error
                return cleaned

        return ReopeningForm
