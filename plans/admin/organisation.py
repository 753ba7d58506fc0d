"""Admin for the organisation, scoped to each staff member's unit."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from plans.models import Headcount, Municipality, OrgUnit, SourceDocument, User
from portal.admin_scoping import ScopedModelAdmin


@admin.register(Municipality)
class MunicipalityAdmin(ScopedModelAdmin):
    """Municipalities: edited by the coordinating office only (by permission)."""

    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class HeadcountInline(admin.TabularInline):
    """Headcount records of a unit, newest first."""

    model = Headcount
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedModelAdmin):
    """Units: each user sees their own unit and the units below it."""

    list_display = ["name", "kind", "municipality", "parent", "head_title", "head_name", "is_coordinating"]
    list_filter = ["municipality", "kind", "is_coordinating"]
    search_fields = ["name", "name_en", "head_name"]
    list_select_related = ["municipality", "parent"]
    inlines = [HeadcountInline]


@admin.register(Headcount)
class HeadcountAdmin(ScopedModelAdmin):
    """Headcounts (정원·현원) per unit and date."""

    list_display = ["unit", "as_of", "authorized", "current", "source"]
    list_filter = ["unit__municipality", "as_of"]
    list_select_related = ["unit", "unit__municipality"]


@admin.register(User)
class PortalUserAdmin(ScopedModelAdmin, UserAdmin):
    """Staff accounts with their unit; the coordinating office manages them."""

    list_display = ["username", "last_name", "first_name", "email", "unit", "is_active"]
    list_filter = ["is_active", "groups", "unit__municipality"]
    list_select_related = ["unit", "unit__municipality"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("소속"), {"fields": ["unit"]}),
    ]


@admin.register(SourceDocument)
class SourceDocumentAdmin(ScopedModelAdmin):
    """The documents figures cite: the coordinating office keeps its city's."""

    list_display = ["key", "title", "municipality", "issuing_unit", "issued_on", "as_of_text"]
    list_filter = ["municipality"]
    search_fields = ["key", "title", "issuing_unit"]
    list_select_related = ["municipality"]
