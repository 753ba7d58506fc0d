"""The plan-progress report (업무계획 추진현황): every task with its latest quarter's report."""

from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum

from plans.models import ProgressReport, Task
from portal.excel import MONEY, Column, Report, Sheet

COLUMNS = [
    Column("업무계획", 24, wrap=True),
    Column("추진전략", 24, wrap=True),
    Column("과제번호", 8),
    Column("과제명", 36, wrap=True),
    Column("주관부서", 14),
    Column("사업기간", 16),
    Column("소요예산", **MONEY),
    Column("기준 분기", 12),
    Column("추진상태", 10),
    Column("추진률(%)", 9, number_format="#,##0"),
    Column("처리상태", 9),
    Column("추진실적", 60, wrap=True),
]
LATEST_FIELDS = ("year", "quarter", "status", "progress", "state", "narrative")


def progress_tasks(filters):
    """Tasks in scope, with plan and strategy joined, budget (item lines) and latest report annotated."""
    tasks = filters.scope(Task.objects.all(), "lead_unit", "strategy__plan__municipality")
    reports = ProgressReport.objects.filter(task=OuterRef("pk"))
    budget = Q(budget_lines__level="item")
    if filters.year:
        tasks = tasks.filter(
            strategy__plan__period_start__year__lte=filters.year, strategy__plan__period_end__year__gte=filters.year
        )
        reports = reports.filter(year__lte=filters.year)
        budget &= Q(budget_lines__year=filters.year)
        if filters.quarter:
            reports = reports.filter(Q(year__lt=filters.year) | Q(quarter__lte=filters.quarter))
    latest = reports.order_by("-year", "-quarter")
    return (
        tasks.select_related("strategy__plan", "lead_unit")
        .annotate(
            budget_won=Sum("budget_lines__planned", filter=budget),
            **{f"report_{name}": Subquery(latest.values(name)[:1]) for name in LATEST_FIELDS},
        )
        .order_by("strategy__plan__municipality__name", "strategy__plan__title", "strategy__number", "order", "code")
    )


def _period(task):
    if task.period_text:
        return task.period_text
    start, end = task.reporting_window()
    return f"{start:%Y.%m.}~{end:%Y.%m.}"


def progress_rows(filters):
    """One row per task: plan › strategy › task, unit, period, budget (백만원) and latest report."""
    statuses, states = dict(ProgressReport.Status.choices), dict(ProgressReport.State.choices)
    for task in progress_tasks(filters).iterator(chunk_size=2000):
        reported = task.report_year is not None
        yield [
            task.strategy.plan.title,
            f"{task.strategy.number}. {task.strategy.title}",
            task.code,
            task.title,
            task.lead_unit.name,
            _period(task),
            "-" if task.budget_won is None else Decimal(task.budget_won) / 1_000_000,
            f"{task.report_year}년 {task.report_quarter}분기" if reported else "미보고",
            statuses.get(task.report_status, "-"),
            task.report_progress if reported else "-",
            states.get(task.report_state, "-"),
            task.report_narrative or "",
        ]


def plan_progress_report(filters):
    """업무계획 추진현황."""
    title = "업무계획 추진현황"
    return Report(
        name="plan-progress",
        title=title,
        sheets=[
            Sheet(name=title, title=title, unit_label="(단위: 백만원)", columns=COLUMNS, rows=progress_rows(filters))
        ],
    )
