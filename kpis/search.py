"""The KPIs' search groups (`portal.search`): indicators and evaluation milestones."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpis.models import EvaluationMilestone, Indicator
from portal.search import SearchGroup


def find_indicators(words):
    """Published indicators whose name or group holds `words`."""
    return (
        Indicator.objects.published()
        .filter(Q(name__icontains=words) | Q(group__icontains=words))
        .select_related("municipality", "responsible_unit")
        .order_by("municipality", "source_document", "order")
    )


def find_milestones(words):
    """Published milestones whose title or note holds `words`."""
    return (
        EvaluationMilestone.objects.published()
        .filter(Q(title__icontains=words) | Q(note__icontains=words))
        .select_related("municipality", "responsible_unit")
        .order_by("municipality", "start", "order")
    )


INDICATORS = SearchGroup("indicators", _("성과지표"), "kpis/search/_indicator.html", find_indicators, order=50)
MILESTONES = SearchGroup("milestones", _("성과관리 일정"), "kpis/search/_milestone.html", find_milestones, order=55)
