"""What tasks owe: the quarterly report of every quarter of their period, overdue after its deadline."""

import datetime

import pytest
from django.test import override_settings

from plans.models import ProgressReport, Task
from portal.periods import quarter
from tests.factories import PlanFactory, ProgressReportFactory, StrategyFactory, TaskFactory

pytestmark = pytest.mark.django_db

Q3 = quarter(2026, 3)


@pytest.fixture
def tasks():
    plan = PlanFactory(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 1))
    strategy = StrategyFactory(plan=plan)
    return {
        "missing": TaskFactory(strategy=strategy),
        "draft": TaskFactory(strategy=strategy),
        "returned": TaskFactory(strategy=strategy),
        "submitted": TaskFactory(strategy=strategy),
        "approved": TaskFactory(strategy=strategy),
        "ended_in_june": TaskFactory(strategy=strategy, period_end=datetime.date(2026, 6, 1)),
        "starts_next_year": TaskFactory(strategy=strategy, period_start=datetime.date(2027, 1, 1), period_end=None),
    }


def _file(tasks):
    for state in ("draft", "returned", "submitted", "approved"):
        ProgressReportFactory(task=tasks[state], year=2026, quarter=3, state=state)


def _names(tasks, queryset):
    return {name for name, task in tasks.items() if task in queryset}


def test_tasks_owe_the_quarter_until_they_hand_the_report_in(tasks):
    _file(tasks)
    owing = Task.objects.filter(pk__in=[t.pk for t in tasks.values()]).owing(Q3)
    assert _names(tasks, owing) == {"missing", "draft", "returned"}


@override_settings(PERIOD_DUE_DAYS={"quarter": 10})
@pytest.mark.parametrize(
    ("day", "due_soon_7", "overdue"),
    [
        (datetime.date(2026, 10, 2), False, False),
        (datetime.date(2026, 10, 3), True, False),
        (datetime.date(2026, 10, 10), True, False),
        (datetime.date(2026, 10, 11), False, True),
        (datetime.date(2026, 11, 1), False, True),
    ],
)
def test_due_soon_and_overdue_follow_the_quarters_deadline(tasks, day, due_soon_7, overdue):
    _file(tasks)
    mine = Task.objects.filter(pk__in=[t.pk for t in tasks.values()])
    expected = {"missing", "draft", "returned"}
    assert _names(tasks, mine.due_soon(day, 7)) == (expected if due_soon_7 else set())
    assert _names(tasks, mine.overdue(day)) == (expected if overdue else set())


def test_filed_reports_are_the_submitted_and_approved_ones(tasks):
    _file(tasks)
    assert set(ProgressReport.objects.filed().values_list("state", flat=True)) == {"submitted", "approved"}
