"""Admin of the city's 공약 관리 규정: kept by the coordinating office (its role holds the permissions)."""

from django.contrib import admin
from django.db import models

from pledges.models import ManagementRules
from portal.admin_scoping import ScopedModelAdmin


@admin.register(ManagementRules)
class ManagementRulesAdmin(ScopedModelAdmin):
    """Each enacted version of the rules, its text as enacted; public at once, as the enacted text is."""

    list_display = ["title", "municipality", "kind", "enacted_on", "issuing_unit"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    list_select_related = ["municipality"]
    fields = ["municipality", "title", "kind", "enacted_on", "issuing_unit", "link", "body"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
