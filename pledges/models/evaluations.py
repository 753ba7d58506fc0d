"""Quarterly self-evaluations of a pledge (분기별 자체평가), the cooperating units' parts, and 부진공약 records."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Municipality, OrgUnit
from pledges.models.pledges import Pledge, PledgeStatus
from portal.corrections import reviewer_field
from portal.periods import Period, PeriodKind, quarter
from portal.scoping import ScopedQuerySet


class SelfGrade(models.TextChoices):
    """The lead unit's own grade of a quarter (정상 / 지연 / 부진), the scale the 관리 규정 states."""

    NORMAL = "normal", _("정상")
    DELAYED = "delayed", _("지연")
    LAGGING = "lagging", _("부진")


DECIDED_STATUSES = (PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING)


class SelfEvaluationQuerySet(ScopedQuerySet):
    """Self-evaluations, scoped by their pledge's lead unit."""

    scope_field = "pledge__lead_unit"

    def approved(self):
        """Evaluations citizens may read."""
        return self.filter(state=SelfEvaluation.State.APPROVED)

    def filed(self):
        """Evaluations handed in: submitted or approved."""
        return self.filter(state__in=[SelfEvaluation.State.SUBMITTED, SelfEvaluation.State.APPROVED])

    def current(self):
        """One evaluation per quarter as it stands: neither one its correction replaced nor a correction in review."""
        return self.exclude(state=SelfEvaluation.State.SUPERSEDED).exclude(
            Q(corrects__isnull=False) & ~Q(state=SelfEvaluation.State.APPROVED)
        )

    def latest_first(self):
        """Newest quarter first; a correction before what it corrects."""
        return self.order_by("-year", "-quarter", "-pk")

    def for_public_page(self):
        """Approved evaluations, newest first, with the cooperating units' parts and their units."""
        return (
            self.approved()
            .latest_first()
            .prefetch_related(
                Prefetch(
                    "contributions",
                    queryset=SelfEvaluationContribution.objects.select_related("unit").order_by("unit__name"),
                )
            )
        )


class SelfEvaluation(models.Model):
    """A quarter's self-evaluation the lead unit (주관부서) writes and the 총괄부서 reviews.

    Only the 총괄부서's decision on a submitted evaluation declares the pledge 완료 or 이행후
    계속추진 (`completion_status`), with the criterion that was met and the date. An approved
    evaluation is corrected by a reviewed copy (`corrects`), as cards and texts are.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("작성중")
        SUBMITTED = "submitted", _("제출")
        APPROVED = "approved", _("승인")
        RETURNED = "returned", _("반려")
        SUPERSEDED = "superseded", _("정정 전")

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="self_evaluations", verbose_name=_("공약")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    quarter = models.PositiveSmallIntegerField(
        _("분기"), validators=[MinValueValidator(1), MaxValueValidator(4)], help_text=_("1~4")
    )
    summary = models.TextField(_("추진상황"))
    grade = models.CharField(_("자체 평가 등급"), max_length=10, choices=SelfGrade.choices)
    progress = models.PositiveSmallIntegerField(
        _("진척률(%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    problems = models.TextField(_("문제점(부진 사유)"), blank=True)
    measures = models.TextField(_("대책"), blank=True)
    completion_status = models.CharField(
        _("총괄부서 결정 상태"),
        max_length=20,
        choices=[(status.value, status.label) for status in DECIDED_STATUSES],
        blank=True,
        default="",
    )
    completion_criterion = models.TextField(_("완료 기준"), blank=True)
    completion_decided_on = models.DateField(_("결정일"), null=True, blank=True)
    state = models.CharField(_("처리상태"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_self_evaluations")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("정정 대상"),
        help_text=_("승인된 자체평가를 정정할 때, 정정 전 기록"),
    )
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = SelfEvaluationQuerySet.as_manager()

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    DECISION_FIELDS = ("completion_status", "completion_criterion", "completion_decided_on")

    class Meta:
        verbose_name = _("분기별 자체평가")
        verbose_name_plural = _("분기별 자체평가")
        ordering = ["pledge", "-year", "-quarter"]
        permissions = [("review_selfevaluation", _("분기별 자체평가 승인·반려·완료 결정"))]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "year", "quarter"],
                condition=Q(corrects__isnull=True),
                name="self_evaluation_one_per_quarter",
                violation_error_message=_("이 공약의 해당 분기 자체평가가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(completion_status="") | Q(completion_decided_on__isnull=False),
                name="self_evaluation_decision_dated",
                violation_error_message=_("완료 결정에는 결정일이 있어야 합니다."),
            ),
        ]

    def __str__(self):
        return f"{self.pledge.code} {self.period.label} 자체평가" + (" (정정)" if self.corrects_id else "")

    def clean(self):
        """The quarter lies inside the pledge's term."""
        if self.pledge_id is None or self.year is None or self.quarter not in (1, 2, 3, 4):
            return
        term = self.pledge.term
        if not self.period.overlaps(term.start, term.end):
            raise ValidationError({"year": _("공약의 임기 안의 분기를 입력하세요.")})

    @property
    def period(self) -> Period:
        """The quarter evaluated."""
        return quarter(self.year, self.quarter)

    @property
    def is_editable(self):
        """Contents change only while written or returned; an approved evaluation is corrected by a copy."""
        return self.state in self.EDITABLE_STATES


