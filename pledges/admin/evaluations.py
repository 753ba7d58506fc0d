"""Admin of quarterly self-evaluations, the cooperating units' parts and the 부진공약 records."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Municipality, OrgUnit
from pledges.admin.pledges import _add_errors
from pledges.lagging import lagging_pledges, rule_text
from pledges.lagging_services import MEASURE_FIELDS, REVIEW_FIELDS, lagging_measure_save, lagging_review_save
from pledges.models import (
    DECIDED_STATUSES,
    LaggingMeasure,
    LaggingReview,
    Pledge,
    SelfEvaluation,
    SelfEvaluationContribution,
)
from pledges.self_evaluation import (
    CONTRIBUTION_FIELDS,
    EVALUATION_FIELDS,
    contribution_save,
    cooperating_unit_ids,
    self_evaluation_approve,
    self_evaluation_correct,
    self_evaluation_decide_completion,
    self_evaluation_return,
    self_evaluation_save,
    self_evaluation_submit,
)
from portal.admin_scoping import ScopedModelAdmin, scoped_unit_filter
from portal.admin_workflow import ReviewWorkflowMixin, VersionedAdminMixin
from portal.paging import page_of

WORKFLOW_FIELDS = [
    "state",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "return_reason",
    "corrects",
    "corrected_at",
    *SelfEvaluation.DECISION_FIELDS,
    "version",
]


class ContributionInline(admin.TabularInline):
    """The cooperating units' parts, shown inside the lead unit's evaluation; each unit writes its own elsewhere."""

    model = SelfEvaluationContribution
    extra = 0
    can_delete = False
    fields = ["unit", "content", "problems"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        """Parts are written by the cooperating unit on its own page."""
        return False

    def has_change_permission(self, request, obj=None):
        """The lead unit reads the parts; it does not change them."""
        return False


class CompletionForm(forms.Form):
    """The 총괄부서's decision: 완료 or 이행후 계속추진, the criterion met and the date."""

    status = forms.ChoiceField(label=_("이행 상태"), choices=[(s.value, s.label) for s in DECIDED_STATUSES])
    criterion = forms.CharField(label=_("완료 기준"), widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(label=_("결정일"), widget=forms.DateInput(attrs={"type": "date"}))
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(ReviewWorkflowMixin, ScopedModelAdmin):
    """Quarterly self-evaluations: the lead unit writes and submits; the 총괄부서 approves, returns or decides 완료."""

    workflow_record_name = "evaluation"
    workflow_services = {
        "submit": self_evaluation_submit,
        "approve": self_evaluation_approve,
        "return": self_evaluation_return,
    }
    workflow_messages = {
        "submit": _("자체평가를 제출했습니다."),
        "approve": _("자체평가를 승인했습니다. 시민에게 공개됩니다."),
        "return": _("자체평가를 반려했습니다."),
    }
    list_display = ["pledge", "year", "quarter", "grade", "progress", "state", "submitted_at", "reviewed_at"]
    list_filter = ["year", "quarter", "grade", "state", scoped_unit_filter("pledge__lead_unit", _("주관부서"))]
    search_fields = ["pledge__code", "pledge__title"]
    list_select_related = ["pledge"]
    inlines = [ContributionInline]
    readonly_fields = ["cooperating_units"]
    change_form_template = "admin/pledges/selfevaluation/change_form.html"

    def get_inlines(self, request, obj):
        """The cooperating units' parts once the evaluation exists; a new one has none."""
        return self.inlines if obj is not None else []

    @admin.display(description=_("협조부서 (실천계획)"))
    def cooperating_units(self, obj):
        """The units that owe a part, and which of them have written it."""
        if obj is None or obj.pk is None:
            return "-"
        units = OrgUnit.objects.filter(pk__in=cooperating_unit_ids(obj.pledge)).order_by("name")
        written = set(obj.contributions.values_list("unit_id", flat=True))
        return ", ".join(f"{unit.name} ({_('작성') if unit.pk in written else _('미작성')})" for unit in units) or "-"

    def get_readonly_fields(self, request, obj=None):
        """Workflow and decision fields always; everything once submitted or approved."""
        if obj is not None and not obj.is_editable:
            return [field.name for field in SelfEvaluation._meta.fields if field.name != "id"] + ["cooperating_units"]
        return [*WORKFLOW_FIELDS, "cooperating_units"]

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope, state, the term and the version again."""
        if change and not obj.is_editable:
            raise PermissionDenied
        values = {name: form.cleaned_data[name] for name in EVALUATION_FIELDS if name in form.cleaned_data}
        saved = self_evaluation_save(
            user=request.user,
            evaluation=obj if change else SelfEvaluation(),
            values=values,
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def get_urls(self):
        """The completion decision page, besides the workflow endpoints."""
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/", wrap(self.decide_view), name="pledges_selfevaluation_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """The 총괄부서 declares the pledge 완료 or 이행후 계속추진 on this evaluation, with the criterion."""
        evaluation = get_object_or_404(self.get_queryset(request), pk=pk)
        form = CompletionForm(request.POST or None, initial={"opened_version": evaluation.version})
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            opened = data.pop("opened_version") or None
            try:
                self_evaluation_decide_completion(user=request.user, evaluation=evaluation, opened=opened, **data)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("이행 상태를 결정했습니다."))
                return redirect(self._change_url(pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "evaluation": evaluation,
            "form": form,
            "title": _("완료 결정 (총괄부서)"),
        }
        return TemplateResponse(request, "admin/pledges/selfevaluation/decide.html", context)

    def correct_view(self, request, pk):
        """Open the correction of an approved evaluation (a reviewed copy) and go to it."""
        evaluation = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method != "POST":
            return redirect(self._change_url(pk))
        try:
            correction = self_evaluation_correct(user=request.user, evaluation=evaluation)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect(self._change_url(pk))
        messages.success(request, _("정정 기록을 열었습니다. 승인되기 전까지 시민에게는 승인된 내용이 보입니다."))
        return redirect(self._change_url(correction.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the workflow buttons the user may use."""
        if obj is not None:
            reviewer = request.user.is_coordinator and request.user.has_perm("pledges.review_selfevaluation")
            context["workflow"] = self.workflow_context(
                obj,
                can_submit=obj.is_editable,
                can_review=reviewer and obj.state == SelfEvaluation.State.SUBMITTED,
                can_correct=obj.state == SelfEvaluation.State.APPROVED and self.has_change_permission(request, obj),
                submit_label=_("저장 후 총괄부서에 제출"),
                submit_after_save=obj.is_editable,
            )
            context["workflow"]["correct_by_post"] = True
            context["can_decide"] = reviewer and obj.state in (
                SelfEvaluation.State.SUBMITTED,
                SelfEvaluation.State.APPROVED,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(SelfEvaluationContribution)
class SelfEvaluationContributionAdmin(VersionedAdminMixin, ScopedModelAdmin):
    """A cooperating unit's part of a lead unit's self-evaluation: only that unit's staff reach it."""

    list_display = ["evaluation", "unit"]
    list_filter = [scoped_unit_filter("unit", _("협조부서"))]
    search_fields = ["evaluation__pledge__code", "evaluation__pledge__title"]
    list_select_related = ["evaluation__pledge", "unit"]
    change_form_template = "admin/reviewed_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        """Which evaluation and unit a part belongs to is fixed once written; all of it once the evaluation is filed."""
        if obj is None:
            return ["version"]
        if not obj.evaluation.is_editable:
            return ["evaluation", "unit", *CONTRIBUTION_FIELDS, "version"]
        return ["evaluation", "unit", "version"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Evaluations still open of pledges the user's units cooperate on (not the lead unit's scope)."""
        if db_field.name == "evaluation":
            units = OrgUnit.objects.for_user(request.user)
            kwargs["queryset"] = (
                SelfEvaluation.objects.filter(
                    state__in=SelfEvaluation.EDITABLE_STATES,
                    pledge__texts__kind="plan",
                    pledge__texts__state="approved",
                    pledge__texts__cooperating_units__in=units,
                )
                .select_related("pledge")
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks the unit, the 실천계획's 협조부서 and the evaluation's state."""
        values = {name: form.cleaned_data[name] for name in CONTRIBUTION_FIELDS if name in form.cleaned_data}
        saved = contribution_save(
            user=request.user,
            contribution=obj if change else SelfEvaluationContribution(),
            values=values,
            evaluation=None if change else form.cleaned_data.get("evaluation"),
            unit=None if change else form.cleaned_data.get("unit"),
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk


@admin.register(LaggingMeasure)
class LaggingMeasureAdmin(VersionedAdminMixin, ScopedModelAdmin):
    """The lead unit's cause and measures for a lagging pledge, owed before the half-year 보고회."""

    list_display = ["pledge", "year", "half"]
    list_filter = ["year", "half", scoped_unit_filter("pledge__lead_unit", _("주관부서"))]
    search_fields = ["pledge__code", "pledge__title"]
    list_select_related = ["pledge"]
    readonly_fields = ["version"]
    change_form_template = "admin/reviewed_change_form.html"

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks scope and version."""
        values = {name: form.cleaned_data[name] for name in MEASURE_FIELDS if name in form.cleaned_data}
        saved = lagging_measure_save(
            user=request.user,
            measure=obj if change else LaggingMeasure(),
            values=values,
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk


@admin.register(LaggingReview)
class LaggingReviewAdmin(ScopedModelAdmin):
    """The 총괄부서's half-year 보고회 and, on its own page, the list of lagging pledges with cause and measures."""

    list_display = ["title", "municipality", "held_on", "year", "half"]
    list_filter = ["year", "half"]
    search_fields = ["title", "decisions"]
    list_select_related = ["municipality"]
    filter_horizontal = ["pledges"]
    change_list_template = "admin/pledges/laggingreview/change_list.html"

    def save_model(self, request, obj, form, change):
        """Write through the service, which admits only the coordinating office of the city and its pledges."""
        saved = lagging_review_save(
            user=request.user,
            review=obj if change else LaggingReview(),
            values={name: form.cleaned_data[name] for name in REVIEW_FIELDS if name in form.cleaned_data},
            pledges=list(form.cleaned_data.get("pledges") or []),
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """The reviewed pledges were set by the service."""

    def get_urls(self):
        """The lagging list."""
        wrap = self.admin_site.admin_view
        return [path("lagging/", wrap(self.lagging_view), name="pledges_laggingreview_lagging"), *super().get_urls()]

    def lagging_view(self, request):
        """부진공약 of the user's city (within the user's scope): reason, cause and measures, paged."""
        user = request.user
        if not user.has_perm("pledges.view_laggingreview"):
            raise PermissionDenied
        municipality = Municipality.objects.filter(units=user.unit_id).first() if user.unit_id else None
        rows = lagging_pledges(municipality, within=Pledge.objects.for_user(user)) if municipality else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "municipality": municipality,
            "rows": page_of(request, rows),
            "rule": rule_text(),
            "measure_add_url": reverse("admin:pledges_laggingmeasure_add"),
            "title": _("부진공약"),
        }
        return TemplateResponse(request, "admin/pledges/laggingreview/lagging.html", context)
