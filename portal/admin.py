"""Admin for the report download log, the outbox, corrections (정정) waiting for review, and the registrations only superusers reach."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.admin_scoping import ScopedModelAdmin, SuperuserOnlyAdmin, scoped_unit_filter
from portal.admin_workflow import confirm_and_run
from portal.models import Correction, Follow, OutboxMessage, ReportDownload
from portal.review import correction_approve, correction_rows, review_permissions, version_token


class KeptRecordAdmin(ScopedModelAdmin):
    """Records written by the portal's own steps (a download, a correction's page): never added, edited or deleted here."""

    def has_add_permission(self, request):
        """Written by the portal's own steps only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Changed by the portal's own steps only (a correction by its review), never edited here."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Kept."""
        return False


@admin.register(ReportDownload)
class ReportDownloadAdmin(KeptRecordAdmin):
    """Who took which report with which filters; a record, never edited; the coordinating office sees its city's."""

    list_display = ["created_at", "user", "report", "filters", "channel", "rows"]
    list_filter = ["report", "channel"]
    search_fields = ["user__username", "report"]
    list_select_related = ["user"]


# Role groups and their permissions are code (portal.roles); login records span every city.
# Coordinating offices unlock their own staff from the user list instead.
for model, stock_admin in [
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(
        model, type(stock_admin.__name__, (SuperuserOnlyAdmin, stock_admin), {"__doc__": stock_admin.__doc__})
    )


@admin.register(Correction)
class CorrectionAdmin(KeptRecordAdmin):
    """Corrections of approved figures, by unit and year; a reviewer approves them in bulk, seeing each value."""

    list_display = ["label", "content_type", "year", "state", "author", "created_at", "record_link"]
    list_filter = ["state", "content_type", "year", scoped_unit_filter("scope_unit", _("소관 조직"))]
    search_fields = ["label"]
    list_select_related = ["content_type", "author"]
    readonly_fields = ["record_link", "changed_values", "state", "author", "submitted_at", "reviewed_by"]
    fields = [*readonly_fields, "reviewed_at", "return_reason"]
    actions = ["approve_selected"]

    @admin.display(description=_("대상"))
    def record_link(self, correction):
        """A link to the corrected record's own page."""
        opts = correction.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[correction.object_id])
        return format_html('<a href="{}">{}</a>', url, correction.label)

    @admin.display(description=_("정정 내용"))
    def changed_values(self, correction):
        """Each corrected field: the approved value and the new one."""
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} → {}</li>", correction_rows(correction)))

    def get_actions(self, request):
        """Bulk approval for reviewers only."""
        actions = super().get_actions(request)
        if not any(request.user.has_perm(permission) for permission in review_permissions()):
            actions.pop("approve_selected", None)
        return actions

    @admin.action(description=_("선택한 정정 승인"))
    def approve_selected(self, request, queryset):
        """Show the selected corrections value by value, then approve exactly those versions."""
        return confirm_and_run(
            self,
            request,
            queryset.select_related("content_type", "author"),
            describe=correction_rows,
            run=lambda *, user, item, opened: correction_approve(user=user, correction=item, opened=opened),
            token=lambda correction: version_token(correction.record),
            success=_("정정 %(count)d건을 승인했습니다."),
            title=_("정정 승인"),
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(KeptRecordAdmin):
    """The outbox: every reminder and notice with its delivery state; one's own, the coordinating office its city's."""

    list_display = ["created_at", "recipient", "kind", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient__username", "to", "subject", "key"]
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]


@admin.register(Follow)
class FollowAdmin(SuperuserOnlyAdmin):
    """Citizens' e-mail follows: personal data, superusers only, read-only.

    No history is kept: a follow is the citizen's own record, removed whole when they
    unsubscribe (or when an unconfirmed request expires), so no copy of the address outlives it.
    """

    list_display = ["email", "content_type", "object_id", "requested_at", "confirmed_at", "last_sent_at"]
    list_filter = ["content_type"]
    search_fields = ["email"]
    readonly_fields = list_display

    def has_add_permission(self, request, *args):
        """Only the citizen's own request writes a follow."""
        return False

    def has_change_permission(self, request, obj=None):
        """Never edited by staff."""
        return False
