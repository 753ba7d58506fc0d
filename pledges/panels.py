"""Reading the citizen panels: what the public pages and the evaluation page show."""

from django.db.models import Count

from plans.models import Municipality
from pledges.models import CitizenPanel, MemberCategory, PanelMeeting, PanelMember, PanelOpinion


def category_counts(municipality: Municipality) -> list[tuple[str, int]]:
    """Members of the city's panels per category, every member counted (consented or not), in one query."""
    counts = dict(
        PanelMember.objects.filter(panel__municipality=municipality)
        .values_list("category")
        .annotate(count=Count("pk"))
        .values_list("category", "count")
    )
    return [(label, counts[value]) for value, label in MemberCategory.choices if counts.get(value)]


def panel_summary(municipality: Municipality) -> dict:
    """The city's panels in figures for the evaluation page (주민소통): panels, members, meetings, opinions answered."""
    members = PanelMember.objects.filter(panel__municipality=municipality)
    meetings = PanelMeeting.objects.filter(panel__municipality=municipality).approved()
    opinions = PanelOpinion.objects.filter(meeting__in=meetings)
    latest = meetings.select_related("panel__municipality").order_by("-held_on", "-pk").first()
    return {
        "panels": CitizenPanel.objects.filter(municipality=municipality).count(),
        "members": members.count(),
        "consented": members.filter(consent=True).count(),
        "meetings_approved": meetings.count(),
        "latest_meeting": {"date": latest.held_on, "url": latest.get_absolute_url()} if latest else None,
        "opinions": opinions.count(),
        "responded": opinions.responded().count(),
    }
