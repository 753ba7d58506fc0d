"""Performance indicators (성과지표), their targets and actuals, and the evaluation calendar."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Municipality, OrgUnit, Plan, Strategy, Task
from pledges.models import Pledge
from portal.corrections import ReviewState, reviewer_field
from portal.periods import OwedQuerySetMixin, Period, PeriodKind
from portal.scoping import ScopedQuerySet


class ValuePeriod(models.TextChoices):
    """How long a target or measurement covers: a reporting period's kind (`PeriodKind`) or a point in time."""

    YEAR = PeriodKind.YEAR.value, PeriodKind.YEAR.label
    HALF = PeriodKind.HALF.value, PeriodKind.HALF.label
    QUARTER = PeriodKind.QUARTER.value, PeriodKind.QUARTER.label
    MONTH = PeriodKind.MONTH.value, PeriodKind.MONTH.label
    POINT = "point", _("시점")


def achievement_rate(target, actual, direction):
    """Achievement in percent, only where both exist: actual ÷ target (target ÷ actual when lower is better)."""
    if target is None or actual is None:
        return None
    if direction == Indicator.Direction.DECREASE:
        return None if actual == 0 else round(Decimal(100) * target / actual, 1)
    return None if target == 0 else round(Decimal(100) * actual / target, 1)


def series_rows(targets, measurements, direction):
    """Target and actual side by side, one row per period in the order first met, with the achievement rate.

    `targets` and `measurements` are Target and Measurement instances (saved or built from
    `values()` rows); each row carries them as `target` and `measurement`.
    """
    rows = {}
    for target in targets:
        rows.setdefault(target.period_key, {"label": target.label, "target": target, "measurement": None})
    for measurement in measurements:
        row = rows.setdefault(measurement.period_key, {"label": measurement.label, "target": None, "measurement": None})
        row["measurement"] = measurement
    result = []
    for row in rows.values():
        target = row["target"].value if row["target"] else None
        actual = row["measurement"].value if row["measurement"] else None
        result.append({**row, "rate": achievement_rate(target, actual, direction)})
    return result


class IndicatorQuerySet(OwedQuerySetMixin, ScopedQuerySet):
    """Indicators, scoped by their responsible unit; a target indicator owes its actual for every year it has a target."""

    scope_field = "responsible_unit"
    owed_kind = PeriodKind.YEAR

    def owing(self, period):
        """Target indicators with a target for the year `period` but no actual for it."""
        return (
            self.filter(kind=Indicator.Kind.TARGET, targets__year=period.year, targets__value__isnull=False)
            .exclude(measurements__year=period.year)
            .distinct()
        )

    def published(self):
        """Indicators citizens may read: none attached to an unpublished plan or its strategies and tasks."""
        return (
            self.exclude(plan__is_published=False)
            .exclude(strategy__plan__is_published=False)
            .exclude(task__strategy__plan__is_published=False)
        )

    def with_series(self):
        """Targets and approved measurements prefetched in period order, for pages, the API and reports."""
        return self.select_related(
            "municipality", "responsible_unit", "plan", "strategy", "task", "pledge__term__municipality"
        ).prefetch_related(
            models.Prefetch("targets", queryset=Target.objects.order_by("order")),
            models.Prefetch("measurements", queryset=Measurement.objects.approved().order_by("order")),
        )


