"""Admin for pledges and their half-year cards, scoped to the owning unit."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from pledges.models import (
    PROCEDURE_FIELDS,
    CardEntry,
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
    pledge_card_approve,
    pledge_card_correct,
    pledge_card_return,
    pledge_card_save,
    pledge_card_submit,
    pledge_list_import,
    pledge_status_change,
)
from portal.admin_imports import SpreadsheetImportMixin, city_workbook_functions, workbook_export_action
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import FrozenWithRecordInlineMixin, ReviewWorkflowMixin
from portal.report_views import report_action


class PledgeCategoryInline(admin.TabularInline):
    """Names of the code prefixes of a term."""

    model = PledgeCategory
    extra = 0


@admin.register(Term)
class TermAdmin(SpreadsheetImportMixin, ScopedModelAdmin):
    """Mayoral terms of the user's city; kept by the coordinating office."""

    list_display = ["name", "municipality", "start", "end"]
    list_select_related = ["municipality"]
    inlines = [PledgeCategoryInline]
    import_functions = city_workbook_functions(preview_pledge_import, pledge_list_import)
    import_template_hint = _(
        "임기를 고르고 '공약 목록을 엑셀 통합문서로 내보내기'를 실행하면 채울 양식이 나옵니다. "
        "이미 있는 공약의 공약명·목표·이행상태는 가져오기로 바뀌지 않습니다 (공약 조정·상태 변경 절차). "
        "선거공약·실천계획·현재 시트의 내용은 총괄부서 검토에 제출되고 승인된 뒤에 공개되며, 승인된 내용을 바꾸면 "
        "정정으로 제출됩니다. 달성 여부가 판정된 연차별 목표는 바뀌지 않습니다."
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
    """Formal adjustments (공약 조정), with the original wording beside the new: read-only, written by the 조정 procedure."""

    model = PledgeAdjustment
    extra = 0
    can_delete = False
    fields = ["decided_on", "decided_by", "original_title", "adjusted_title", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        """Adjustments are published by the decision on a 변경안 only (`pledges.changes`)."""
        return False

    def has_change_permission(self, request, obj=None):
        """An adjustment is a decision on record: never edited."""
        return False


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

    def get_readonly_fields(self, request, obj=None):
        """Title and target of a pledge on record change only by the 조정 procedure; the status by its page."""
        if obj is None:
            return self.readonly_fields
        return list(dict.fromkeys([*PROCEDURE_FIELDS, *self.readonly_fields]))

    def save_model(self, request, obj, form, change):
        """Refuse, whatever was posted, a save that would change a field the 조정 procedure owns."""
        if change:
            stored = Pledge.objects.values(*PROCEDURE_FIELDS).get(pk=obj.pk)
            if any(getattr(obj, name) != stored[name] for name in PROCEDURE_FIELDS):
                raise PermissionDenied(_("공약명·목표·폐기는 공약 조정 절차로만 바꿀 수 있습니다."))
        super().save_model(request, obj, form, change)

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


class CardContentsInlineMixin(FrozenWithRecordInlineMixin):
    """Inline contents of a card change only while the card is written or returned (`card_of(obj)`)."""

    def card_of(self, obj):
        """The card the parent object belongs to."""
        return obj

    def reviewed_record(self, obj):
        """The card decides."""
        return self.card_of(obj)


class ParticipationCountInline(CardContentsInlineMixin, admin.TabularInline):
    """Citizen-participation counts of a card; blank stays blank."""

    model = ParticipationCount
    extra = 0


class CardEntryInline(CardContentsInlineMixin, admin.StackedInline):
    """Results and plans of a card, each edited on its own page with events and evidence."""

    model = CardEntry
    extra = 0
    show_change_link = True
    fields = ["order", "kind", "label", "period_start", "period_end"]


@admin.register(PledgeCard)
class PledgeCardAdmin(ReviewWorkflowMixin, ScopedModelAdmin):
    """Half-year cards: the unit writes and submits; the coordinating office approves or returns."""

    workflow_record_name = "card"
    workflow_css_class = "card-workflow"
    workflow_services = {"submit": pledge_card_submit, "approve": pledge_card_approve, "return": pledge_card_return}
    workflow_messages = {
        "submit": _("카드를 제출했습니다."),
        "approve": _("카드를 승인했습니다. 시민에게 공개됩니다."),
        "return": _("카드를 반려했습니다."),
    }

    list_display = ["pledge", "label", "state", "submitted_at", "reviewed_at", "corrected_at"]
    list_filter = ["state", scoped_unit_filter("pledge__lead_unit", _("소관부서"))]
    search_fields = ["pledge__code", "pledge__title", "label"]
    list_select_related = ["pledge"]
    inlines = [CardEntryInline, ParticipationCountInline]
    change_form_template = "admin/reviewed_change_form.html"
    workflow_fields = [
        "state",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "return_reason",
        "corrects",
        "corrected_at",
        "version",
    ]

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; everything once submitted or approved."""
        if obj is not None and not obj.is_editable:
            return [field.name for field in PledgeCard._meta.fields if field.name != "id"]
        return self.workflow_fields

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope, state and version again."""
        if change and not obj.is_editable:
            raise PermissionDenied  # a submitted or approved card has no form; an approved one is corrected by a copy
        values = {name: value for name, value in form.cleaned_data.items() if name in form._meta.fields}
        saved = pledge_card_save(
            user=request.user,
            card=obj if change else PledgeCard(),
            values=values,
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def correct_view(self, request, pk):
        """Open the correction of an approved card (a reviewed copy) and go to it."""
        card = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method != "POST":
            return redirect(self._change_url(pk))
        try:
            correction = pledge_card_correct(user=request.user, card=card)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect(self._change_url(pk))
        messages.success(request, _("정정 카드를 열었습니다. 승인되기 전까지 시민에게는 승인된 카드가 보입니다."))
        return redirect(self._change_url(correction.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the workflow buttons the user may use."""
        if obj is not None:
            context["workflow"] = self.workflow_context(
                obj,
                can_submit=obj.is_editable,
                can_review=request.user.is_coordinator
                and request.user.has_perm("pledges.review_pledgecard")
                and obj.state == PledgeCard.State.SUBMITTED,
                can_correct=obj.state == PledgeCard.State.APPROVED and self.has_change_permission(request, obj),
                submit_label=_("저장 후 총괄부서에 제출"),
                submit_after_save=obj.is_editable,
            )
            context["workflow"]["correct_by_post"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)
