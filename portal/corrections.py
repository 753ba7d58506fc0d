"""The correction (정정) of an approved record: proposed values kept aside until a reviewer approves them.

Citizens keep reading the record's approved values while a correction is open; approving it
copies its values onto the record. The record is named by content type and id, so one model
serves progress reports, KPI actuals and budget execution alike.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class ReviewState(models.TextChoices):
    """Where a reviewed record or a correction stands: written, sent to review, approved or returned."""

    DRAFT = "draft", _("작성중")
    SUBMITTED = "submitted", _("제출")
    APPROVED = "approved", _("승인")
    RETURNED = "returned", _("반려")


EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)
OPEN_STATES = (ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED)


def reviewer_field(related_name, verbose_name=None):
    """The `reviewed_by` field of a reviewed record: who approved or returned it (kept: staff are never deleted)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name or _("검토자"),
    )


class CorrectionQuerySet(ScopedQuerySet):
    """Corrections, scoped by the unit that owns the corrected record."""

    scope_field = "scope_unit"

    def open(self):
        """Corrections not yet approved: written, submitted or returned."""
        return self.filter(state__in=OPEN_STATES)

    def of(self, record):
        """Corrections of one record."""
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


class Correction(models.Model):
    """Changed values of one approved record, reviewed like the record itself before they replace it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("대상 종류"))
    object_id = models.PositiveBigIntegerField(_("대상 번호"))
    record = GenericForeignKey("content_type", "object_id")
    scope_unit = models.PositiveIntegerField(_("소관 조직 번호"), null=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("연도"), null=True, blank=True)
    label = models.CharField(_("대상"), max_length=300)
    before = models.JSONField(_("정정 전"), default=dict)
    changes = models.JSONField(_("정정 내용"), default=dict)
    state = models.CharField(_("처리상태"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("작성자")
    )
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_corrections")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("정정")
        verbose_name_plural = _("정정")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=OPEN_STATES),
                name="correction_one_open_per_record",
                violation_error_message=_("이 자료에는 이미 처리 중인 정정이 있습니다."),
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.get_state_display()})"
