"""A city's plan figures, as its page and the home page show them: plans, tasks and overall progress."""

from plans.models import OrgUnit, Plan, Task
from plans.rollups import summed_rollups


def plan_figures(municipality, limit):
    """The city's newest `limit` published plans with their roll-ups, and how many plans and tasks it has.

    A fixed number of queries whatever the number of plans and tasks: the roll-ups are summed
    in the database (`summed_rollups`).
    """
    published = Plan.objects.published().filter(municipality=municipality)
    plans = list(published.with_counts().order_by("-period_start", "title")[:limit])
    tasks = Task.objects.published().filter(strategy__plan__in=[plan.pk for plan in plans])
    progress = summed_rollups(tasks, "strategy__plan_id")
    return {
        "plans": [(plan, progress.get(plan.pk)) for plan in plans],
        "plan_count": published.count(),
        "task_count": Task.objects.published().filter(strategy__plan__municipality=municipality).count(),
    }


def keeper_of(municipality):
    """The unit that keeps the city's plans and pledges (its coordinating unit), or None."""
    return OrgUnit.objects.filter(municipality=municipality, is_coordinating=True).order_by("order").first()
