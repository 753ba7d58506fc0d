"""The admin side of department scoping, shared by every app's admin.

One rule for every registration: a model admin is either a `ScopedModelAdmin` (rows,
choices, history and actions limited by `for_user`) or a `SuperuserOnlyAdmin`.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_history import HistoryAdminMixin
from portal.organisation import unit_model


def limit_choices_to_scope(db_field, request, kwargs):
    """Set the choices of a relation field to the rows of its model that `request.user` may see."""
    manager = db_field.related_model._default_manager
    if "queryset" not in kwargs and hasattr(manager, "for_user"):
        kwargs["queryset"] = manager.for_user(request.user)


def tracks_history(model):
    """True when django-simple-history keeps the model's versions."""
    return hasattr(model._meta, "simple_history_manager_attribute")


class ScopedInlineMixin:
    """Foreign-key and many-to-many choices limited to the user's scope, for model admins and inlines."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only in-scope choices for foreign keys to scoped models."""
        limit_choices_to_scope(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Offer only in-scope choices for many-to-many fields to scoped models."""
        limit_choices_to_scope(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedModelAdmin(ScopedInlineMixin, HistoryAdminMixin, SimpleHistoryAdmin):
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

    def history_view(self, request, object_id, extra_context=None):
        """Versions kept by simple-history; Django's own change log for models it does not track."""
        if not tracks_history(self.model):
            response = admin.ModelAdmin.history_view(self, request, object_id, extra_context)
            if hasattr(response, "template_name"):
                response.template_name = "admin/object_history.html"  # Django's change log, not simple-history's page
            return response
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read only: posting it would revert past the services' rules."""
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """A registration that only superusers reach: nothing in it belongs to one city or unit."""

    def has_module_permission(self, request):
        """Only superusers see the model on the admin index."""
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        """Only superusers view it."""
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        """Only superusers add to it."""
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        """Only superusers change it."""
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        """Only superusers delete from it."""
        return self.has_module_permission(request)


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
