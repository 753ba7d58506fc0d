"""Admin for the report download log, and the registrations of other apps that only superusers reach."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group

from portal.admin_scoping import ScopedModelAdmin, SuperuserOnlyAdmin
from portal.models import ReportDownload


@admin.register(ReportDownload)
class ReportDownloadAdmin(ScopedModelAdmin):
    """Who took which report with which filters; a record, never edited; the coordinating office sees its city's."""

    list_display = ["created_at", "user", "report", "filters", "channel", "rows"]
    list_filter = ["report", "channel"]
    search_fields = ["user__username", "report"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        """Records are written by downloads only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Records are never edited."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Records are kept."""
        return False


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
