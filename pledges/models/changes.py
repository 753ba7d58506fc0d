"""공약 조정 as a procedure: a unit's 변경안, its review, the citizens' comments and the committee's decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pledges.models.pledges import Pledge, PledgeAdjustment
from portal.corrections import reviewer_field
from portal.scoping import ScopedQuerySet

# The fields of a pledge only a published change may write (the admin and imports refuse them).
PROCEDURE_FIELDS = ("title", "target", "status")


class ChangeKind(models.TextChoices):
    """What a 변경안 asks for."""

    CHANGE = "change", _("변경")
    DROP = "drop", _("폐기")
    MERGE = "merge", _("통합")


class ChangeReasonClass(models.TextChoices):
    """Why, in the classes the 공약 관리 규정 name."""

    LAW = "law", _("법령·정책 변화")
    CONSENSUS = "consensus", _("주민 합의")
    CONDITIONS = "conditions", _("여건 변화")
    FINANCE = "finance", _("재정 여건")
    OTHER = "other", _("기타")


class ChangeResult(models.TextChoices):
    """The committee's result."""

    APPROVED = "approved", _("가결")
    REJECTED = "rejected", _("부결")


class PledgeChangeQuerySet(ScopedQuerySet):
    """Change proposals, scoped by their pledge's lead unit."""

    scope_field = "pledge__lead_unit"

    def public(self):
        """Proposals citizens may read: opened for comments by the coordinating office, or decided."""
        return self.filter(state__in=PledgeChange.PUBLIC_STATES)

    def open_for_comments(self, day=None):
        """Proposals whose comment period runs on `day` (today)."""
        day = day or timezone.localdate()
        return self.filter(state=PledgeChange.State.OPEN, comment_start__lte=day, comment_end__gte=day)

    def for_public_page(self):
        """Public proposals with their published comments in order, for the pledge page."""
        comments = ChangeComment.objects.published().order_by("submitted_at", "pk")
        return (
            self.public()
            .select_related("pledge__term__municipality", "merged_into__term__municipality")
            .prefetch_related(Prefetch("comments", queryset=comments, to_attr="published_comments"))
            .order_by("submitted_at", "pk")
        )


