"""The contents of a pledge card: its entries by period, dated events, outcomes, evidence files and participation counts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pledges.models.pledges import PledgeCard
from portal.scoping import ScopedQuerySet


class CardEntryQuerySet(ScopedQuerySet):
    """Card entries, scoped by their pledge's lead unit."""

    scope_field = "card__pledge__lead_unit"


class CardEntry(models.Model):
    """A block of a card's 추진실적 및 향후 추진계획: results or plans for one reporting period."""

    class Kind(models.TextChoices):
        RESULT = "실적", _("실적")
        PLAN = "계획", _("계획")

    card = models.ForeignKey(PledgeCard, on_delete=models.CASCADE, related_name="entries", verbose_name=_("카드"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("기간 표시"), max_length=100)
    period_start = models.DateField(_("기간 시작(월)"), null=True, blank=True)
    period_end = models.DateField(_("기간 끝(월)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = CardEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("추진실적·계획")
        verbose_name_plural = _("추진실적·계획")
        ordering = ["card", "order"]

    def __str__(self):
        return self.label


class CardEvent(models.Model):
    """One dated event (or planned step) of an entry, with its details."""

    entry = models.ForeignKey(CardEntry, on_delete=models.CASCADE, related_name="events", verbose_name=_("항목"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    group_heading = models.CharField(_("소제목"), max_length=300, blank=True)
    title = models.CharField(_("내용"), max_length=500)
    date = models.DateField(_("일자"), null=True, blank=True)
    date_text = models.CharField(_("일시 원문"), max_length=100, blank=True)
    details = models.JSONField(_("세부 내용"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("추진 내역")
        verbose_name_plural = _("추진 내역")
        ordering = ["entry", "order"]

    def __str__(self):
        return self.title


class CardOutcome(models.Model):
    """A measured result stated in an entry (e.g. 신청 78명, 수료 55명, 수료율 71%)."""

    entry = models.ForeignKey(CardEntry, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("항목"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    name = models.CharField(_("항목명"), max_length=100)
    value = models.DecimalField(_("값"), max_digits=18, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("단위"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("성과 수치")
        verbose_name_plural = _("성과 수치")
        ordering = ["entry", "order"]

    def __str__(self):
        return f"{self.name} {self.value}{self.unit}"


class EvidenceFile(models.Model):
    """An evidence attachment (증빙) of an entry; the file itself may be absent for seed references."""

    entry = models.ForeignKey(CardEntry, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("항목"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    label = models.CharField(_("증빙명"), max_length=200)
    file = models.FileField(_("파일"), upload_to="evidence/%Y/%m/", blank=True)
    content_type = models.CharField(_("파일 형식"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("크기(바이트)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("올린 사람")
    )
    uploaded_at = models.DateTimeField(_("올린 때"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("증빙 자료")
        verbose_name_plural = _("증빙 자료")
        ordering = ["entry", "order"]

    def __str__(self):
        return self.label


class ParticipationCategory(models.TextChoices):
    """Categories of citizen participation on the card (시민참여 실적)."""

    MEETING = "meeting", _("공약 관련 회의")
    BRIEFING = "briefing", _("설명회·민생탐방")
    EXPERT = "expert", _("전문가 자문")
    PRESS = "press", _("언론·방송 보도")
    OTHER = "other", _("기타")


class ParticipationCount(models.Model):
    """How many times citizens took part in one category during the card's period; blank is NULL."""

    card = models.ForeignKey(PledgeCard, on_delete=models.CASCADE, related_name="participation", verbose_name=_("카드"))
    category = models.CharField(_("구분"), max_length=20, choices=ParticipationCategory.choices)
    count = models.PositiveIntegerField(_("횟수"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("시민참여 실적")
        verbose_name_plural = _("시민참여 실적")
        ordering = ["card", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["card", "category"], name="participation_one_per_category"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.count if self.count is not None else '-'}"
