"""The one sum of a task's budget items: for task pages and for the progress roll-ups (`plans.rollups`)."""

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from budgets.models import BudgetLine


def task_sums(task_ids, lines=None):
    """Task id → its roll-up row (`planned_sum`, `planned_unknown`, `part_lines` …) over item lines only."""
    lines = BudgetLine.objects.all() if lines is None else lines
    return {row["task_id"]: row for row in lines.filter(task_id__in=task_ids).by_task()}


def task_budgets(task_ids):
    """Task id → the sum of its published item lines in 원; tasks with no item line or an unknown amount are left out."""
    sums = task_sums(task_ids, BudgetLine.objects.published())
    return {
        task_id: row["planned_sum"]
        for task_id, row in sums.items()
        if not row["planned_unknown"] and row["planned_sum"]
    }


def task_budget_expression():
    """A task's budget for `OuterRef("pk")`: the sum of its item lines, NULL when a line's amount is unknown."""
    lines = (
        BudgetLine.objects.published()
        .items()
        .filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(won=Sum("planned"), unknown=Count("pk", filter=Q(planned=None)))
        .filter(unknown=0)
    )
    return Subquery(lines.values("won")[:1])
