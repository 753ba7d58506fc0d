"""Reopening a locked quarter for one unit (마감 해제), decided by the coordinating office with a reason."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.organisation import OrgUnit
from portal.periods import quarter, seoul_today
from portal.scoping import ScopedQuerySet


class PeriodReopeningQuerySet(ScopedQuerySet):
    """Reopenings, scoped by the unit they reopen for."""

    scope_field = "unit"

    def in_force(self, *, unit_id, quarter, today=None):
        """Reopenings of `quarter` for the unit `unit_id` that still hold today (Seoul)."""
        return self.filter(
            unit_id=unit_id, year=quarter.year, quarter=quarter.number, until__gte=today or seoul_today()
        )


class PeriodReopening(models.Model):
    """A locked quarter opened again for one unit until a date: who decided it, when and why."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reopenings", verbose_name=_("대상 부서"))
    year = models.PositiveSmallIntegerField(_("연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(
        _("분기"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        choices=[(1, _("1분기")), (2, _("2분기")), (3, _("3분기")), (4, _("4분기"))],
    )
    until = models.DateField(_("해제 기한"), help_text=_("이 날까지 작성·정정할 수 있습니다."))
    reason = models.TextField(_("사유"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("해제한 사람")
    )
    reopened_at = models.DateTimeField(_("해제 일시"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PeriodReopeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("마감 해제")
        verbose_name_plural = _("마감 해제")
        ordering = ["-reopened_at"]

    def __str__(self):
        return f"{self.unit} {self.period} (~{self.until:%Y-%m-%d})"

    @property
    def period(self):
        """The quarter reopened."""
        return quarter(self.year, self.quarter)
