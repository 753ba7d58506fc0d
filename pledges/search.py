"""The pledges' search group (`portal.search`): pledges by code, title, target or officials."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pledges.models import Pledge
from portal.search import SearchGroup


def find_pledges(words):
    """Pledges whose code, title, target or officials' names hold `words`."""
    match = (
        Q(code__icontains=words)
        | Q(title__icontains=words)
        | Q(target__icontains=words)
        | Q(officials__name__icontains=words)
    )
    return (
        Pledge.objects.filter(pk__in=Pledge.objects.filter(match).values("pk"))
        .select_related("term__municipality", "lead_unit")
        .order_by("term__municipality", "-term__start", "code")
    )


PLEDGES = SearchGroup("pledges", _("공약"), "pledges/search/_pledge.html", find_pledges, order=30)