class SelfEvaluationContributionQuerySet(ScopedQuerySet):
    """Parts of cooperating units, scoped by the unit that writes them (not by the pledge's lead unit)."""

    scope_field = "unit"


class SelfEvaluationContribution(models.Model):
    """A cooperating unit's (협조부서) part of the lead unit's self-evaluation, written by that unit only."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("자체평가")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="self_evaluation_parts", verbose_name=_("협조부서")
    )
    content = models.TextField(_("협조 추진상황"))
    problems = models.TextField(_("문제점·건의"), blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = SelfEvaluationContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("자체평가 협조부서 의견")
        verbose_name_plural = _("자체평가 협조부서 의견")
        ordering = ["evaluation", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "unit"],
                name="self_evaluation_one_part_per_unit",
                violation_error_message=_("이 부서의 협조 내용이 이미 있습니다."),
            )
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.unit.name}"


class LaggingMeasureQuerySet(ScopedQuerySet):
    """Measures for lagging pledges, scoped by the pledge's lead unit."""

    scope_field = "pledge__lead_unit"


class LaggingMeasure(models.Model):
    """The lead unit's cause and measures for a pledge listed as 부진 for a half-year, before its 보고회."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="lagging_measures", verbose_name=_("공약")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    half = models.PositiveSmallIntegerField(
        _("반기"), validators=[MinValueValidator(1), MaxValueValidator(2)], help_text=_("1: 상반기, 2: 하반기")
    )
    cause = models.TextField(_("부진 원인"))
    measures = models.TextField(_("대책"))
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = LaggingMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("부진공약 대책")
        verbose_name_plural = _("부진공약 대책")
        ordering = ["pledge", "-year", "-half"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "year", "half"],
                name="lagging_measure_one_per_half",
                violation_error_message=_("이 공약의 해당 반기 대책이 이미 있습니다."),
            )
        ]

    def __str__(self):
        return f"{self.pledge.code} {self.period.label} 부진공약 대책"

    @property
    def period(self) -> Period:
        """The half-year the measures answer for."""
        return Period(PeriodKind.HALF, self.year, self.half if self.half in (1, 2) else 1)


class LaggingReviewQuerySet(ScopedQuerySet):
    """Half-year review meetings, scoped by municipality: a unit sees its own city's."""

    scope_field = "municipality__units"

    def for_user(self, user):
        """The meetings of the municipalities of the user's units, each once."""
        return super().for_user(user).distinct()


class LaggingReview(models.Model):
    """A half-year 보고회 of the 총괄부서: when it met, which pledges it reviewed and what it decided."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="lagging_reviews", verbose_name=_("지방자치단체")
    )
    held_on = models.DateField(_("개최일"))
    year = models.PositiveSmallIntegerField(_("연도"))
    half = models.PositiveSmallIntegerField(
        _("반기"), validators=[MinValueValidator(1), MaxValueValidator(2)], help_text=_("1: 상반기, 2: 하반기")
    )
    title = models.CharField(_("회의명"), max_length=200, help_text=_("예: 2026년 상반기 공약 추진상황 보고회"))
    pledges = models.ManyToManyField(Pledge, blank=True, related_name="lagging_reviews", verbose_name=_("검토 공약"))
    decisions = models.TextField(_("결정 사항"))
    history = HistoricalRecords(m2m_fields=[pledges])

    objects = LaggingReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("반기 보고회")
        verbose_name_plural = _("반기 보고회")
        ordering = ["municipality", "-held_on"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%Y-%m-%d})"
