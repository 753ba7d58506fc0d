"""Overall progress of strategies, plans, units and pledges: budget-weighted when every budget is known, else the mean."""

import datetime
from decimal import Decimal

import pytest

from budgets.models import BudgetLine
from plans.models import ProgressReport, Task
from plans.rollups import BUDGET_WEIGHTED, PLAIN_MEAN, rollup, rollups_by
from tests.factories import PlanFactory, ProgressReportFactory, StrategyFactory, TaskFactory

pytestmark = pytest.mark.django_db


def approved(task, progress, *, quarter=1, day=5):
    ProgressReportFactory(
        task=task,
        quarter=quarter,
        progress=progress,
        state=ProgressReport.State.APPROVED,
        reviewed_at=datetime.datetime(2026, 4, day, tzinfo=datetime.UTC),
    )


def budget(task, won):
    BudgetLine.objects.create(
        municipality=task.strategy.plan.municipality,
        unit=task.lead_unit,
        task=task,
        source_document="시험",
        seq=BudgetLine.objects.count() + 1,
        level=BudgetLine.Level.ITEM,
        name=task.title,
        year=2026,
        planned=won,
    )


@pytest.fixture
def three_tasks():
    strategy = StrategyFactory(plan=PlanFactory())
    return [TaskFactory(strategy=strategy) for _ in range(3)]


def annotated(tasks):
    return Task.objects.filter(pk__in=[t.pk for t in tasks]).with_latest_report().order_by("pk")


def test_the_mean_of_the_latest_approved_progress_when_a_budget_is_unknown(three_tasks):
    first, second, third = three_tasks
    approved(first, 20, quarter=1)
    approved(first, 40, quarter=2, day=9)
    approved(second, 90)
    ProgressReportFactory(task=third, progress=100, state=ProgressReport.State.SUBMITTED)
    budget(first, 1_000_000)
    result = rollup(annotated(three_tasks))
    assert (result.progress, result.rule) == (Decimal("65.0"), PLAIN_MEAN)
    assert result.unreported == [third]
    assert result.total == 3
    assert result.as_of == datetime.date(2026, 4, 9)
    assert "단순 평균" in str(result.formula)


def test_budget_weighted_when_every_counted_task_has_a_known_budget(three_tasks):
    first, second, _third = three_tasks
    approved(first, 20)
    approved(second, 80)
    budget(first, 3_000_000)
    budget(second, 1_000_000)
    result = rollup(annotated(three_tasks))
    assert (result.progress, result.rule) == (Decimal("35.0"), BUDGET_WEIGHTED)
    assert "예산으로 가중" in str(result.formula)


def test_an_unknown_amount_makes_a_budget_unknown(three_tasks):
    first, second, _third = three_tasks
    approved(first, 20)
    approved(second, 80)
    budget(first, 3_000_000)
    budget(second, 1_000_000)
    budget(second, None)
    assert rollup(annotated(three_tasks)).rule == PLAIN_MEAN


def test_no_approved_report_gives_no_figure_never_zero(three_tasks):
    result = rollup(annotated(three_tasks))
    assert (result.progress, result.rule, len(result.unreported)) == (None, None, 3)


def test_rollups_by_strategy_with_a_constant_number_of_queries(django_assert_num_queries):
    plan = PlanFactory()
    strategies = [StrategyFactory(plan=plan) for _ in range(3)]
    for index, strategy in enumerate(strategies):
        for progress in (10 * index, 10 * index + 20):
            approved(TaskFactory(strategy=strategy), progress)
    with django_assert_num_queries(2):
        result = rollups_by(Task.objects.filter(strategy__plan=plan).with_latest_report(), key=lambda t: t.strategy_id)
    assert [result[s.pk].progress for s in strategies] == [Decimal("10.0"), Decimal("20.0"), Decimal("30.0")]
