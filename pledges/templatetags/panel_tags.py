"""The pledge page's approved citizen-panel meetings that discussed the pledge, newest first and paged."""

from django import template

from pledges.models import PanelMeeting
from portal.paging import page_of

register = template.Library()

MEETINGS_PER_PAGE = 10


@register.simple_tag(takes_context=True)
def pledge_panel_meetings(context, pledge):
    """Approved meetings that discussed `pledge`; `?panel_meetings=` pages them."""
    meetings = PanelMeeting.objects.filter(pledges=pledge).for_list()
    return page_of(context["request"], meetings, param="panel_meetings", per_page=MEETINGS_PER_PAGE)