class Indicator(models.Model):
    """One indicator: what is measured, in which unit, for which plan, strategy, task or pledge."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("높을수록 좋음")
        DECREASE = "decrease", _("낮을수록 좋음")
        MAINTAIN = "maintain", _("유지")

    class Kind(models.TextChoices):
        TARGET = "target", _("목표 지표")
        COUNT = "count", _("현황 수치")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("지방자치단체")
    )
    key = models.SlugField(_("식별자"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("순서"), default=0)
    source_document = models.CharField(_("출처 문서"), max_length=20, blank=True)
    name = models.CharField(_("지표명"), max_length=200)
    group = models.CharField(_("구분"), max_length=200, blank=True)
    unit = models.CharField(_("단위"), max_length=20)
    direction = models.CharField(_("방향"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices, default=Kind.TARGET)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators")
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators")
    responsible_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("담당 조직")
    )
    subtotal = models.DecimalField(_("소계"), max_digits=18, decimal_places=2, null=True, blank=True)
    subtotal_text = models.CharField(_("소계 원문"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("성과지표")
        verbose_name_plural = _("성과지표")
        ordering = ["municipality", "source_document", "order"]

    def __str__(self):
        return f"{self.group} {self.name}".strip()

    def get_absolute_url(self):
        """The public page of this indicator."""
        return reverse("kpis:indicator", kwargs={"slug": self.municipality.slug, "key": self.key})

    def series(self):
        """Rows of (label, target, actual, achievement) by period, from the prefetched targets and measurements."""
        return series_rows(self.targets.all(), self.measurements.all(), self.direction)


class PeriodFields(models.Model):
    """The period a value belongs to: a year, half, quarter or month of it, or a point in time."""

    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    period = models.CharField(_("기간 종류"), max_length=10, choices=ValuePeriod.choices, default=ValuePeriod.YEAR)
    year = models.PositiveSmallIntegerField(_("연도"), null=True, blank=True)
    sub = models.PositiveSmallIntegerField(_("반기·분기·월"), null=True, blank=True)
    date = models.DateField(_("기준일"), null=True, blank=True)
    label = models.CharField(_("기간 표시"), max_length=50, blank=True)
    value = models.DecimalField(_("값"), max_digits=18, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("값 원문"), max_length=30, blank=True, help_text=_("'-' 처럼 값이 없을 때의 원래 표기"))

    class Meta:
        abstract = True

    @property
    def period_key(self):
        """What makes two values belong to the same period."""
        return (self.period, self.year, self.sub, self.date, self.label if self.period == ValuePeriod.POINT else "")

    @property
    def reporting_period(self) -> Period | None:
        """The year, half, quarter or month this value covers; None for a point in time or no year."""
        if self.period == ValuePeriod.POINT or not self.year:
            return None
        return Period(self.period, self.year, self.sub or 1)


class Target(PeriodFields):
    """The target value of an indicator for one period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("지표"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("목표")
        verbose_name_plural = _("목표")
        ordering = ["indicator", "year", "sub"]

    def __str__(self):
        return f"{self.indicator} {self.label}"


class MeasurementQuerySet(ScopedQuerySet):
    """Measurements, scoped by their indicator's responsible unit."""

    scope_field = "indicator__responsible_unit"

    def approved(self):
        """Actuals a head of unit approved: the only ones citizens, the API and reports see."""
        return self.filter(state=ReviewState.APPROVED)


class Measurement(PeriodFields):
    """An actual value (or a point-in-time count) of an indicator, entered by its unit, public once approved."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("지표")
    )
    note = models.CharField(_("비고"), max_length=300, blank=True)
    evidence_note = models.TextField(_("근거"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("입력한 사람")
    )
    state = models.CharField(_("처리상태"), max_length=20, choices=ReviewState.choices, default=ReviewState.SUBMITTED)
    reviewed_by = reviewer_field("reviewed_measurements", _("승인한 사람"))
    reviewed_at = models.DateTimeField(_("승인일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("실적")
        verbose_name_plural = _("실적")
        ordering = ["indicator", "year", "sub", "date"]
        permissions = [("review_measurement", _("성과지표 실적 승인"))]

    def __str__(self):
        return f"{self.indicator} {self.label}"


class MilestoneQuerySet(ScopedQuerySet):
    """Milestones, scoped by their responsible unit."""

    scope_field = "responsible_unit"

    def published(self):
        """Milestones citizens may read: none of an unpublished plan; unit and plan joined."""
        return self.exclude(plan__is_published=False).select_related("municipality", "responsible_unit", "plan")

    def years(self):
        """The roadmap years these milestones belong to, in order."""
        return self.order_by("year").values_list("year", flat=True).distinct()

    def active_in(self, month):
        """Milestones running in `month`: one-off ones overlapping it, recurring ones due in it."""
        period = Period.of(PeriodKind.MONTH, month)
        overlapping = self.filter(start__lte=period.end, end__gte=period.start)
        return overlapping.filter(
            Q(recurrence="")
            | Q(recurrence=EvaluationMilestone.Recurrence.MONTHLY)
            | Q(recurrence=EvaluationMilestone.Recurrence.YEARLY, start__month=period.start.month)
        )

    def starting_in(self, month):
        """One-off milestones that start in `month`."""
        period = Period.of(PeriodKind.MONTH, month)
        return self.filter(recurrence="", start__gte=period.start, start__lte=period.end)


class EvaluationMilestone(models.Model):
    """A step of the evaluation calendar (성과관리 로드맵): who must do what, from when to when."""

    class Track(models.TextChoices):
        INTERNAL = "내부평가", _("내부평가")
        EXTERNAL = "외부평가", _("외부평가")
        PLEDGE = "공약", _("공약")
        MEETING = "보고회", _("보고회")
        PLANNING = "계획", _("계획")

    class Recurrence(models.TextChoices):
        MONTHLY = "monthly", _("매월")
        YEARLY = "yearly", _("매년")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("지방자치단체")
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones")
    source_document = models.CharField(_("출처 문서"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("순서"), default=0)
    year = models.PositiveSmallIntegerField(_("연도"))
    track = models.CharField(_("구분"), max_length=10, choices=Track.choices)
    title = models.CharField(_("일정"), max_length=300)
    start = models.DateField(_("시작(월)"))
    end = models.DateField(_("끝(월)"))
    recurrence = models.CharField(_("반복"), max_length=10, choices=Recurrence.choices, blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("담당 조직")
    )
    note = models.CharField(_("비고"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("성과관리 일정")
        verbose_name_plural = _("성과관리 일정")
        ordering = ["municipality", "start", "order"]

    def __str__(self):
        return self.title

    @property
    def months_label(self):
        """The months it runs, as the roadmap writes them ("5~6월", "차년도 1월")."""
        return months_label(self.start, self.end, self.recurrence)


def months_label(start, end, recurrence):
    """The months a milestone runs from `start` to `end` (months), in the page's language ("2026년 5월~2026년 6월")."""
    if recurrence:
        return f"{EvaluationMilestone.Recurrence(recurrence).label} ({start:%Y.%-m.}~{end:%Y.%-m.})"
    first = date_format(start, "YEAR_MONTH_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return first
    return f"{first}~{date_format(end, 'YEAR_MONTH_FORMAT')}"


def latest_achievement(indicators):
    """For target indicators: how many have an actual beside a target, how many reached it, and as of when.

    Each indicator counts once, with its latest period that has both (compared as the
    achievement rate does, by direction); read from two value queries, whatever the number.
    """
    targets = {
        (row[0], row[1], row[2], row[3]): row[4]
        for row in Target.objects.filter(
            indicator__in=indicators.filter(kind=Indicator.Kind.TARGET), value__isnull=False
        ).values_list("indicator_id", "period", "year", "sub", "value")
    }
    latest = {}
    for indicator_id, period, year, sub, value, direction in Measurement.objects.filter(
        indicator__in=indicators, value__isnull=False
    ).values_list("indicator_id", "period", "year", "sub", "value", "indicator__direction"):
        key = (indicator_id, period, year, sub)
        if key in targets and (indicator_id not in latest or (year or 0, sub or 0) > latest[indicator_id][0]):
            latest[indicator_id] = ((year or 0, sub or 0), achievement_rate(targets[key], value, direction))
    rates = [rate for _key, rate in latest.values() if rate is not None]
    return {
        "measured": len(rates),
        "reached": sum(rate >= 100 for rate in rates),
        "latest_year": max((key[0] for key, _rate in latest.values()), default=None),
    }


from kpis.obligations import Obligation, ObligationState  # noqa: E402, F401  (the calendar lives in its own module)
