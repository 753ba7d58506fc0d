"""Admin of the citizen panels: only the 총괄부서 of the panel's city keeps panels, members, meetings and opinions."""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from plans.models import Municipality
from pledges.models import CitizenPanel, PanelMeeting, PanelMember, PanelOpinion
from pledges.panel_services import (
    panel_meeting_approve,
    panel_meeting_return,
    panel_meeting_save,
    panel_meeting_submit,
    panel_record_save,
)
from portal.admin_scoping import ScopedModelAdmin
from portal.admin_workflow import ReviewWorkflowMixin
from portal.corrections import ReviewState

MEETING_FIELDS = ("panel", "held_on", "agenda", "summary")
MEETING_WORKFLOW_FIELDS = ["state", "submitted_at", "reviewed_by", "reviewed_at", "return_reason", "version"]


class CoordinatorRecordAdmin(ScopedModelAdmin):
    """A city's panel record: written through the service, which admits only that city's 총괄부서."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A municipality is the user's own (the scope of a coordinator is one city)."""
        if db_field.related_model is Municipality:
            kwargs["queryset"] = Municipality.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Write through the service, which checks the city, the role and the meeting's state again."""
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        if not change:
            values = {name: form.cleaned_data[name] for name in form.cleaned_data}
            obj = type(obj)()
        saved = panel_record_save(user=request.user, record=obj, values=values)
        form.instance.pk = saved.pk


@admin.register(CitizenPanel)
class CitizenPanelAdmin(CoordinatorRecordAdmin):
    """The city's panels: 공약이행평가단, 시민배심원단 and others."""

    list_display = ["name", "kind", "municipality", "term", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["municipality", "term"]


@admin.register(PanelMember)
class PanelMemberAdmin(CoordinatorRecordAdmin):
    """Members by name and category; without consent they are only counted on the public page."""

    list_display = ["name", "category", "panel", "consent", "consented_on"]
    list_filter = ["category", "consent"]
    search_fields = ["name", "panel__name"]
    list_select_related = ["panel"]


@admin.register(PanelOpinion)
class PanelOpinionAdmin(CoordinatorRecordAdmin):
    """Opinions of a meeting and the city's responses; the opinion is fixed once the meeting is submitted."""

    list_display = ["meeting", "order", "responded_on"]
    search_fields = ["opinion", "city_response", "meeting__agenda"]
    list_select_related = ["meeting__panel"]

    def get_readonly_fields(self, request, obj=None):
        """Only the city's response stays open once the meeting is submitted or approved."""
        if obj is not None and not obj.meeting.is_editable:
            return ["meeting", "order", "opinion"]
        return []


@admin.register(PanelMeeting)
class PanelMeetingAdmin(ReviewWorkflowMixin, ScopedModelAdmin):
    """Meetings: written and submitted by the 총괄부서, approved or returned by it; public once approved."""

    workflow_record_name = "meeting"
    workflow_services = {
        "submit": panel_meeting_submit,
        "approve": panel_meeting_approve,
        "return": panel_meeting_return,
    }
    workflow_messages = {
        "submit": _("평가단 회의를 제출했습니다."),
        "approve": _("평가단 회의를 승인했습니다. 시민에게 공개됩니다."),
        "return": _("평가단 회의를 반려했습니다."),
    }
    list_display = ["agenda", "panel", "held_on", "state", "reviewed_at"]
    list_filter = ["state"]
    search_fields = ["agenda", "summary", "panel__name"]
    list_select_related = ["panel"]
    filter_horizontal = ["pledges"]
    change_form_template = "admin/reviewed_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; everything once submitted or approved."""
        if obj is not None and not obj.is_editable:
            return [*MEETING_FIELDS, "pledges", *MEETING_WORKFLOW_FIELDS]
        return MEETING_WORKFLOW_FIELDS

    def save_model(self, request, obj, form, change):
        """Write through the service, which admits only the city's 총괄부서 and its pledges."""
        saved = panel_meeting_save(
            user=request.user,
            meeting=obj if change else PanelMeeting(),
            values={name: form.cleaned_data[name] for name in MEETING_FIELDS if name in form.cleaned_data},
            pledges=list(form.cleaned_data.get("pledges") or []),
            opened=form.cleaned_data.get("opened_version") or None,
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """The pledges discussed were set by the service."""

    def correct_view(self, request, pk):
        """A meeting is not corrected after approval: the 총괄부서 that approved it records a new one."""
        raise Http404("panel meetings have no correction")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Offer the workflow buttons the user may use."""
        if obj is not None:
            user = request.user
            context["workflow"] = self.workflow_context(
                obj,
                can_submit=obj.is_editable and user.is_coordinator_of(obj.panel.municipality),
                can_review=user.is_coordinator_of(obj.panel.municipality)
                and user.has_perm("pledges.review_panelmeeting")
                and obj.state == ReviewState.SUBMITTED,
                can_correct=False,
                submit_label=_("저장 후 제출"),
                submit_after_save=obj.is_editable,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
