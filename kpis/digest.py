"""What one person should be reminded of in a month: deadlines, missing reports, due figures."""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Q

from kpis.models import EvaluationMilestone, Indicator, month_bounds
from plans.models import ProgressReport, Task, User
from pledges.models import Pledge, PledgeCard
from portal.periods import Quarter, quarter_of


@dataclass
class Item:
    """One line of a digest."""

    title: str
    detail: str = ""
    unit: str = ""
    overdue_days: int | None = None


def due_quarter(month: datetime.date) -> Quarter:
    """The latest quarter that has ended before `month` begins: the one whose report is due."""
    first = month.replace(day=1)
    quarter = quarter_of(first - datetime.timedelta(days=1))
    return quarter if quarter.last_day < first else quarter.previous()


def next_month(month: datetime.date) -> datetime.date:
    """The first day of the month after `month`."""
    return month_bounds(month)[1] + datetime.timedelta(days=1)


def build_digest(user: User, month: datetime.date) -> dict[str, list[dict]]:
    """The sections of `user`'s digest for `month`; empty lists where nothing is due."""
    first = month.replace(day=1)
    sections = {
        "milestones_now": [_milestone(m) for m in EvaluationMilestone.objects.for_user(user).active_in(first)],
        "milestones_next": [
            _milestone(m) for m in EvaluationMilestone.objects.for_user(user).starting_in(next_month(first))
        ],
        "reports": [asdict(item) for item in missing_reports(_own_tasks(user), first)],
        "indicators": [asdict(item) for item in due_measurements(Indicator.objects.for_user(user), first)],
        "pledge_cards": [asdict(item) for item in due_pledge_cards(Pledge.objects.for_user(user), first)],
        "escalated": [],
    }
    if user.is_coordinator:
        sections["escalated"] = [asdict(item) for item in escalated_items(user, first)]
    return sections


def _own_tasks(user):
    """The tasks whose reports are this person's to write: the coordinating office's own only."""
    if user.is_coordinator:
        return Task.objects.filter(lead_unit_id=user.unit_id)
    return Task.objects.for_user(user)


def _milestone(milestone):
    return asdict(
        Item(
            title=milestone.title,
            detail=f"{milestone.get_track_display()} · {milestone.months_label}",
            unit=milestone.responsible_unit.name,
        )
    )


def missing_reports(tasks, first):
    """Tasks whose report for the due quarter is missing, a draft or returned, after its deadline."""
    quarter = due_quarter(first)
    if first <= quarter.deadline:
        return []
    done = ProgressReport.objects.for_quarter(quarter).filter(
        state__in=[ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED]
    )
    items = []
    for task in tasks.exclude(pk__in=done.values("task_id")).select_related("strategy__plan", "lead_unit"):
        start, end = task.reporting_window()
        if quarter.overlaps(start, end):
            items.append(
                Item(
                    title=f"{task.code} {task.title}",
                    detail=f"{quarter} 추진실적 미제출 (기한 {quarter.deadline:%Y-%m-%d})",
                    unit=task.lead_unit.name,
                    overdue_days=(first - quarter.deadline).days,
                )
            )
    return items


def due_measurements(indicators, first):
    """Target indicators with a target for last year but no actual for it yet (January to March)."""
    if first.month > 3:
        return []
    year = first.year - 1
    due = indicators.filter(kind=Indicator.Kind.TARGET, targets__year=year, targets__value__isnull=False).exclude(
        measurements__year=year
    )
    return [
        Item(title=str(i), detail=f"{year}년 실적 입력 필요 (목표 대비)", unit=i.responsible_unit.name)
        for i in due.select_related("responsible_unit").distinct()
    ]


def due_pledge_cards(pledges, first):
    """Pledges whose card for the half-year just ended is missing or not yet submitted."""
    half_end = first.replace(day=1) - datetime.timedelta(days=1)
    if half_end.month not in (6, 12):
        return []
    half_start = datetime.date(half_end.year, half_end.month - 5, 1)
    active = pledges.filter(term__start__lte=half_end, term__end__gte=half_start)
    done = PledgeCard.objects.filter(
        period_start=half_start, state__in=[PledgeCard.State.SUBMITTED, PledgeCard.State.APPROVED]
    )
    label = f"{half_end.year}년 {'상' if half_end.month == 6 else '하'}반기"
    return [
        Item(title=str(p), detail=f"{label} 공약관리카드 미제출", unit=p.lead_unit.name)
        for p in active.exclude(pk__in=done.values("pledge_id")).select_related("lead_unit")
    ]


def escalated_items(coordinator, first):
    """Every unit's reports overdue past the escalation threshold, for the coordinating office."""
    threshold = settings.REMINDER_ESCALATION_DAYS
    tasks = Task.objects.for_user(coordinator).filter(~Q(lead_unit=coordinator.unit))
    return [item for item in missing_reports(tasks, first) if (item.overdue_days or 0) > threshold]


def item_count(sections):
    """How many items a digest holds."""
    return sum(len(items) for items in sections.values())
