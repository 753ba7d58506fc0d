"""Budget lines: every figure of a budget table, in 원, with the level it stands at."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Municipality, OrgUnit, Plan, Task
from pledges.models import Pledge
from portal.corrections import ReviewState, reviewer_field
from portal.periods import Period, PeriodKind
from portal.scoping import ScopedQuerySet

AMOUNT_FIELDS = ("planned", "secured", "executed")


class DisplayUnit(models.TextChoices):
    """The money unit a document writes its figures in."""

    WON = "원", _("원")
    THOUSAND = "천원", _("천원")
    MILLION = "백만원", _("백만원")
    HUNDRED_MILLION = "억원", _("억원")


WON_PER_UNIT = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}


def execution_rate(planned, executed):
    """집행률 in percent, only where both amounts are known and something was planned."""
    if planned is None or executed is None or planned <= 0:
        return None
    return round(100 * executed / planned, 1)


def _sums_and_unknowns():
    """`lines`, `part_lines`, `<amount>_sum` (known amounts only) and `<amount>_unknown` (NULL count) aggregates.

    `part_lines` counts lines that are only known parts of a task's budget: where it is not
    0, a sum per task is not that task's total.
    """
    return {
        "lines": Count("pk"),
        "part_lines": Count("pk", filter=Q(is_part=True)),
        **{f"{field}_unknown": Count("pk", filter=Q(**{f"{field}__isnull": True})) for field in AMOUNT_FIELDS},
        **{f"{field}_sum": Sum(field) for field in AMOUNT_FIELDS},
    }


class BudgetLineQuerySet(ScopedQuerySet):
    """Budget lines and their roll-ups; roll-ups add item lines only, never stated totals."""

    scope_field = "unit"

    def for_page(self):
        """Lines with everything a page prints about them joined, in document order."""
        return self.select_related("unit", "task__strategy__plan__municipality", "pledge__term").order_by(
            "source_document", "seq"
        )

    def published(self):
        """Lines citizens may read: none that belongs to an unpublished plan or to a task of one."""
        return self.exclude(plan__is_published=False).exclude(task__strategy__plan__is_published=False)

    def items(self):
        """The finest figures, the only ones that may be added up."""
        return self.filter(level=BudgetLine.Level.ITEM)

    def stated(self):
        """Totals as the documents state them."""
        return self.filter(level=BudgetLine.Level.STATED)

    def rollup(self, *fields):
        """Sums of planned, secured and executed (`planned_sum` …) per value of `fields`, with unknowns.

        A sum covers the known amounts only; `*_unknown` says how many lines were unknown,
        so a page can say "일부 미확정" instead of presenting a partial sum as complete.
        """
        return (
            self.items()
            .values(*fields)
            .annotate(
                **_sums_and_unknowns(),
            )
            .order_by(*fields)
        )

    def totals(self):
        """One row of sums over the item lines of this QuerySet."""
        return self.items().aggregate(**_sums_and_unknowns())

    def by_unit(self):
        """Item sums per owning unit."""
        return self.rollup("unit_id", "unit__name")

    def by_source(self):
        """Item sums per funding source."""
        return self.rollup("source")

    def by_year(self):
        """Item sums per phase and fiscal year."""
        return self.rollup("phase", "year", "period_label")

    def by_task(self):
        """Item sums per plan task."""
        return self.filter(task__isnull=False).rollup("task_id", "task__code", "task__title")

    def by_strategy(self):
        """Item sums per strategy of a plan."""
        return self.filter(task__isnull=False).rollup(
            "task__strategy_id", "task__strategy__number", "task__strategy__title"
        )

    def by_plan(self):
        """Item sums per plan."""
        return self.filter(plan__isnull=False).rollup("plan_id", "plan__title")


class BudgetLine(models.Model):
    """One figure of a budget table: who owns it, what it funds, when, from where, how much."""

    class Level(models.TextChoices):
        STATED = "stated", _("명시 총액")
        ITEM = "item", _("세부 사업")

    class Phase(models.TextChoices):
        YEAR = "year", _("연도")
        PRIOR = "prior", _("기투자")
        AFTER_TERM = "after_term", _("임기후")
        TOTAL = "total", _("계(전체 기간)")

    class AmountKind(models.TextChoices):
        PLANNED = "planned", _("예산·투자계획")
        SECURED = "secured", _("확보액")
        EXECUTED = "executed", _("집행액")

    class Account(models.TextChoices):
        GENERAL = "일반회계", _("일반회계")
        SPECIAL = "특별회계", _("특별회계")
        FUND = "기금", _("기금")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("지방자치단체")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("소관 조직"),
        help_text=_("비워 두면 시 전체 금액"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines", verbose_name=_("업무계획")
    )
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines", verbose_name=_("과제")
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines", verbose_name=_("공약")
    )
    source_document = models.CharField(_("출처 문서"), max_length=20)
    seq = models.PositiveIntegerField(_("문서 내 순서"))
    table = models.CharField(_("표"), max_length=100, blank=True, help_text=_("문서에서 이 금액이 실린 표"))
    level = models.CharField(_("수준"), max_length=10, choices=Level.choices)
    amount_kind = models.CharField(
        _("금액 종류"),
        max_length=10,
        choices=AmountKind.choices,
        default=AmountKind.PLANNED,
        help_text=_("이 칸이 실린 표가 적는 금액: 예산·투자계획, 확보액 또는 집행액"),
    )
    group = models.CharField(_("단위사업"), max_length=200, blank=True)
    name = models.CharField(_("사업명"), max_length=300)
    account = models.CharField(_("회계"), max_length=10, choices=Account.choices, blank=True)
    source = models.CharField(
        _("재원"), max_length=50, blank=True, help_text=_("국비, 도비, 시비, 기타, 민자, SH공사 …")
    )
    sector = models.CharField(_("분야"), max_length=100, blank=True)
    phase = models.CharField(_("기간 구분"), max_length=20, choices=Phase.choices, default=Phase.YEAR)
    year = models.PositiveSmallIntegerField(_("회계연도"), null=True, blank=True)
    period_label = models.CharField(_("기간 표시"), max_length=30, blank=True)
    planned = models.BigIntegerField(_("예산액(원)"), null=True, blank=True, validators=[MinValueValidator(0)])
    planned_text = models.CharField(_("예산액 원문"), max_length=30, blank=True)
    secured = models.BigIntegerField(_("확보액(원)"), null=True, blank=True, validators=[MinValueValidator(0)])
    secured_text = models.CharField(_("확보액 원문"), max_length=30, blank=True)
    executed = models.BigIntegerField(_("집행액(원)"), null=True, blank=True, validators=[MinValueValidator(0)])
    executed_text = models.CharField(_("집행액 원문"), max_length=30, blank=True)
    display_unit = models.CharField(
        _("표시 단위"), max_length=10, choices=DisplayUnit.choices, default=DisplayUnit.MILLION
    )
    note = models.CharField(_("비고"), max_length=300, blank=True)
    is_part = models.BooleanField(
        _("과제 예산의 일부"),
        default=False,
        help_text=_("문서가 과제의 소요예산 총액을 적지 않았고, 이 금액은 그중 알려진 한 사업의 몫일 때"),
    )
    overrun_reason = models.TextField(
        _("초과 집행 사유"), blank=True, help_text=_("집행액이 확보액이나 예산액을 넘을 때 반드시 적습니다.")
    )
    version = models.PositiveIntegerField(_("버전"), default=1)
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    history = HistoricalRecords()

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("예산")
        verbose_name_plural = _("예산")
        ordering = ["source_document", "seq"]
        permissions = [("review_budgetline", _("확보·집행액 승인"))]
        constraints = [
            models.UniqueConstraint(fields=["source_document", "seq"], name="budget_line_unique_position"),
            models.CheckConstraint(
                condition=Q(planned__gte=0) | Q(planned__isnull=True), name="budget_planned_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(secured__gte=0) | Q(secured__isnull=True), name="budget_secured_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(executed__gte=0) | Q(executed__isnull=True), name="budget_executed_not_negative"
            ),
        ]

    def __str__(self):
        parts = [self.group, self.name, self.source, self.period_label]
        return " · ".join(part for part in parts if part)

    @property
    def amount(self):
        """The figure this line's table prints (its amount kind), in 원; None when unknown."""
        return getattr(self, self.amount_kind)

    @property
    def amount_text(self):
        """The document's word for that figure when it is unknown ("-", "추후확정" or blank)."""
        return getattr(self, f"{self.amount_kind}_text")

    @property
    def execution_rate(self):
        """집행률 of this line, where both amounts are known."""
        return execution_rate(self.planned, self.executed)

    def clean(self):
        """Execution above what was secured or planned needs a stated reason."""
        if self.executed is None:
            return
        ceiling = self.secured if self.secured is not None else self.planned
        if ceiling is not None and self.executed > ceiling and not self.overrun_reason.strip():
            raise ValidationError(
                {
                    "overrun_reason": _(
                        "집행액이 확보액(없으면 예산액)을 넘습니다. 확인했다면 초과 집행 사유를 적으세요."
                    )
                }
            )


