"""The plans' search groups (`portal.search`): plans, tasks, units, and the text of approved quarterly reports."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import OrgUnit, Plan, ProgressReport, Task
from portal.search import SearchGroup


def find_plans(words):
    """Published plans whose title, vision or goal hold `words`."""
    return Plan.objects.published().search(words).with_counts().order_by("-period_start", "title")


def find_tasks(words):
    """Tasks of published plans whose text holds `words`."""
    return Task.objects.published().search(words).for_listing().order_by("strategy__plan", "strategy__number", "order")


def find_units(words):
    """Units whose name, English name or head holds `words`."""
    match = Q(name__icontains=words) | Q(name_en__icontains=words) | Q(head_name__icontains=words)
    return OrgUnit.objects.filter(match).select_related("municipality", "parent").order_by("municipality", "order")


def find_reports(words):
    """Approved quarterly reports of published plans whose narrative, problems or next steps hold `words`."""
    match = Q(narrative__icontains=words) | Q(problems__icontains=words) | Q(next_steps__icontains=words)
    return (
        ProgressReport.objects.published().filter(match).select_related("task__lead_unit").order_by("-year", "-quarter")
    )


PLANS = SearchGroup("plans", _("업무계획"), "plans/search/_plan.html", find_plans, order=10)
TASKS = SearchGroup("tasks", _("과제"), "plans/search/_task.html", find_tasks, order=20)
UNITS = SearchGroup("units", _("조직"), "plans/search/_unit.html", find_units, order=40)
REPORTS = SearchGroup("reports", _("승인된 분기 추진실적"), "plans/search/_report.html", find_reports, order=60)
