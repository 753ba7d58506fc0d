"""The models of the shared machinery: the log of report downloads, and corrections (in `portal.corrections`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.corrections import Correction  # noqa: F401  (a model of this app, kept in its own module)
from portal.scoping import ScopedQuerySet


class ReportDownloadQuerySet(ScopedQuerySet):
    """Downloads, scoped by the unit of the person who took them."""

    scope_field = "user__unit"


class ReportDownload(models.Model):
    """One report taken out of the portal, by a person or by a scheduled export."""

    class Channel(models.TextChoices):
        PAGE = "page", _("내려받기 화면")
        ADMIN = "admin", _("관리 화면")
        COMMAND = "command", _("예약 내보내기")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_downloads",
        verbose_name=_("내려받은 사람"),
    )
    report = models.CharField(_("보고서"), max_length=30)
    filters = models.JSONField(_("조건"), default=dict, blank=True)
    channel = models.CharField(_("경로"), max_length=10, choices=Channel.choices)
    rows = models.PositiveIntegerField(_("행 수"), default=0)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    objects = ReportDownloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("보고서 내려받기 기록")
        verbose_name_plural = _("보고서 내려받기 기록")
        ordering = ["-created_at"]
        permissions = [("download_report", _("관리용 엑셀 보고서 내려받기"))]

    def __str__(self):
        return f"{self.report} {self.created_at:%Y-%m-%d %H:%M}"


class ImportConfirmation(models.Model):
    """One confirmed Excel import, by the token of its preview: a second confirmation finds it."""

    token = models.CharField(_("미리보기 토큰"), max_length=64, unique=True)
    import_key = models.CharField(_("가져오기 종류"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_confirmations",
        verbose_name=_("사용자"),
    )
    counts = models.JSONField(_("결과 건수"), default=dict, blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("엑셀 가져오기 확정 기록")
        verbose_name_plural = _("엑셀 가져오기 확정 기록")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.import_key} {self.created_at:%Y-%m-%d %H:%M}"


class DataGeneration(models.Model):
    """The one row that counts publishing changes; whole-page and API caches are keyed by its value."""

    value = models.PositiveBigIntegerField(_("세대"), default=0)
    changed_at = models.DateTimeField(_("마지막 변경"))

    class Meta:
        verbose_name = _("공개 자료 세대")
        verbose_name_plural = _("공개 자료 세대")

    def __str__(self):
        return f"{self.value} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
