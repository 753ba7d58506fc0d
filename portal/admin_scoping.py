"""The admin side of department scoping, shared by every app's admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.organisation import unit_model


class ScopedModelAdmin(SimpleHistoryAdmin):
    """Lists, change pages, history, actions and foreign-key choices limited by `for_user`.

    The model's default manager must offer `for_user(user)`; so must any related model
    whose choices should be limited. History pages (who, when, before, after) come with it.
    """

    def get_queryset(self, request):
        """Only the rows the user's unit may see."""
        queryset = self.model._default_manager.for_user(request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _in_scope(self, request, obj):
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        """Viewing an object, its history included, needs it to be in scope."""
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        """Changing an object needs it to be in scope."""
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Deleting an object needs it to be in scope."""
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only in-scope choices for foreign keys to scoped models."""
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Offer only in-scope choices for many-to-many fields to scoped models."""
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit_choices(self, db_field, request, kwargs):
        manager = db_field.related_model._default_manager
        if "queryset" not in kwargs and hasattr(manager, "for_user"):
            kwargs["queryset"] = manager.for_user(request.user)


def scoped_unit_filter(field_path, title):
    """A list filter offering only the units the user may see, on `field_path` (a unit FK)."""

    class ScopedUnitFilter(admin.SimpleListFilter):
        parameter_name = field_path.replace("__", "_") + "_id"

        def lookups(self, request, model_admin):
            units = unit_model().objects.for_user(request.user).select_related("municipality")
            return [(unit.pk, f"{unit.municipality.name} {unit.name}") for unit in units]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{field_path: self.value()})
            return queryset

    ScopedUnitFilter.title = title
    return ScopedUnitFilter
