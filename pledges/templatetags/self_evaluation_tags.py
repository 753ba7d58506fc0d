"""The pledge page's approved quarterly self-evaluations, newest first and paged, in fixed queries."""

from django import template

from pledges.models import SelfEvaluation
from portal.paging import page_of

register = template.Library()

EVALUATIONS_PER_PAGE = 8


@register.inclusion_tag("pledges/_self_evaluations.html", takes_context=True)
def pledge_self_evaluations(context, pledge):
    """Approved self-evaluations of `pledge` with the cooperating units' parts; `?evaluations=` pages them."""
    request = context["request"]
    evaluations = SelfEvaluation.objects.filter(pledge=pledge).for_public_page()
    return {
        "request": request,
        "pledge": pledge,
        "evaluations": page_of(request, evaluations, param="evaluations", per_page=EVALUATIONS_PER_PAGE),
    }
