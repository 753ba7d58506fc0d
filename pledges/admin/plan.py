"""Admin of a pledge's three texts (reviewed by the 총괄부서) and its yearly targets (decided by the 총괄부서)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from pledges.admin.pledges import _add_errors
from pledges.models import PledgeText, TargetDecision, YearlyTarget
from pledges.plan_services import (
    TARGET_FIELDS,
    pledge_text_approve,
    pledge_text_correct,
    pledge_text_return,
    pledge_text_save,
    pledge_text_submit,
    yearly_target_decide,
    yearly_target_save,
)
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import ReviewWorkflowMixin, VersionedAdminMixin

TEXT_WORKFLOW_FIELDS = [
    "state",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "return_reason",
    "corrects",
    "corrected_at",
    "version",
]


@admin.register(PledgeText)
class PledgeTextAdmin(ReviewWorkflowMixin, ScopedModelAdmin):
    """선거공보·공약서, 실천계획 and 현재 추진 내용: the unit writes and submits; the 총괄부서 approves or returns.

    주관·협조부서 are offered from the user's scope like every choice of the admin; units
    outside a department's own are named by the 총괄부서, who sees the whole city.
    """

    workflow_record_name = "text"
    workflow_services = {"submit": pledge_text_submit, "approve": pledge_text_approve, "return": pledge_text_return}
    workflow_messages = {
        "submit": _("제출했습니다."),
        "approve": _("승인했습니다. 시민에게 공개됩니다."),
        "return": _("반려했습니다."),
    }
    list_display = ["pledge", "kind", "state", "submitted_at", "reviewed_at", "corrected_at"]
    list_filter = ["kind", "state", scoped_unit_filter("pledge__lead_unit", _("소관부서"))]
    search_fields = ["pledge__code", "pledge__title", "goal"]
    list_select_related = ["pledge"]
    filter_horizontal = ["cooperating_units"]
    change_form_template = "admin/reviewed_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; everything once submitted or approved."""
        if obj is not None and not obj.is_editable:
            return [field.name for field in PledgeText._meta.fields if field.name != "id"] + ["cooperating_units"]
        return TEXT_WORKFLOW_FIELDS

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope, state, units and version again."""
        if change and not obj.is_editable:
            raise PermissionDenied
        values = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in form._meta.fields and name != "cooperating_units"
        }
        saved = pledge_text_save(
            user=request.user,
            text=obj if change else PledgeText(),
            values=values,
            cooperating_units=list(form.cleaned_data.get("cooperating_units") or []),
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """The cooperating units were set by the service; only inlines remain (there are none)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def correct_view(self, request, pk):
        """Open the correction of an approved text (a reviewed copy) and go to it."""
        text = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method != "POST":
            return redirect(self._change_url(pk))
        try:
            correction = pledge_text_correct(user=request.user, text=text)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect(self._change_url(pk))
        messages.success(request, _("정정 기록을 열었습니다. 승인되기 전까지 시민에게는 승인된 내용이 보입니다."))
        return redirect(self._change_url(correction.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the workflow buttons the user may use."""
        if obj is not None:
            context["workflow"] = self.workflow_context(
                obj,
                can_submit=obj.is_editable,
                can_review=request.user.is_coordinator
                and request.user.has_perm("pledges.review_pledgetext")
                and obj.state == PledgeText.State.SUBMITTED,
                can_correct=obj.state == PledgeText.State.APPROVED and self.has_change_permission(request, obj),
                submit_label=_("저장 후 총괄부서에 제출"),
                submit_after_save=obj.is_editable,
            )
            context["workflow"]["correct_by_post"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)


class TargetDecisionForm(forms.Form):
    """The year-end decision on one target, with its evidence."""

    decision = forms.ChoiceField(label=_("달성 여부"), choices=TargetDecision.choices)
    evidence = forms.CharField(label=_("판정 근거"), widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(label=_("판정일"), widget=forms.DateInput(attrs={"type": "date"}))
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)


@admin.register(YearlyTarget)
class YearlyTargetAdmin(VersionedAdminMixin, ScopedModelAdmin):
    """Yearly targets: the unit writes them; only the 총괄부서 records the year-end decision, on its own page."""

    list_display = ["pledge", "year", "target", "decision", "decided_on"]
    list_filter = ["year", "decision", scoped_unit_filter("pledge__lead_unit", _("소관부서"))]
    search_fields = ["pledge__code", "pledge__title", "target"]
    list_select_related = ["pledge"]
    change_form_template = "admin/pledges/yearlytarget/change_form.html"
    decision_fields = ["decision", "evidence", "decided_on", "decided_by", "version"]

    def get_readonly_fields(self, request, obj=None):
        """The decision is never typed into the form; a decided target is frozen."""
        if obj is not None and obj.is_decided:
            return ["pledge", *TARGET_FIELDS, *self.decision_fields]
        return self.decision_fields

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope, the term's years and the version again."""
        values = {name: form.cleaned_data[name] for name in ("pledge", *TARGET_FIELDS) if name in form.cleaned_data}
        saved = yearly_target_save(
            user=request.user,
            target=obj if change else YearlyTarget(),
            values=values,
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def get_urls(self):
        """The decision page of a target."""
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/", wrap(self.decide_view), name="pledges_yearlytarget_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """Record the year-end decision through the service, which refuses everyone but the 총괄부서."""
        target = get_object_or_404(self.get_queryset(request), pk=pk)
        form = TargetDecisionForm(
            request.POST or None,
            initial={
                "decision": target.decision,
                "evidence": target.evidence,
                "decided_on": target.decided_on,
                "opened_version": target.version,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            opened = data.pop("opened_version") or None
            try:
                yearly_target_decide(user=request.user, target=target, opened=opened, **data)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("달성 여부를 판정했습니다. 시민에게 공개됩니다."))
                return redirect(reverse("admin:pledges_yearlytarget_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "target": target,
            "form": form,
            "title": _("연차별 목표 달성 판정"),
        }
        return TemplateResponse(request, "admin/pledges/yearlytarget/decide.html", context)
