"""What the budgets app tells the progress roll-ups (`plans.rollups`): each task's budget, where it is known."""

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from budgets.models import BudgetLine


def task_budgets(task_ids):
    """Task id → the sum of its item lines in 원; tasks with no item line or an unknown amount are left out."""
    sums = BudgetLine.objects.published().filter(task_id__in=task_ids).by_task()
    return {row["task_id"]: row["planned_sum"] for row in sums if not row["planned_unknown"] and row["planned_sum"]}


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
