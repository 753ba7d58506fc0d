"""What a quarterly report carries besides its text: dated events and evidence files, reviewed with it.

They follow the report's workflow as a pledge card's contents follow the card's: written while
the report is a draft or returned, frozen once it is submitted, and public only once approved.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.progress import ProgressReport
from portal.scoping import ScopedQuerySet


class ReportContentQuerySet(ScopedQuerySet):
    """Events and evidence, scoped by their report's task's lead unit."""

    scope_field = "report__task__lead_unit"

    def published(self):
        """Rows of approved reports of tasks in published plans: what citizens may read."""
        return self.filter(report__state=ProgressReport.State.APPROVED, report__task__strategy__plan__is_published=True)


class ReportEvent(models.Model):
    """One dated event of a task in a quarter (a meeting, a contract, an opening), with its details."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("분기별 추진실적")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    date = models.DateField(_("일자"), null=True, blank=True)
    date_text = models.CharField(_("일시 원문"), max_length=100, blank=True, help_text=_("예: 2026. 3. 중"))
    title = models.CharField(_("내용"), max_length=500)
    details = models.JSONField(_("세부 내용"), default=list, blank=True)
    history = HistoricalRecords()

    objects = ReportContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("추진 내역")
        verbose_name_plural = _("추진 내역")
        ordering = ["report", "order", "date"]

    def __str__(self):
        return self.title


class ReportEvidence(models.Model):
    """An evidence file (증빙) of a quarterly report, stored under a generated name once its content was checked."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("분기별 추진실적")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    label = models.CharField(_("증빙명"), max_length=200)
    file = models.FileField(_("파일"), upload_to="evidence/reports/%Y/%m/")
    content_type = models.CharField(_("파일 형식"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("크기(바이트)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("올린 사람")
    )
    uploaded_at = models.DateTimeField(_("올린 때"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("증빙 자료")
        verbose_name_plural = _("증빙 자료")
        ordering = ["report", "order"]

    def __str__(self):
        return self.label
