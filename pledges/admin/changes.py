"""Admin of the 조정 procedure: the lead unit's 변경안, the coordinating office's steps, citizens' comments."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pledges.changes import (
    REVIEW_PERMISSION,
    change_decide,
    change_open_comments,
    change_return,
    change_save,
    change_submit,
)
from pledges.comments import comment_answer, comment_moderate
from pledges.models import ChangeComment, ChangeResult, Pledge, PledgeChange, PledgeStatus
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.review import version_token

DATE = forms.DateInput(attrs={"type": "date"})


class OpenCommentsForm(forms.Form):
    """The public comment period the coordinating office opens."""

    comment_start = forms.DateField(label=_("의견 수렴 시작일"), widget=DATE)
    comment_end = forms.DateField(label=_("의견 수렴 종료일"), widget=DATE)


class ReturnForm(forms.Form):
    """Why the proposal goes back to the unit."""

    reason = forms.CharField(label=_("반려 사유"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    """The committee's decision as the coordinating office records it."""

    result = forms.ChoiceField(label=_("결정 결과"), choices=ChangeResult.choices)
    decision_body = forms.CharField(label=_("결정 기구"), max_length=200, help_text=_("예: 공약이행 시민평가단"))
    decided_on = forms.DateField(label=_("결정일"), widget=DATE)
    votes_for = forms.IntegerField(label=_("찬성"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("반대"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("기권"), min_value=0, required=False)
    decision_summary = forms.CharField(label=_("결정 요지"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


STEPS = {
    "open": (OpenCommentsForm, _("의견 수렴 시작 (검토 승인)"), _("검토를 마치고 의견 수렴을 시작했습니다.")),
    "return": (ReturnForm, _("변경안 반려"), _("변경안을 반려했습니다.")),
    "decide": (DecisionForm, _("평가단·위원회 결정 기록"), _("결정을 기록했습니다.")),
}


def _run(step, user, change, data, opened):
    if step == "open":
        return change_open_comments(user=user, change=change, opened=opened, **data)
    if step == "return":
        return change_return(user=user, change=change, reason=data["reason"], opened=opened)
    result = data.pop("result")
    return change_decide(user=user, change=change, result=result, values=data, opened=opened)


class ChangeCommentInline(admin.TabularInline):
    """The comments on a proposal, to read; moderation and answers are on each comment's page."""

    model = ChangeComment
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["submitted_at", "name", "text", "state", "answer"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        """Citizens write comments on the public page only."""
        return False


@admin.register(PledgeChange)
class PledgeChangeAdmin(ScopedModelAdmin):
    """변경안: the lead unit writes and submits; the 총괄부서 opens comments, returns, records the decision."""

    list_display = ["pledge", "kind", "reason_class", "state", "comment_start", "comment_end", "decided_on"]
    list_filter = ["state", "kind", "reason_class", scoped_unit_filter("pledge__lead_unit", _("소관부서"))]
    search_fields = ["pledge__code", "pledge__title", "reason"]
    list_select_related = ["pledge"]
    inlines = [ChangeCommentInline]
    change_form_template = "admin/pledges/pledgechange/change_form.html"

    def get_fields(self, request, obj=None):
        """The proposal's fields, then the procedure's record."""
        proposal = ["pledge", *PledgeChange.PROPOSAL_FIELDS]
        if obj is None:
            return proposal
        return [*proposal, "original_title", "original_target", *self._record_fields()]

    @staticmethod
    def _record_fields():
        return [
            "state", "filed_by", "submitted_at", "reviewed_by", "reviewed_at", "return_reason",
            "comment_start", "comment_end", "decision_body", "decided_on", "votes_for", "votes_against",
            "votes_abstain", "decision_summary", "result", "decision_recorded_by", "published_at", "version",
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        """Only a written or returned proposal's own fields are editable; the pledge once filed never."""
        if obj is None:
            return []
        if not obj.is_editable:
            return self.get_fields(request, obj)
        return ["pledge", "original_title", "original_target", *self._record_fields()]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A unit files for, and merges into, only the pledges it leads, never one already dropped."""
        if db_field.name in ("pledge", "merged_into"):
            kwargs["queryset"] = (
                Pledge.objects.filter(lead_unit_id=request.user.unit_id)
                .exclude(status=PledgeStatus.SCRAPPED)
                .select_related("term")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks the unit, the state and the version again."""
        values = {name: form.cleaned_data[name] for name in PledgeChange.PROPOSAL_FIELDS if name in form.cleaned_data}
        if not change:
            values["pledge"] = form.cleaned_data["pledge"]
        saved = change_save(user=request.user, change=obj if change else PledgeChange(), values=values, opened=None)
        obj.pk = saved.pk

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A refusal of the service is a message on the form, and nothing is stored."""
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            target = reverse("admin:pledges_pledgechange_change", args=[object_id]) if object_id else request.path
            return redirect(target)

    def get_urls(self):
        """The procedure's steps, before the admin's own URLs."""
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/submit/", wrap(require_POST(self.submit_view)), name="pledges_pledgechange_submit"),
            *(
                path(f"<int:pk>/{step}/", wrap(self.step_view), {"step": step}, name=f"pledges_pledgechange_{step}")
                for step in STEPS
            ),
            *super().get_urls(),
        ]

    def _change_url(self, pk):
        return reverse("admin:pledges_pledgechange_change", args=[pk])

    def submit_view(self, request, pk):
        """The lead unit submits its proposal to the coordinating office."""
        change = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            change_submit(user=request.user, change=change, opened=request.POST.get("opened_version") or None)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, _("변경안을 총괄부서에 제출했습니다."))
        return redirect(self._change_url(pk))

    def step_view(self, request, pk, step):
        """A step of the coordinating office (open comments, return, decide): its form, then the service."""
        change = get_object_or_404(self.get_queryset(request), pk=pk)
        form_class, title, done = STEPS[step]
        form = form_class(request.POST or None)
        opened = request.POST.get("opened_version") or version_token(change)
        if request.method == "POST" and form.is_valid():
            try:
                _run(step, request.user, change, dict(form.cleaned_data), opened)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(self._change_url(pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "change": change,
            "form": form,
            "title": title,
            "opened_version": opened,
        }
        return TemplateResponse(request, "admin/pledges/pledgechange/step.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the steps the user may take on this proposal."""
        if obj is not None:
            user = request.user
            reviewer = user.is_coordinator_of(obj.pledge.term.municipality) and user.has_perm(REVIEW_PERMISSION)
            context["procedure"] = {
                "opened_version": version_token(obj),
                "can_submit": obj.is_editable and user.unit_id == obj.pledge.lead_unit_id,
                "can_review": reviewer and obj.state == PledgeChange.State.SUBMITTED,
                "can_decide": reviewer and obj.state == PledgeChange.State.OPEN,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(ChangeComment)
class ChangeCommentAdmin(ScopedModelAdmin):
    """Citizens' comments: the 총괄부서 publishes or hides them; the lead unit answers published ones."""

    list_display = ["change", "name", "state", "submitted_at", "answered_at"]
    list_filter = ["state", scoped_unit_filter("change__pledge__lead_unit", _("소관부서"))]
    search_fields = ["change__pledge__code", "text"]
    list_select_related = ["change__pledge"]
    fields = ["change", "name", "text", "state", "submitted_at", "moderated_by", "moderated_at", "answer"]
    actions = ["publish", "hide"]

    def has_add_permission(self, request):
        """Citizens write comments on the public page only."""
        return False

    def has_delete_permission(self, request, obj=None):
        """A comment is on record: hidden, never deleted."""
        return False

    def get_readonly_fields(self, request, obj=None):
        """Everything but the unit's answer; the answer only once the comment is published."""
        if obj is not None and obj.state == ChangeComment.State.PUBLISHED:
            return [name for name in self.fields if name != "answer"]
        return self.fields

    def save_model(self, request, obj, form, change):
        """Answer through the service, which allows only the lead unit."""
        comment_answer(user=request.user, comment=obj, answer=form.cleaned_data.get("answer", ""))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A refused answer is a message, and nothing is stored."""
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect(reverse("admin:pledges_changecomment_change", args=[object_id]))

    def _moderate(self, request, queryset, publish):
        done = 0
        for comment in queryset:
            try:
                comment_moderate(user=request.user, comment=comment, publish=publish)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"{comment}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                done += 1
        if done:
            messages.success(request, _("%(count)d건을 처리했습니다.") % {"count": done})

    @admin.action(description=_("선택한 의견 공개"))
    def publish(self, request, queryset):
        """Publish the chosen comments (총괄부서 only)."""
        self._moderate(request, queryset, publish=True)

    @admin.action(description=_("선택한 의견 비공개"))
    def hide(self, request, queryset):
        """Keep the chosen comments hidden (총괄부서 only)."""
        self._moderate(request, queryset, publish=False)
