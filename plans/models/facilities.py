"""Facilities a plan reports on (일반현황·시설현황), such as 002's 스마트시티 통합센터."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.organisation import Municipality, OrgUnit
from plans.models.plans import Plan
from portal.scoping import ScopedQuerySet


class FacilityQuerySet(ScopedQuerySet):
    """Facilities, scoped by the unit that runs them."""

    scope_field = "unit"

    def published(self):
        """Facilities citizens may read: none reported only by an unpublished plan."""
        return self.exclude(plan__is_published=False)

    def with_staff(self):
        """Facilities with their unit and staff breakdown loaded, in document order."""
        return self.select_related("unit__municipality", "plan").prefetch_related("staff").order_by("order", "pk")


class Facility(models.Model):
    """A facility as the document describes it: opening date, place, floor area, hours and staff."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("지방자치단체")
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="facilities", verbose_name=_("업무계획")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("운영 부서"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    name = models.CharField(_("시설명"), max_length=200)
    opened_on = models.DateField(_("개소일자"), null=True, blank=True)
    opened_text = models.CharField(_("개소일자 원문"), max_length=50, blank=True)
    address = models.CharField(_("위치"), max_length=300, blank=True)
    floors = models.CharField(_("층"), max_length=50, blank=True)
    floor_area_m2 = models.DecimalField(_("면적(㎡)"), max_digits=12, decimal_places=2, null=True, blank=True)
    gross_floor_area_m2 = models.DecimalField(
        _("총 연면적(㎡)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    operating_hours = models.CharField(_("운영시간"), max_length=100, blank=True)
    staff_total = models.PositiveIntegerField(_("근무인원(명)"), null=True, blank=True)
    duties = models.JSONField(_("주요업무"), default=list, blank=True)
    source = models.CharField(_("출처 문서"), max_length=20, blank=True)
    history = HistoricalRecords()

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("시설")
        verbose_name_plural = _("시설")
        ordering = ["municipality", "order", "pk"]

    def __str__(self):
        return self.name

    @property
    def staff_breakdown_total(self):
        """The sum of the staff breakdown, None when any part is unknown or there is none."""
        counts = [member.count for member in self.staff.all()]
        if not counts or any(count is None for count in counts):
            return None
        return sum(counts)


class FacilityStaff(models.Model):
    """One part of a facility's staff as the document breaks it down (市 공무원 20명 …)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="staff", verbose_name=_("시설"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    label = models.CharField(_("구분"), max_length=100)
    count = models.PositiveIntegerField(_("인원(명)"), null=True, blank=True)
    note = models.CharField(_("비고"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("시설 근무인원")
        verbose_name_plural = _("시설 근무인원")
        ordering = ["facility", "order"]

    def __str__(self):
        return f"{self.label} {self.count if self.count is not None else '-'}명"
