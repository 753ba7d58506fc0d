"""Admin for the report download log and the outbox: read-only, the coordinating office sees its city's."""

from django.contrib import admin

from portal.models import OutboxMessage, ReportDownload


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The outbox: every reminder and notice with its delivery state; one's own, the coordinating office its city's."""

    list_display = ["created_at", "recipient", "kind", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient__username", "to", "subject", "key"]
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def get_queryset(self, request):
        """One's own messages; the coordinating office sees those of its city, superusers all."""
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        """Messages are written by the reminder job and the workflow only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Messages are a record and never edited."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Messages are kept."""
        return False
