"""History pages that show every change of an object and of its inline rows; never a revert."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.forms.models import _get_foreign_key
from django.utils import timezone

INLINE_HISTORY_ROWS = 200


class HistoryAdminMixin:
    """For a SimpleHistoryAdmin: the object's history lists its inlines' changes too; old versions are view-only.

    Each row says who, when, what (added, changed, deleted) and, for a change, the fields
    before and after. Posting an old version back is refused: a revert would bypass the
    services' rules (review, versions, scope).
    """

    object_history_template = "admin/object_history_with_inlines.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version can be looked at, never saved back."""
        if request.method == "POST" and getattr(settings, "SIMPLE_HISTORY_REVERT_DISABLED", False):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The object's own history, then the changes of its inline rows, newest first."""
        obj = self.get_queryset(request).filter(pk=object_id).first()
        rows = self.inline_history(obj) if obj is not None else []
        return super().history_view(request, object_id, {**(extra_context or {}), "inline_history": rows})

    def inline_history(self, obj):
        """(when, who, kind, row, changes) of every inline row of `obj` that keeps a history, newest first."""
        rows = []
        for inline in self.inlines:
            model = inline.model
            if not hasattr(model, "history"):
                continue
            foreign_key = _get_foreign_key(self.model, model, fk_name=inline.fk_name)
            latest = {}
            newest = (
                model.history.filter(**{foreign_key.attname: obj.pk})
                .select_related("history_user")
                .order_by("-history_id")[: INLINE_HISTORY_ROWS * 5]
            )
            for record in reversed(list(newest)):
                previous = latest.get(record.id)
                latest[record.id] = record
                changes = []
                if record.history_type == "~" and previous is not None:
                    delta = record.diff_against(previous, excluded_fields=["version"])
                    changes = [
                        (model._meta.get_field(change.field).verbose_name, change.old, change.new)
                        for change in delta.changes
                    ]
                rows.append(
                    {
                        "when": timezone.localtime(record.history_date),
                        "order": record.history_id,
                        "who": record.history_user,
                        "kind": record.get_history_type_display(),
                        "model": model._meta.verbose_name,
                        "row": str(record.instance),
                        "changes": changes,
                    }
                )
        rows.sort(key=lambda row: (row["when"], row["order"]), reverse=True)
        return rows[:INLINE_HISTORY_ROWS]
