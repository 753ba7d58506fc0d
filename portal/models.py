"""The shared machinery's models: report downloads, the e-mail outbox, corrections (`portal.corrections`)."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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


class OutboxMessageQuerySet(ScopedQuerySet):
    """Messages of the outbox: what is still to go; each person sees their own, the coordinating office its city's."""

    scope_field = "recipient__unit"

    def undelivered(self):
        """Messages not yet handed to the mail server: pending, or left `sending` by a worker that died."""
        return self.filter(state__in=[OutboxMessage.State.PENDING, OutboxMessage.State.SENDING])

    def for_user(self, user):
        """The coordinating office: its city's messages; anyone else: their own (superusers all)."""
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return super().for_user(user)
        return self.filter(recipient_id=user.pk) if getattr(user, "is_authenticated", False) else self.none()


class OutboxMessage(models.Model):
    """One e-mail to one person, written before it is handed to the mail server so that it goes out once.

    `key` names what the message is about (a person's reminders of one day, an event on a
    record) and is unique: preparing the same message twice finds the row already there.
    The Message-ID is derived from it, so a copy sent again after a crash carries the same id.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("기한 알림")
        NOTICE = "notice", _("처리 알림")
        DIGEST = "digest", _("월간 알림(이전)")
        FOLLOW = "follow", _("구독 알림")

    class State(models.TextChoices):
        PENDING = "pending", _("발송 대기")
        SENDING = "sending", _("발송 중")
        SENT = "sent", _("발송 완료")
        FAILED = "failed", _("발송 실패")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("받는 사람"),
    )  # empty for a citizen following a page (`Follow`): only the address is known
    to = models.EmailField(_("받는 주소"))
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("식별 키"), max_length=200, unique=True)
    subject = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("본문"))
    html = models.TextField(_("HTML 본문"), blank=True)
    items = models.JSONField(_("항목"), default=list, blank=True)
    headers = models.JSONField(_("추가 머리글"), default=dict, blank=True)
    state = models.CharField(_("상태"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("발송 시도"), default=0)
    queued_at = models.DateTimeField(_("대기열 등록 일시"), null=True, blank=True)
    claimed_by = models.CharField(_("처리 작업"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("발송 시작 일시"), null=True, blank=True)
    sent_at = models.DateTimeField(_("발송 일시"), null=True, blank=True)
    last_error = models.CharField(_("마지막 오류"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("작성 일시"), auto_now_add=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("알림 발송 기록")
        verbose_name_plural = _("알림 발송 기록")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_state_created")]

    def __str__(self):
        return f"{self.to} {self.subject}"

    @property
    def message_id(self):
        """The Message-ID header: the same for every copy of this message, derived from its key."""
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        return f"<{digest}@{settings.REMINDER_MESSAGE_DOMAIN}>"


class Follow(models.Model):
    """A citizen's e-mail follow of one public page (a pledge, a plan): only the address, what, token hashes and dates.

    Double opt-in: nothing but the confirmation goes out until `confirmed_at` is set; an
    unconfirmed request expires (`portal.follows.CONFIRM_DAYS`). Unsubscribing deletes the row.
    """

    email = models.EmailField(_("받는 주소"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("대상 종류"))
    object_id = models.PositiveBigIntegerField(_("대상 번호"))
    target = GenericForeignKey("content_type", "object_id")
    confirm_hash = models.CharField(_("확인 토큰 해시"), max_length=64, blank=True, db_index=True)
    requested_at = models.DateTimeField(_("신청 일시"))
    confirmed_at = models.DateTimeField(_("확인 일시"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("마지막 알림 기준 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("이메일 구독")
        verbose_name_plural = _("이메일 구독")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["email", "content_type", "object_id"], name="follow_one_per_address")
        ]

    def __str__(self):
        return f"{self.email} {self.content_type.model} {self.object_id}"
