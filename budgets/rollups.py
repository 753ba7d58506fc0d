"""What the budgets app tells the progress roll-ups (`plans.rollups`): each task's budget, where it is known."""

from budgets.models import BudgetLine


def task_budgets(task_ids):
    """Task id → the sum of its item lines in 원; tasks with no item line or an unknown amount are left out."""
    sums = BudgetLine.objects.published().filter(task_id__in=task_ids).by_task()
    return {row["task_id"]: row["planned_sum"] for row in sums if not row["planned_unknown"] and row["planned_sum"]}