class BudgetExecutionQuerySet(ScopedQuerySet):
    """Execution figures by period, scoped by their line's owning unit."""

    scope_field = "line__unit"

    def approved(self):
        """Figures a head of unit approved: the only ones citizens and reports may see."""
        return self.filter(state=ReviewState.APPROVED)

    def of_period(self, period):
        """Figures of one reporting period (`portal.periods.Period`)."""
        return self.filter(kind=period.kind, year=period.year, number=period.number)


class BudgetExecution(models.Model):
    """집행액 of one budget line in one reporting period, entered by the line's unit, public once approved."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="executions", verbose_name=_("예산"))
    kind = models.CharField(_("기간 종류"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    year = models.PositiveSmallIntegerField(_("연도"))
    number = models.PositiveSmallIntegerField(_("반기·분기·월"), default=1)
    executed = models.BigIntegerField(
        _("집행액(원)"), null=True, blank=True, validators=[MinValueValidator(0)], help_text=_("이 기간에 집행한 금액")
    )
    executed_text = models.CharField(_("집행액 원문"), max_length=30, blank=True)
    note = models.CharField(_("비고"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("입력한 사람")
    )
    state = models.CharField(_("처리상태"), max_length=20, choices=ReviewState.choices, default=ReviewState.SUBMITTED)
    reviewed_by = reviewer_field("reviewed_budget_executions", _("승인한 사람"))
    reviewed_at = models.DateTimeField(_("승인일시"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    history = HistoricalRecords()

    objects = BudgetExecutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("기간별 집행액")
        verbose_name_plural = _("기간별 집행액")
        ordering = ["line", "year", "kind", "number"]
        permissions = [("review_budgetexecution", _("기간별 집행액 승인"))]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "kind", "year", "number"],
                name="budget_execution_once_per_period",
                violation_error_message=_("이 예산의 이 기간 집행액은 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(executed__gte=0) | Q(executed__isnull=True), name="budget_execution_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.line} {self.period.label}"

    @property
    def period(self) -> Period:
        """The reporting period this figure covers."""
        return Period(self.kind, self.year, self.number)

    def clean(self):
        """The period must exist (no fifth quarter) and fall in the line's fiscal year when it has one."""
        try:
            period = self.period
        except ValueError:
            raise ValidationError({"number": _("이 기간 종류에 없는 번호입니다.")}) from None
        line = self.line if self.line_id else None
        if line is not None and line.year and period.year != line.year:
            raise ValidationError({"year": _("예산의 회계연도(%(year)s년)와 다른 연도입니다.") % {"year": line.year}})
        if self.executed is None and not self.executed_text.strip():
            raise ValidationError({"executed": _("집행액이나 집행액 원문('-' 등)을 입력하세요.")})
