"""Admin for pledges and their half-year cards, scoped to the owning unit."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from pledges.models import (
    CardEntry,
    CardEvent,
    CardOutcome,
    EvidenceFile,
    ParticipationCount,
    Pledge,
    PledgeAdjustment,
    PledgeCard,
    PledgeCategory,
    PledgeOfficial,
    PledgeStatus,
    PledgeStatusChange,
    Term,
)
from pledges.onboarding import export_pledges, preview_pledge_import
from pledges.services import (
    EVIDENCE_KINDS,
    evidence_attach,
    pledge_card_approve,
    pledge_card_return,
    pledge_card_submit,
    pledge_list_import,
    pledge_status_change,
)
from portal.admin_imports import SpreadsheetImportMixin, city_workbook_functions, workbook_export_action
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import ReviewWorkflowMixin
from portal.report_views import report_action
from portal.uploads import check_document


class PledgeCategoryInline(admin.TabularInline):
    """Names of the code prefixes of a term."""

    model = PledgeCategory
    extra = 0


@admin.register(Term)
class TermAdmin(SpreadsheetImportMixin, admin.ModelAdmin):
    """Mayoral terms; kept by the coordinating office."""

    list_display = ["name", "municipality", "start", "end"]
    inlines = [PledgeCategoryInline]
    import_functions = city_workbook_functions(preview_pledge_import, pledge_list_import)
    import_template_hint = _(
        "임기를 고르고 '공약 목록을 엑셀 통합문서로 내보내기'를 실행하면 채울 양식이 나옵니다. "
        "이미 있는 공약의 공약명·목표·이행상태는 가져오기로 바뀌지 않습니다 (공약 조정·상태 변경 절차)."
    )
    actions = [
        workbook_export_action(
            export_pledges,
            lambda term: f"pledges-{term.municipality.slug}-{term.pk}",
            _("공약 목록을 엑셀 통합문서로 내보내기 (임기 하나)"),
        )
    ]


class PledgeOfficialInline(admin.TabularInline):
    """Officials answerable for a pledge."""

    model = PledgeOfficial
    extra = 0


class PledgeStatusChangeInline(admin.TabularInline):
    """The status history of a pledge: read-only, written by the status service."""

    model = PledgeStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_on", "previous_status", "status", "reason", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        """Statuses change through the '상태 변경' page only."""
        return False


class PledgeAdjustmentInline(admin.TabularInline):
    """Formal adjustments (공약 조정), with the original wording beside the new."""

    model = PledgeAdjustment
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(ScopedModelAdmin):
    """Pledges of the user's unit; the status changes through its own page, with a reason."""

    list_display = ["code", "title", "term", "lead_unit", "status", "status_changed_on"]
    list_filter = ["term", "status", scoped_unit_filter("lead_unit", _("소관부서"))]
    search_fields = ["code", "title"]
    list_select_related = ["term__municipality", "lead_unit"]
    actions = [report_action("pledges", "lead_unit")]
    readonly_fields = ["status", "status_changed_on"]
    filter_horizontal = ["tasks"]
    inlines = [PledgeOfficialInline, PledgeAdjustmentInline, PledgeStatusChangeInline]
    change_form_template = "admin/pledges/pledge/change_form.html"

    def get_urls(self):
        """The status-change page of a pledge."""
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/status/", wrap(self.status_view), name="pledges_pledge_status"),
            *super().get_urls(),
        ]

    def status_view(self, request, pk):
        """Ask for the new status and its reason, then set it through the service."""
        pledge = get_object_or_404(self.get_queryset(request), pk=pk)
        form = PledgeStatusForm(request.POST or None, initial={"status": pledge.status})
        if request.method == "POST" and form.is_valid():
            try:
                pledge_status_change(user=request.user, pledge=pledge, **form.cleaned_data)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("이행 상태를 바꿨습니다."))
                return redirect(reverse("admin:pledges_pledge_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "pledge": pledge,
            "form": form,
            "title": _("이행 상태 변경"),
        }
        return TemplateResponse(request, "admin/pledges/pledge/status.html", context)


class PledgeStatusForm(forms.Form):
    """A new status and the reason for it."""

    status = forms.ChoiceField(label=_("이행 상태"), choices=PledgeStatus.choices)
    reason = forms.CharField(label=_("사유"), widget=forms.Textarea(attrs={"rows": 4}))


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ParticipationCountInline(admin.TabularInline):
    """Citizen-participation counts of a card; blank stays blank."""

    model = ParticipationCount
    extra = 0


class CardEntryInline(admin.StackedInline):
    """Results and plans of a card, each edited on its own page with events and evidence."""

    model = CardEntry
    extra = 0
    show_change_link = True
    fields = ["order", "kind", "label", "period_start", "period_end"]


@admin.register(PledgeCard)
class PledgeCardAdmin(ReviewWorkflowMixin, ScopedModelAdmin):
    """Half-year cards: the unit writes and submits; the coordinating office approves or returns."""

    workflow_record_name = "card"
    workflow_services = {"submit": pledge_card_submit, "approve": pledge_card_approve, "return": pledge_card_return}
    workflow_messages = {
        "submit": _("카드를 제출했습니다."),
        "approve": _("카드를 승인했습니다. 시민에게 공개됩니다."),
        "return": _("카드를 반려했습니다."),
    }

    list_display = ["pledge", "label", "state", "submitted_at", "reviewed_at"]
    list_filter = ["state", scoped_unit_filter("pledge__lead_unit", _("소관부서"))]
    search_fields = ["pledge__code", "pledge__title", "label"]
    list_select_related = ["pledge"]
    inlines = [CardEntryInline, ParticipationCountInline]
    change_form_template = "admin/pledges/pledgecard/change_form.html"
    workflow_fields = ["state", "submitted_at", "reviewed_by", "reviewed_at", "return_reason"]

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; everything once submitted or approved."""
        if obj is not None and obj.state not in PledgeCard.EDITABLE_STATES:
            return [field.name for field in PledgeCard._meta.fields if field.name != "id"]
        return self.workflow_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the workflow buttons the user may use."""
        if obj is not None:
            context["can_submit"] = obj.state in PledgeCard.EDITABLE_STATES
            context["can_review"] = (
                request.user.is_coordinator
                and request.user.has_perm("pledges.review_pledgecard")
                and obj.state == PledgeCard.State.SUBMITTED
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


class CardEventInline(admin.StackedInline):
    """Dated events of an entry."""

    model = CardEvent
    extra = 0
    fields = ["order", "group_heading", "title", "date", "date_text", "details"]


class CardOutcomeInline(admin.TabularInline):
    """Measured results of an entry."""

    model = CardOutcome
    extra = 0


class EvidenceFileInline(admin.TabularInline):
    """Evidence of an entry; new files come through the upload field, checked by content."""

    model = EvidenceFile
    extra = 0
    fields = ["order", "label", "file", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["file", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        """Files are added through the checked upload field of the entry form."""
        return False


class CardEntryForm(forms.ModelForm):
    """An entry, plus an optional evidence upload that is checked before anything is stored."""

    evidence_label = forms.CharField(label=_("새 증빙명"), required=False, help_text=_("예: [증빙1] 결과보고"))
    evidence_file = forms.FileField(
        label=_("새 증빙 파일"),
        required=False,
        help_text=_("PDF, HWP, HWPX, 이미지(PNG·JPEG·GIF), XLSX, DOCX"),
    )

    class Meta:
        model = CardEntry
        fields = ["card", "order", "kind", "label", "period_start", "period_end"]

    def clean(self):
        """Refuse a bad evidence file with the form, before anything is stored."""
        cleaned = super().clean()
        uploaded = cleaned.get("evidence_file")
        if uploaded:
            if not (cleaned.get("evidence_label") or "").strip():
                self.add_error("evidence_label", _("증빙명을 입력하세요 (예: [증빙1] 결과보고)."))
            try:
                check_document(uploaded, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
            except ValidationError as error:
                self.add_error("evidence_file", error)
            uploaded.seek(0)
        return cleaned


@admin.register(CardEntry)
class CardEntryAdmin(ScopedModelAdmin):
    """One block of results or plans, with its events, outcomes and evidence."""

    form = CardEntryForm
    list_display = ["card", "kind", "label"]
    list_select_related = ["card__pledge"]
    inlines = [CardEventInline, CardOutcomeInline, EvidenceFileInline]

    def save_related(self, request, form, formsets, change):
        """Save the inlines, then the new evidence file through the checking service."""
        super().save_related(request, form, formsets, change)
        uploaded = form.cleaned_data.get("evidence_file")
        if uploaded:
            evidence_attach(
                user=request.user, entry=form.instance, label=form.cleaned_data["evidence_label"], uploaded=uploaded
            )
