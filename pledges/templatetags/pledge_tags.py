"""Pledge sections other pages include: the city page's counts and 완료율, a task's pledges."""

from django import template

from pledges.models import Pledge, Term

register = template.Library()


@register.inclusion_tag("pledges/_city_pledges.html")
def city_pledges(municipality, keeper=None):
    """The latest term's pledges in figures, as of the newest status change or card approval."""
    term = Term.objects.filter(municipality=municipality).order_by("-start").first()
    if term is None:
        return {"municipality": municipality, "term": None, "keeper": keeper}
    pledges = term.pledges.all()
    return {
        "municipality": municipality,
        "term": term,
        "summary": pledges.status_summary(),
        "as_of": pledges.as_of(),
        "keeper": keeper,
    }


@register.inclusion_tag("pledges/_home_pledges.html")
def home_pledges(municipality, keeper=None):
    """The same figures as the city page's pledge section, in the few words of a home page card."""
    return city_pledges(municipality, keeper)


@register.inclusion_tag("pledges/_task_pledges.html")
def task_pledges(task):
    """The pledges a task carries out, newest term first, for the task's page."""
    pledges = Pledge.objects.filter(tasks=task).select_related("term__municipality").order_by("-term__start", "code")
    return {"task": task, "pledges": list(pledges)}
