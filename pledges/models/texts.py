"""The three texts of a pledge: as promised (선거공보·공약서), as planned (실천계획) and as it stands now."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import OrgUnit
from pledges.models.pledges import Pledge
from portal.corrections import reviewer_field
from portal.scoping import ScopedQuerySet


class PledgeTextKind(models.TextChoices):
    """Which of the three texts a record is, in the order the comparison reads them."""

    ELECTION = "election", _("선거공보·공약서")
    PLAN = "plan", _("실천계획")
    CURRENT = "current", _("현재 추진 내용")


class PledgeTextQuerySet(ScopedQuerySet):
    """Texts, scoped by their pledge's lead unit."""

    scope_field = "pledge__lead_unit"

    def approved(self):
        """Texts citizens may read: approved and not replaced by an approved correction."""
        return self.filter(state=PledgeText.State.APPROVED)

    def current(self):
        """Each pledge's working text of a kind: the newest version that is neither replaced nor being corrected.

        That is the open correction of an approved text while one is under way, else the text
        itself, in whatever state; what staff export, and what an import compares with.
        """
        corrections = PledgeText.objects.filter(corrects=OuterRef("pk"))
        return self.exclude(state=PledgeText.State.SUPERSEDED).exclude(Exists(corrections))

    def for_comparison(self):
        """Approved texts with their units joined, for the side-by-side table."""
        return (
            self.approved()
            .select_related("lead_unit")
            .prefetch_related(Prefetch("cooperating_units", queryset=OrgUnit.objects.order_by("order", "name")))
        )


class PledgeText(models.Model):
    """One of a pledge's three texts, reviewed like a card: written, submitted, approved by the 총괄부서.

    An approved text is never changed in place: its correction is a reviewed copy
    (`corrects`), and approving the copy marks the original 정정 전, so every version stays.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("작성중")
        SUBMITTED = "submitted", _("제출")
        APPROVED = "approved", _("승인")
        RETURNED = "returned", _("반려")
        SUPERSEDED = "superseded", _("정정 전")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="texts", verbose_name=_("공약"))
    kind = models.CharField(_("구분"), max_length=20, choices=PledgeTextKind.choices)
    source = models.CharField(
        _("출처"), max_length=200, blank=True, help_text=_("예: 선거공보 3쪽, 2022. 10. 확정 실천계획서")
    )
    goal = models.TextField(_("목표"), blank=True)
    content = models.TextField(_("주요 내용"), blank=True)
    period_start = models.DateField(_("기간 시작(월)"), null=True, blank=True)
    period_end = models.DateField(_("기간 끝(월)"), null=True, blank=True)
    period_text = models.CharField(_("기간 원문"), max_length=100, blank=True, help_text=_("예: 임기 내"))
    total_cost = models.BigIntegerField(_("총사업비(원)"), null=True, blank=True)
    national_funds = models.BigIntegerField(_("국비(원)"), null=True, blank=True)
    provincial_funds = models.BigIntegerField(_("도비(원)"), null=True, blank=True)
    city_funds = models.BigIntegerField(_("시비(원)"), null=True, blank=True)
    other_funds = models.BigIntegerField(_("기타·민자(원)"), null=True, blank=True)
    funding_note = models.CharField(_("재원 비고"), max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_texts_led",
        verbose_name=_("주관부서"),
    )
    cooperating_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="pledge_texts_shared", verbose_name=_("협조부서")
    )
    yearly_plan = models.TextField(_("연차별 추진계획"), blank=True)
    state = models.CharField(_("처리상태"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_pledge_texts")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("정정 대상"),
        help_text=_("승인된 내용을 정정할 때, 정정 전 기록"),
    )
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords(m2m_fields=[cooperating_units])

    objects = PledgeTextQuerySet.as_manager()

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    FUNDING_FIELDS = ("national_funds", "provincial_funds", "city_funds", "other_funds")

    class Meta:
        verbose_name = _("공약 원문·실천계획")
        verbose_name_plural = _("공약 원문·실천계획")
        ordering = ["pledge", "kind", "-pk"]
        permissions = [("review_pledgetext", _("공약 원문·실천계획 승인·반려"))]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "kind"],
                condition=Q(corrects__isnull=True),
                name="pledge_text_one_per_kind",
                violation_error_message=_(
                    "이 공약의 같은 구분 기록이 이미 있습니다. 승인된 기록은 '정정 작성'으로 고칩니다."
                ),
            )
        ]

    def __str__(self):
        return f"{self.pledge.code} {self.get_kind_display()}" + (" (정정)" if self.corrects_id else "")

    def clean(self):
        """A period ends no earlier than it starts."""
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("기간 끝이 시작보다 앞섭니다.")})

    @property
    def is_editable(self):
        """Fields change only while the text is written or returned."""
        return self.state in self.EDITABLE_STATES
