"""Admin for the contents of a pledge card: entries by period with their events, outcomes and evidence."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from pledges.admin.pledges import CardContentsInlineMixin
from pledges.models import (
    CardEntry,
    CardEvent,
    CardOutcome,
    EvidenceFile,
    PledgeCard,
)
from pledges.services import evidence_attach
from portal.admin_scoping import ScopedModelAdmin
from portal.admin_workflow import VersionedAdminMixin
from portal.evidence import EvidenceUploadForm


class EntryContentsInlineMixin(CardContentsInlineMixin):
    """Rows of an entry: frozen with the entry's card."""

    def card_of(self, obj):
        """The card of the entry."""
        return obj.card


class CardEventInline(EntryContentsInlineMixin, admin.StackedInline):
    """Dated events of an entry."""

    model = CardEvent
    extra = 0
    fields = ["order", "group_heading", "title", "date", "date_text", "details"]


class CardOutcomeInline(EntryContentsInlineMixin, admin.TabularInline):
    """Measured results of an entry."""

    model = CardOutcome
    extra = 0


class EvidenceFileInline(EntryContentsInlineMixin, admin.TabularInline):
    """Evidence of an entry; new files come through the upload field, checked by content."""

    model = EvidenceFile
    extra = 0
    fields = ["order", "label", "file", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["file", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        """Files are added through the checked upload field of the entry form."""
        return False


class CardEntryForm(EvidenceUploadForm):
    """An entry, plus an optional evidence upload that is checked before anything is stored."""

    class Meta:
        model = CardEntry
        fields = ["card", "order", "kind", "label", "period_start", "period_end"]


@admin.register(CardEntry)
class CardEntryAdmin(VersionedAdminMixin, ScopedModelAdmin):
    """One block of results or plans, with its events, outcomes and evidence; frozen with its card."""

    form = CardEntryForm
    change_form_template = "admin/reviewed_change_form.html"
    list_display = ["card", "kind", "label"]
    list_select_related = ["card__pledge"]
    inlines = [CardEventInline, CardOutcomeInline, EvidenceFileInline]

    def has_change_permission(self, request, obj=None):
        """An entry changes only while its card is written or returned."""
        return (obj is None or obj.card.is_editable) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """An entry of a submitted or approved card stays."""
        return (obj is None or obj.card.is_editable) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """New entries go only to cards still being written."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "card":
            field.queryset = field.queryset.filter(state__in=PledgeCard.EDITABLE_STATES)
        return field

    def save_model(self, request, obj, form, change):
        """Refuse a card that is no longer being written (checked under lock), then save a new version."""
        card = PledgeCard.objects.for_user(request.user).select_for_update().get(pk=obj.card_id)
        if not card.is_editable:
            raise PermissionDenied
        obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Save the inlines, then the new evidence file through the checking service."""
        super().save_related(request, form, formsets, change)
        uploaded = form.cleaned_data.get("evidence_file")
        if uploaded:
            evidence_attach(
                user=request.user, entry=form.instance, label=form.cleaned_data["evidence_label"], uploaded=uploaded
            )
