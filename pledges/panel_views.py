"""Public pages of the citizen panels: the city's panels and approved meetings, and one meeting with its opinions."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from plans.models import Municipality
from pledges.models import CitizenPanel, PanelMeeting, PanelOpinion, Pledge
from pledges.panels import category_counts
from portal.paging import page_of

PANELS_PER_PAGE = 10


def panels(request, slug):
    """The city's panels with consented members by name and category, every member counted, and approved meetings paged."""
    municipality = get_object_or_404(Municipality, slug=slug)
    context = {
        "municipality": municipality,
        "panels": page_of(
            request,
            CitizenPanel.objects.filter(municipality=municipality).for_public_page().order_by("-founded_on", "pk"),
            param="panels",
            per_page=PANELS_PER_PAGE,
        ),
        "category_counts": category_counts(municipality),
        "meetings": page_of(request, PanelMeeting.objects.filter(panel__municipality=municipality).for_list()),
    }
    return render(request, "pledges/panels.html", context)


def panel_meeting(request, slug, pk):
    """One approved meeting: agenda, summary, opinions with the city's responses, and the pledges discussed."""
    meeting = get_object_or_404(
        PanelMeeting.objects.approved()
        .select_related("panel__municipality")
        .prefetch_related(
            Prefetch("opinions", queryset=PanelOpinion.objects.order_by("order", "pk")),
            Prefetch("pledges", queryset=Pledge.objects.select_related("term__municipality").order_by("code")),
        ),
        panel__municipality__slug=slug,
        pk=pk,
    )
    return render(
        request, "pledges/panel_meeting.html", {"municipality": meeting.panel.municipality, "meeting": meeting}
    )