class PledgeChange(models.Model):
    """A 변경안: filed by the lead unit, reviewed by the 총괄부서, commented on by citizens, decided by a committee.

    The original wording is kept beside the proposed one; only `change_publish` (run by the
    decision) writes the pledge's title, target and status.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("작성중")
        SUBMITTED = "submitted", _("제출")
        RETURNED = "returned", _("반려")
        OPEN = "open", _("의견 수렴")
        PUBLISHED = "published", _("조정 확정")
        REJECTED = "rejected", _("부결")

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="changes", verbose_name=_("공약"))
    kind = models.CharField(_("조정 구분"), max_length=20, choices=ChangeKind.choices, default=ChangeKind.CHANGE)
    reason_class = models.CharField(_("사유 분류"), max_length=20, choices=ChangeReasonClass.choices)
    reason = models.TextField(_("조정 사유"))
    original_title = models.CharField(_("원래 공약명"), max_length=300, blank=True)
    original_target = models.TextField(_("원래 목표"), blank=True)
    proposed_title = models.CharField(_("변경 공약명"), max_length=300, blank=True)
    proposed_target = models.TextField(_("변경 목표"), blank=True)
    proposed_content = models.TextField(_("변경 주요 내용"), blank=True)
    proposed_period = models.CharField(_("변경 기간"), max_length=100, blank=True, help_text=_("예: 2023~2026"))
    proposed_cost = models.BigIntegerField(_("변경 총사업비(원)"), null=True, blank=True)
    merged_into = models.ForeignKey(
        Pledge,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_by_changes",
        verbose_name=_("통합 대상 공약"),
        help_text=_("통합일 때만: 이 공약이 합쳐지는 같은 임기의 공약"),
    )
    state = models.CharField(_("처리상태"), max_length=20, choices=State.choices, default=State.DRAFT)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filed_pledge_changes",
        verbose_name=_("작성자"),
    )
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_pledge_changes")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    comment_start = models.DateField(_("의견 수렴 시작일"), null=True, blank=True)
    comment_end = models.DateField(_("의견 수렴 종료일"), null=True, blank=True)
    decision_body = models.CharField(_("결정 기구"), max_length=200, blank=True, help_text=_("예: 공약이행 시민평가단"))
    decided_on = models.DateField(_("결정일"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("찬성"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("반대"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("기권"), null=True, blank=True)
    decision_summary = models.TextField(_("결정 요지"), blank=True)
    result = models.CharField(_("결정 결과"), max_length=20, choices=ChangeResult.choices, blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_pledge_changes",
        verbose_name=_("결정 기록자"),
    )
    published_at = models.DateTimeField(_("공표일시"), null=True, blank=True)
    adjustment = models.OneToOneField(
        PledgeAdjustment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change",
        verbose_name=_("공표된 공약 조정"),
    )
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = PledgeChangeQuerySet.as_manager()

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    PUBLIC_STATES = (State.OPEN, State.PUBLISHED, State.REJECTED)
    PROPOSAL_FIELDS = (
        "kind",
        "reason_class",
        "reason",
        "proposed_title",
        "proposed_target",
        "proposed_content",
        "proposed_period",
        "proposed_cost",
        "merged_into",
    )

    class Meta:
        verbose_name = _("공약 변경안")
        verbose_name_plural = _("공약 변경안")
        ordering = ["pledge", "-pk"]
        permissions = [("review_pledgechange", _("공약 변경안 검토·의견 관리·결정 기록"))]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge"],
                condition=Q(state__in=["draft", "submitted", "returned", "open"]),
                name="pledge_change_one_open_per_pledge",
                violation_error_message=_("이 공약에는 진행 중인 변경안이 이미 있습니다."),
            )
        ]

    def __str__(self):
        return f"{self.pledge.code} {self.get_kind_display()} ({self.get_state_display()})"

    def clean(self):
        """A change says what changes; a drop needs nothing more; the comment period ends no earlier than it starts."""
        if self.kind != ChangeKind.DROP and not (
            self.proposed_title.strip() or self.proposed_target.strip() or self.proposed_content.strip()
        ):
            raise ValidationError(_("무엇이 바뀌는지 변경 공약명, 목표 또는 주요 내용 중 하나 이상을 적으세요."))
        self._clean_merge()
        if self.comment_start and self.comment_end and self.comment_start > self.comment_end:
            raise ValidationError({"comment_end": _("의견 수렴 종료일이 시작일보다 앞섭니다.")})

    def _clean_merge(self):
        """A merge names the other pledge of the same term it merges into; no other kind names one."""
        if self.kind != ChangeKind.MERGE:
            if self.merged_into_id is not None:
                raise ValidationError({"merged_into": _("통합 대상 공약은 통합 변경안에만 적습니다.")})
            return
        if self.merged_into_id is None:
            raise ValidationError({"merged_into": _("통합 변경안에는 통합 대상 공약을 고르세요.")})
        if self.merged_into_id == self.pledge_id or self.merged_into.term_id != self.pledge.term_id:
            raise ValidationError({"merged_into": _("통합 대상은 같은 임기의 다른 공약이어야 합니다.")})

    @property
    def is_editable(self):
        """The unit changes its proposal only while it is written or returned."""
        return self.state in self.EDITABLE_STATES

    def accepts_comments(self, day=None):
        """Open and inside its comment period on `day` (today)."""
        day = day or timezone.localdate()
        return (
            self.state == self.State.OPEN
            and self.comment_start is not None
            and self.comment_start <= day <= self.comment_end
        )

    def comparison(self):
        """(label, original, proposed) rows for the side-by-side table; a drop compares the status."""
        if self.kind == ChangeKind.DROP:
            return [(_("이행 상태"), self.pledge.get_status_display(), _("폐기"))]
        rows = [(_("공약명"), self.original_title, self.proposed_title or self.original_title)]
        rows.append((_("목표"), self.original_target, self.proposed_target or self.original_target))
        if self.proposed_content:
            rows.append((_("주요 내용"), "", self.proposed_content))
        if self.proposed_period:
            rows.append((_("기간"), "", self.proposed_period))
        if self.proposed_cost is not None:
            rows.append((_("총사업비(원)"), "", f"{self.proposed_cost:,}"))
        return rows


class ChangeCommentQuerySet(ScopedQuerySet):
    """Citizens' comments, scoped by the lead unit of the pledge they are about."""

    scope_field = "change__pledge__lead_unit"

    def published(self):
        """Comments a moderator let through: the only ones citizens see."""
        return self.filter(state=ChangeComment.State.PUBLISHED)


class ChangeComment(models.Model):
    """A citizen's comment on an open 변경안: held until a moderator publishes it, then answered by the unit."""

    class State(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        PUBLISHED = "published", _("공개")
        HIDDEN = "hidden", _("비공개")

    change = models.ForeignKey(
        PledgeChange, on_delete=models.PROTECT, related_name="comments", verbose_name=_("변경안")
    )
    name = models.CharField(_("이름(별명)"), max_length=40, blank=True)
    text = models.TextField(_("의견"), max_length=2000)
    state = models.CharField(_("공개 상태"), max_length=20, choices=State.choices, default=State.PENDING)
    submitted_at = models.DateTimeField(_("접수일시"), default=timezone.now)
    moderated_by = reviewer_field("moderated_change_comments")
    moderated_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    answer = models.TextField(_("부서 답변"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_change_comments",
        verbose_name=_("답변자"),
    )
    answered_at = models.DateTimeField(_("답변일시"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ChangeCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("변경안 시민 의견")
        verbose_name_plural = _("변경안 시민 의견")
        ordering = ["change", "submitted_at", "pk"]

    def __str__(self):
        return f"{self.change.pledge.code} {self.name or _('익명')} ({self.get_state_display()})"
