"""Admin for the facilities a plan describes; staff edit those their unit runs."""

from django.contrib import admin

from plans.models import Facility, FacilityStaff
from portal.admin_scoping import ScopedModelAdmin


class FacilityStaffInline(admin.TabularInline):
    """The staff breakdown of a facility (市 공무원 20명 …)."""

    model = FacilityStaff
    extra = 0


@admin.register(Facility)
class FacilityAdmin(ScopedModelAdmin):
    """Facilities (스마트시티 통합센터 …) with their opening date, place, area, hours and staff."""

    list_display = ["name", "unit", "opened_on", "staff_total", "plan"]
    list_filter = ["municipality"]
    search_fields = ["name", "address"]
    list_select_related = ["unit", "plan"]
    inlines = [FacilityStaffInline]
