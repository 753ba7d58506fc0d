"""What the sources owe around a day: the rows the obligation calendar should hold, built in a few queries.

Each function yields unsaved `Obligation` rows for the periods whose due date falls in a
window; `kpis.services.obligations_sync` compares them with the stored calendar.
"""

import datetime

from django.db.models import Q

from kpis.models import EvaluationMilestone, Indicator, Target
from kpis.obligations import Obligation
from plans.models import Municipality, Task
from pledges.lagging import lagging_pledges
from pledges.models import Pledge
from portal.periods import Period, PeriodKind, add_months

KIND = Obligation.Kind


def periods_due_between(kind: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Periods of `kind` whose deadline falls from `first` to `last`."""
    period = Period.of(kind, first - datetime.timedelta(days=400))
    found = []
    while period.start <= last:
        if first <= period.deadline <= last:
            found.append(period)
        period = period.next()
    return found


def _row(period, **fields):
    return Obligation(
        period_kind=period.kind,
        period_year=period.year,
        period_number=period.number,
        period_label=period.label,
        period_start=period.start,
        due_date=period.deadline,
        lock_date=period.lock_date,
        **fields,
    )


def report_rows(first, last):
    """The quarterly report of every task active in each quarter due in the window."""
    for period in periods_due_between(PeriodKind.QUARTER, first, last):
        tasks = Task.objects.active_in(period).select_related("lead_unit").order_by("pk")
        for task in tasks:
            yield _row(
                period,
                key=f"report:{task.pk}:{period.year}Q{period.number}",
                kind=KIND.REPORT,
                municipality_id=task.lead_unit.municipality_id,
                unit_id=task.lead_unit_id,
                title=f"{task.code} {task.title}"[:300],
                task_id=task.pk,
            )


def card_rows(first, last):
    """The half-year card of every pledge whose term runs in each half due in the window."""
    for period in periods_due_between(PeriodKind.HALF, first, last):
        pledges = Pledge.objects.filter(term__start__lte=period.end, term__end__gte=period.start)
        for pledge in pledges.select_related("term").order_by("pk"):
            yield _row(
                period,
                key=f"card:{pledge.pk}:{period.year}H{period.number}",
                kind=KIND.CARD,
                municipality_id=pledge.term.municipality_id,
                unit_id=pledge.lead_unit_id,
                title=f"{pledge.code} {pledge.title}"[:300],
                pledge_id=pledge.pk,
            )


def self_evaluation_rows(first, last):
    """The quarterly self-evaluation of every pledge whose term runs in each quarter due in the window."""
    for period in periods_due_between(PeriodKind.QUARTER, first, last):
        pledges = Pledge.objects.filter(term__start__lte=period.end, term__end__gte=period.start)
        for pledge in pledges.select_related("term").order_by("pk"):
            yield _row(
                period,
                key=f"self_eval:{pledge.pk}:{period.year}Q{period.number}",
                kind=KIND.SELF_EVALUATION,
                municipality_id=pledge.term.municipality_id,
                unit_id=pledge.lead_unit_id,
                title=f"{pledge.code} {pledge.title}"[:300],
                pledge_id=pledge.pk,
            )


def lagging_rows(first, last):
    """Cause and measures of every pledge lagging at the end of each half-year due in the window (its 보고회)."""
    for period in periods_due_between(PeriodKind.HALF, first, last):
        cities = Municipality.objects.filter(terms__start__lte=period.end, terms__end__gte=period.end).distinct()
        for municipality in cities.order_by("pk"):
            for row in lagging_pledges(municipality, period.end):
                pledge = row.pledge
                yield _row(
                    period,
                    key=f"lagging:{pledge.pk}:{period.year}H{period.number}",
                    kind=KIND.LAGGING,
                    municipality_id=municipality.pk,
                    unit_id=pledge.lead_unit_id,
                    title=f"{pledge.code} {pledge.title}"[:300],
                    pledge_id=pledge.pk,
                )


def measurement_rows(first, last):
    """The actual of every target indicator for each period it has a target for, due in the window."""
    wanted = Q()
    for kind in (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH):
        for period in periods_due_between(kind, first, last):
            sub = Q(sub__isnull=True) | Q(sub=1) if period.kind == PeriodKind.YEAR else Q(sub=period.number)
            wanted |= Q(period=period.kind, year=period.year) & sub
    if not wanted:
        return
    targets = (
        Target.objects.filter(wanted, indicator__kind=Indicator.Kind.TARGET, value__isnull=False)
        .select_related("indicator")
        .order_by("indicator_id", "year", "sub")
    )
    seen = set()
    for target in targets:
        period = target.reporting_period
        key = f"measurement:{target.indicator_id}:{period.kind}:{period.year}:{period.number}"
        if key in seen:
            continue
        seen.add(key)
        indicator = target.indicator
        yield _row(
            period,
            key=key,
            kind=KIND.MEASUREMENT,
            municipality_id=indicator.municipality_id,
            unit_id=indicator.responsible_unit_id,
            title=str(indicator)[:300],
            indicator_id=indicator.pk,
        )


def milestone_rows(first, last):
    """Each roadmap step ending in the window (each month of a recurring one): due its last day, never locked."""
    candidates = EvaluationMilestone.objects.filter(start__lte=last, end__gte=first - datetime.timedelta(days=31))
    for milestone in candidates.order_by("pk"):
        for month in _occurrences(milestone):
            period = Period.of(PeriodKind.MONTH, month)
            if not first <= period.end <= last:
                continue
            yield Obligation(
                key=f"milestone:{milestone.pk}:{month:%Y-%m}",
                kind=KIND.MILESTONE,
                municipality_id=milestone.municipality_id,
                unit_id=milestone.responsible_unit_id,
                title=milestone.title[:300],
                period_kind=PeriodKind.MONTH,
                period_year=period.year,
                period_number=period.number,
                period_label=period.label,
                period_start=milestone.start if not milestone.recurrence else period.start,
                due_date=period.end,
                lock_date=None,
                milestone_id=milestone.pk,
            )


def _occurrences(milestone):
    """The months a milestone is due in: its last month, or every month (monthly) or its month each year (yearly)."""
    if not milestone.recurrence:
        return [milestone.end.replace(day=1)]
    months, month = [], milestone.start.replace(day=1)
    step = 1 if milestone.recurrence == EvaluationMilestone.Recurrence.MONTHLY else 12
    while month <= milestone.end:
        months.append(month)
        month = add_months(month, step)
    return months


def obligation_rows(first: datetime.date, last: datetime.date) -> list[Obligation]:
    """Every obligation due from `first` to `last`, unsaved."""
    return [
        *report_rows(first, last),
        *measurement_rows(first, last),
        *card_rows(first, last),
        *self_evaluation_rows(first, last),
        *lagging_rows(first, last),
        *milestone_rows(first, last),
    ]
