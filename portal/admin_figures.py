"""The admin of a periodic figure that staff enter and a head approves (KPI actuals, budget execution).

A figure is entered or changed through its save service, so who entered it is recorded and
it waits for approval; once approved it is read-only and changes only through a correction.
Heads approve many at once on a confirmation page that shows every value to be approved.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portal.admin_workflow import ReviewWorkflowMixin, confirm_and_run
from portal.corrections import ReviewState
from portal.review import correction_rows, open_correction, version_token

FIGURE_WORKFLOW_FIELDS = ["state", "entered_by", "reviewed_by", "reviewed_at", "return_reason", "corrected_at"]


class ReviewedFigureAdminMixin(ReviewWorkflowMixin):
    """Entry through `workflow_services["save"]`, review steps, bulk approval and the correction column.

    Declare `entry_fields` (what staff enter), `workflow_services` with "save", "approve" and
    "return", `review_permission` (who approves), `approval_select_related` and
    `approval_success` / `approval_title` for the bulk confirmation; `figure_rows(record)`
    describes one not-yet-approved figure on that page as (field, before, after) rows.
    """

    change_form_template = "admin/reviewed_change_form.html"
    entry_fields: list[str] = []
    workflow_fields = FIGURE_WORKFLOW_FIELDS
    review_permission = ""
    approval_select_related: list[str] = []
    approval_success = ""
    approval_title = ""

    @property
    def fields(self):
        """What staff enter, then the workflow's own fields."""
        return [*self.entry_fields, *self.workflow_fields]

    @admin.display(description=_("정정"))
    def correction_state(self, record):
        """The state of the open correction of an approved figure, if any."""
        correction = open_correction(record) if record.state == ReviewState.APPROVED else None
        return correction.get_state_display() if correction else "-"

    def get_readonly_fields(self, request, obj=None):
        """Workflow fields always; an approved figure changes only through a correction."""
        if obj is not None and obj.state == ReviewState.APPROVED:
            return [*self.entry_fields, *self.workflow_fields]
        return self.workflow_fields

    def save_model(self, request, obj, form, change):
        """Write through the save service: who entered it is recorded and it waits for approval."""
        if change and obj.state == ReviewState.APPROVED:
            raise PermissionDenied  # an approved figure changes only through its correction page
        saved = self.workflow_services["save"](
            user=request.user,
            values={name: form.cleaned_data[name] for name in self.entry_fields if name in form.cleaned_data},
            opened=form.cleaned_data.get("opened_version") or None,
            **{self.workflow_record_name: obj if change else None},
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

    def approve_figures(self, request, queryset):
        """Show every selected figure (or its correction) value by value, then approve exactly those."""
        approve = self.workflow_services["approve"]
        return confirm_and_run(
            self,
            request,
            queryset.select_related(*self.approval_select_related),
            describe=self._approval_rows,
            run=lambda *, user, item, opened: approve(user=user, opened=opened, **{self.workflow_record_name: item}),
            token=version_token,
            success=self.approval_success,
            title=self.approval_title,
        )

    def has_review_permission(self, request):
        """Whoever holds `review_permission` (heads of unit, the coordinating office) approves."""
        return request.user.has_perm(self.review_permission)

    def _approval_rows(self, record):
        if record.state == ReviewState.APPROVED:
            correction = open_correction(record)
            return correction_rows(correction) if correction else [(_("정정"), "-", "-")]
        return self.figure_rows(record)

    def figure_rows(self, record):
        """(field, before, after) rows describing one figure waiting for approval."""
        raise NotImplementedError
