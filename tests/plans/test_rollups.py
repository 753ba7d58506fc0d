"""Overall progress of strategies, plans, units and pledges: budget-weighted when every budget is known, else the mean."""

import datetime
from decimal import Decimal

import pytest

from budgets.models import BudgetLine
from plans.models import OrgUnit, ProgressReport, Task
from plans.rollups import BUDGET_WEIGHTED, PLAIN_MEAN, rollup, rollups_by, summed_rollups
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


def summed(tasks):
    return summed_rollups(Task.objects.filter(pk__in=[t.pk for t in tasks]), "strategy_id")[tasks[0].strategy_id]


def test_summed_in_the_database_the_mean_by_the_same_rule(three_tasks):
    first, second, _third = three_tasks
    approved(first, 20, quarter=1)
    approved(first, 40, quarter=2, day=9)
    approved(second, 90)
    budget(first, 1_000_000)
    result = summed(three_tasks)
    # (40 + 90) / 2: the second task's budget is unknown, so no weighting; the third is named apart.
    assert (result.progress, result.rule) == (Decimal("65.0"), PLAIN_MEAN)
    assert (result.counted_count, result.unreported_count, result.total) == (2, 1, 3)
    assert result.as_of == datetime.date(2026, 4, 9)


def test_summed_in_the_database_budget_weighted_when_every_budget_is_known(three_tasks):
    first, second, _third = three_tasks
    approved(first, 20)
    approved(second, 80)
    budget(first, 3_000_000)
    budget(second, 1_000_000)
    # (20 × 3,000,000 + 80 × 1,000,000) / 4,000,000 = 35
    assert (summed(three_tasks).progress, summed(three_tasks).rule) == (Decimal("35.0"), BUDGET_WEIGHTED)
    budget(second, None)
    assert summed(three_tasks).rule == PLAIN_MEAN


def test_summed_with_no_approved_report_gives_no_figure(three_tasks):
    result = summed(three_tasks)
    assert (result.progress, result.rule, result.unreported_count) == (None, None, 3)


# --- on the pages, over the seed plan ------------------------------------------------------

NAMYANGJU = "namyangju-2026-planning-office"


def seed_task(code):
    return Task.objects.get(strategy__plan__slug=NAMYANGJU, code=code)


def approve_seed(code, progress, *, month=4):
    ProgressReportFactory(
        task=seed_task(code),
        progress=progress,
        state=ProgressReport.State.APPROVED,
        reviewed_at=datetime.datetime(2026, month, 12, tzinfo=datetime.UTC),
    )


def strategy_row(html, number):
    table = html.split('class="tbl col data strategy-overview"')[1].split("</table>")[0]
    return next(row for row in table.split("<tr>") if f"#strategy-{number}" in row)


@pytest.fixture
def reported(seeded):
    # 인사과's three tasks carry the plan's 소요예산 (천원): 3-1 788,137, 3-2 1,346,000, 3-3 1,080,209.
    approve_seed("3-1", 10)
    approve_seed("3-2", 40)
    approve_seed("3-3", 70, month=7)
    # 예산과 (3-4, 3-5) and 의회법무과 (2-1, 2-2) have no task budget in the document.
    approve_seed("3-4", 50)
    approve_seed("2-1", 30)


def test_the_plan_page_rolls_each_strategy_up_by_the_shared_rule(client, reported):
    html = client.get(f"/namyangju/plans/{NAMYANGJU}/").content.decode()
    # Strategy 3: 3-4 has no budget, so the plain mean of the four reported: (10 + 40 + 70 + 50) ÷ 4.
    assert "42.5%" in strategy_row(html, 3)
    assert "단순 평균" in strategy_row(html, 3)
    # Strategy 2: 2-1 alone is reported (2-2 is named apart, not counted as 0%).
    assert "30.0%" in strategy_row(html, 2)
    assert "추진률 기준: 2026. 7. 12. 승인분까지" in html
    assert "0%로 세지 않고" in html


def test_a_unit_page_rolls_up_the_tasks_it_leads(client, reported):
    personnel = OrgUnit.objects.get(municipality__slug="namyangju", name="인사과")
    html = client.get(personnel.get_absolute_url()).content.decode()
    section = html.split('id="unit-progress"')[1].split("</section>")[0]
    # (10 × 788,137 + 40 × 1,346,000 + 70 × 1,080,209) ÷ (788,137 + 1,346,000 + 1,080,209) = 42.73…
    assert "42.7%" in section
    assert "예산으로 가중" in section
    assert "2026. 7. 12. 승인분까지" in section
    budget_office = OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")
    section = client.get(budget_office.get_absolute_url()).content.decode().split('id="unit-progress"')[1]
    section = section.split("</section>")[0]
    assert "50.0%" in section and "단순 평균" in section
    assert "승인된 실적이 없어 계산에서 뺀 과제 1개" in section
    assert "3-5 " in section
