"""Admin for the report download log: read-only, the coordinating office sees its city's."""

from django.contrib import admin

from portal.models import ReportDownload


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    """Who took which report with which filters; a record, never edited."""

    list_display = ["created_at", "user", "report", "filters", "channel", "rows"]
    list_filter = ["report", "channel"]
    search_fields = ["user__username", "report"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        """Every record for superusers; the coordinating office those of its city's people and exports."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__unit__municipality_id=getattr(request.user.unit, "municipality_id", None))

    def has_add_permission(self, request):
        """Records are written by downloads only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Records are never edited."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Records are kept."""
        return False
