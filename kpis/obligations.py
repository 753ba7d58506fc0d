"""The calendar of obligations: what each unit owes for which period, due when and locked when.

Six kinds of record owe something: every active task its quarterly progress report, every
target indicator its actual for each period it has a target for, every pledge in office its
half-year card and its quarterly self-evaluation, every lagging pledge (부진공약) its cause and
measures before the half-year 보고회, and the evaluation roadmap's milestones their steps. `Obligation` rows are
the calendar itself (who owes what, due and lock dates from `portal.periods`), kept in step
with the sources by `kpis.services.obligations_sync`. The state (작성 전, 작성중, 제출, 반려,
승인, 기한 지남, 마감) is never stored: `with_state(as_of)` reads it from the report, card or
measurement in the same query, so a screen never shows yesterday's state.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Municipality, OrgUnit, ProgressReport, Task
from pledges.models import LaggingMeasure, Pledge, PledgeCard, SelfEvaluation
from portal.scoping import ScopedQuerySet


class ObligationState(models.TextChoices):
    """Where an obligation stands on a given day."""

    NOT_STARTED = "not_started", _("작성 전")
    DRAFT = "draft", _("작성중")
    RETURNED = "returned", _("반려")
    SUBMITTED = "submitted", _("제출")
    APPROVED = "approved", _("승인")
    OVERDUE = "overdue", _("기한 지남")
    LOCKED = "locked", _("마감(미제출)")
    SCHEDULED = "scheduled", _("일정")
    ENDED = "ended", _("일정 종료")


FILED_STATES = (ObligationState.SUBMITTED, ObligationState.APPROVED)
OPEN_STATES = (ObligationState.NOT_STARTED, ObligationState.DRAFT, ObligationState.RETURNED)


class ObligationQuerySet(ScopedQuerySet):
    """Obligations, scoped by the unit that owes them."""

    scope_field = "unit"

    def for_unit(self, unit):
        """What one unit owes."""
        return self.filter(unit=unit)

    def for_municipality(self, municipality):
        """What every unit of a city owes."""
        return self.filter(municipality=municipality)

    def around(self, day: datetime.date, *, before: int = 31, after: int = 45):
        """Obligations due from `before` days before `day` to `after` days after it (what a screen of "now" shows)."""
        return self.filter(
            due_date__gte=day - datetime.timedelta(days=before), due_date__lte=day + datetime.timedelta(days=after)
        )

    def with_state(self, as_of: datetime.date):
        """Annotate `record_state` (the filing's own state), `record_pk` and `state` as of the day `as_of`.

        `state` is the filing's state once submitted or approved; otherwise 마감 from the
        lock date on, 기한 지남 after the due date, else 작성 전 / 작성중 / 반려. Milestones are
        일정 until their last day, then 일정 종료. One query, whatever the number of rows.
        """
        reports = ProgressReport.objects.filter(
            task=OuterRef("task"), year=OuterRef("period_year"), quarter=OuterRef("period_number")
        )
        cards = PledgeCard.objects.current().filter(pledge=OuterRef("pledge"), period_start=OuterRef("period_start"))
        evaluations = SelfEvaluation.objects.current().filter(
            pledge=OuterRef("pledge"), year=OuterRef("period_year"), quarter=OuterRef("period_number")
        )
        measures = LaggingMeasure.objects.filter(
            pledge=OuterRef("pledge"), year=OuterRef("period_year"), half=OuterRef("period_number")
        )
        from kpis.models import Measurement

        measured = Measurement.objects.alias(number=Coalesce("sub", 1)).filter(
            indicator=OuterRef("indicator"),
            period=OuterRef("period_kind"),
            year=OuterRef("period_year"),
            number=OuterRef("period_number"),
        )
        kind = Obligation.Kind
        record_state = Case(
            When(kind=kind.REPORT, then=Coalesce(Subquery(reports.values("state")[:1]), Value("not_started"))),
            When(kind=kind.CARD, then=Coalesce(Subquery(cards.values("state")[:1]), Value("not_started"))),
            When(
                kind=kind.SELF_EVALUATION,
                then=Coalesce(Subquery(evaluations.values("state")[:1]), Value("not_started")),
            ),
            When(Q(kind=kind.LAGGING) & Exists(measures), then=Value(ObligationState.SUBMITTED.value)),
            When(
                kind=kind.MEASUREMENT,
                then=Coalesce(Subquery(measured.order_by("-pk").values("state")[:1]), Value("not_started")),
            ),
            When(kind=kind.MILESTONE, then=Value(ObligationState.SCHEDULED.value)),
            default=Value(ObligationState.NOT_STARTED.value),
            output_field=models.CharField(),
        )
        record_pk = Case(
            When(kind=kind.REPORT, then=Subquery(reports.values("pk")[:1])),
            When(kind=kind.CARD, then=Subquery(cards.values("pk")[:1])),
            When(kind=kind.SELF_EVALUATION, then=Subquery(evaluations.values("pk")[:1])),
            When(kind=kind.LAGGING, then=Subquery(measures.values("pk")[:1])),
            default=Value(None),
            output_field=models.IntegerField(),
        )
        return self.annotate(record_state=record_state, record_pk=record_pk).annotate(
            state=Case(
                When(Q(kind=kind.MILESTONE, due_date__lt=as_of), then=Value(ObligationState.ENDED.value)),
                When(kind=kind.MILESTONE, then=Value(ObligationState.SCHEDULED.value)),
                When(record_state__in=FILED_STATES, then=F("record_state")),
                When(lock_date__lte=as_of, then=Value(ObligationState.LOCKED.value)),
                When(due_date__lt=as_of, then=Value(ObligationState.OVERDUE.value)),
                default=F("record_state"),
                output_field=models.CharField(),
            )
        )

    def outstanding(self, as_of: datetime.date):
        """Obligations still owed on `as_of` (not filed, milestones aside), state annotated."""
        return (
            self.exclude(kind=Obligation.Kind.MILESTONE)
            .with_state(as_of)
            .exclude(record_state__in=FILED_STATES)
            .select_related("unit", "municipality")
        )


class Obligation(models.Model):
    """One thing a unit owes for one period: a quarterly report, a KPI actual, a half-year card or a milestone."""

    class Kind(models.TextChoices):
        REPORT = "report", _("분기별 추진실적")
        MEASUREMENT = "measurement", _("성과지표 실적")
        CARD = "card", _("공약관리카드")
        MILESTONE = "milestone", _("성과관리 일정")
        SELF_EVALUATION = "self_eval", _("분기별 자체평가")
        LAGGING = "lagging", _("부진공약 대책")

    key = models.CharField(_("식별 키"), max_length=100, unique=True)
    kind = models.CharField(_("종류"), max_length=12, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("지방자치단체")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("담당 조직"))
    title = models.CharField(_("항목"), max_length=300)
    period_kind = models.CharField(_("기간 종류"), max_length=10)
    period_year = models.PositiveSmallIntegerField(_("연도"))
    period_number = models.PositiveSmallIntegerField(_("기간 번호"), default=1)
    period_label = models.CharField(_("기간"), max_length=30)
    period_start = models.DateField(_("기간 시작"))
    due_date = models.DateField(_("제출 기한"), db_index=True)
    lock_date = models.DateField(_("마감일"), null=True, blank=True)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    indicator = models.ForeignKey(
        "kpis.Indicator", on_delete=models.CASCADE, null=True, blank=True, related_name="obligations"
    )
    milestone = models.ForeignKey(
        "kpis.EvaluationMilestone", on_delete=models.CASCADE, null=True, blank=True, related_name="obligations"
    )

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("제출 의무")
        verbose_name_plural = _("제출 의무")
        ordering = ["due_date", "kind", "unit", "title"]
        indexes = [models.Index(fields=["municipality", "due_date"], name="obligation_city_due")]

    def __str__(self):
        return f"{self.period_label} {self.get_kind_display()} {self.title}"

    def form_url(self, record_pk=None) -> str:
        """The admin form where this obligation is met: the existing report or card, else a new one pre-filled."""
        if self.kind == self.Kind.REPORT:
            if record_pk:
                return reverse("admin:plans_progressreport_change", args=[record_pk])
            query = f"task={self.task_id}&year={self.period_year}&quarter={self.period_number}"
            return f"{reverse('admin:plans_progressreport_add')}?{query}"
        if self.kind == self.Kind.CARD:
            if record_pk:
                return reverse("admin:pledges_pledgecard_change", args=[record_pk])
            return f"{reverse('admin:pledges_pledgecard_add')}?pledge={self.pledge_id}&period_start={self.period_start}"
        if self.kind == self.Kind.SELF_EVALUATION:
            if record_pk:
                return reverse("admin:pledges_selfevaluation_change", args=[record_pk])
            query = f"pledge={self.pledge_id}&year={self.period_year}&quarter={self.period_number}"
            return f"{reverse('admin:pledges_selfevaluation_add')}?{query}"
        if self.kind == self.Kind.LAGGING:
            if record_pk:
                return reverse("admin:pledges_laggingmeasure_change", args=[record_pk])
            query = f"pledge={self.pledge_id}&year={self.period_year}&half={self.period_number}"
            return f"{reverse('admin:pledges_laggingmeasure_add')}?{query}"
        if self.kind == self.Kind.MEASUREMENT:
            return reverse("admin:kpis_indicator_change", args=[self.indicator_id])
        return reverse("admin:kpis_evaluationmilestone_change", args=[self.milestone_id])
