"""Pledge sections other pages include: the city page's counts and 완료율, a task's pledges."""

from django import template
from django.db.models import Max

from pledges.models import Pledge, PledgeCard, Term

register = template.Library()


@register.inclusion_tag("pledges/_city_pledges.html")
def city_pledges(municipality, keeper=None):
    """The latest term's pledges in figures, as of the newest status change or card approval."""
    term = Term.objects.filter(municipality=municipality).order_by("-start").first()
    if term is None:
        return {"municipality": municipality, "term": None, "keeper": keeper}
    pledges = term.pledges.all()
    as_of = [
        pledges.aggregate(day=Max("status_changed_on"))["day"],
        PledgeCard.objects.approved().filter(pledge__term=term).aggregate(day=Max("reviewed_at"))["day"],
    ]
    days = [day.date() if hasattr(day, "date") else day for day in as_of if day]
    return {
        "municipality": municipality,
        "term": term,
        "summary": pledges.status_summary(),
        "as_of": max(days, default=None),
        "keeper": keeper,
    }


@register.inclusion_tag("pledges/_task_pledges.html")
def task_pledges(task):
    """The pledges a task carries out, newest term first, for the task's page."""
    pledges = Pledge.objects.filter(tasks=task).select_related("term__municipality").order_by("-term__start", "code")
    return {"task": task, "pledges": list(pledges)}
