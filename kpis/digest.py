"""What one person should be reminded of in a month: deadlines, missing reports, due figures."""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Q

from kpis.models import EvaluationMilestone, Indicator
from plans.models import Task, User
from pledges.models import Pledge
from portal.periods import add_months


@dataclass
class Item:
    """One line of a digest."""

    title: str
    detail: str = ""
    unit: str = ""
    overdue_days: int | None = None


def build_digest(user: User, month: datetime.date) -> dict[str, list[dict]]:
    """The sections of `user`'s digest for `month`; empty lists where nothing is due."""
    first = month.replace(day=1)
    sections = {
        "milestones_now": [_milestone(m) for m in EvaluationMilestone.objects.for_user(user).active_in(first)],
        "milestones_next": [
            _milestone(m) for m in EvaluationMilestone.objects.for_user(user).starting_in(add_months(first, 1))
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
    """Tasks whose report for the latest ended quarter is missing, a draft or returned, after its deadline."""
    quarter = tasks.owed_period(first)
    return [
        Item(
            title=f"{task.code} {task.title}",
            detail=f"{quarter} 추진실적 미제출 (기한 {quarter.deadline:%Y-%m-%d})",
            unit=task.lead_unit.name,
            overdue_days=(first - quarter.deadline).days,
        )
        for task in tasks.overdue(first).select_related("lead_unit")
    ]


def due_measurements(indicators, first):
    """Target indicators with a target for last year but no actual for it yet (January to March)."""
    if first.month > 3:
        return []
    year = indicators.owed_period(first)
    return [
        Item(title=str(i), detail=f"{year.year}년 실적 입력 필요 (목표 대비)", unit=i.responsible_unit.name)
        for i in indicators.owing(year).select_related("responsible_unit")
    ]


def due_pledge_cards(pledges, first):
    """Pledges whose card for the half-year that has just ended is missing or not yet submitted."""
    half = pledges.owed_period(first)
    if half.end != first - datetime.timedelta(days=1):
        return []
    return [
        Item(title=str(p), detail=f"{half} 공약관리카드 미제출", unit=p.lead_unit.name)
        for p in pledges.owing(half).select_related("lead_unit")
    ]


def escalated_items(coordinator, first):
    """Every unit's reports overdue past the escalation threshold, for the coordinating office."""
    threshold = settings.REMINDER_ESCALATION_DAYS
    tasks = Task.objects.for_user(coordinator).filter(~Q(lead_unit=coordinator.unit))
    return [item for item in missing_reports(tasks, first) if (item.overdue_days or 0) > threshold]


def item_count(sections):
    """How many items a digest holds."""
    return sum(len(items) for items in sections.values())
