"""The pledges' part of a city's public updates (`plans.updates`): approved cards and status changes."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from plans.updates import UPDATES_LIMIT, Update
from pledges.models import PledgeCard, PledgeStatusChange


def pledge_updates(*, municipality, plan=None, limit=UPDATES_LIMIT, pledge=None):
    """Newest approved cards and status changes of the city's pledges (or of one pledge); none for a plan."""
    if plan is not None:
        return []
    cards = PledgeCard.objects.approved().filter(pledge__term__municipality=municipality).exclude(reviewed_at=None)
    changes = PledgeStatusChange.objects.filter(pledge__term__municipality=municipality)
    if pledge is not None:
        cards, changes = cards.filter(pledge=pledge), changes.filter(pledge=pledge)
    items = [
        Update(
            title=_("%(code)s %(title)s: %(period)s 공약관리카드")
            % {"code": card.pledge.code, "title": card.pledge.title, "period": card.label},
            link=card.pledge.get_absolute_url(),
            when=card.reviewed_at,
            summary=card.measures[:300] or card.problems[:300],
            kind=_("공약관리카드"),
        )
        for card in cards.select_related("pledge__term__municipality").order_by("-reviewed_at")[:limit]
    ]
    items += [
        Update(
            title=_("%(code)s %(title)s: 이행상태 %(status)s")
            % {"code": c.pledge.code, "title": c.pledge.title, "status": c.get_status_display()},
            link=c.pledge.get_absolute_url(),
            when=timezone.make_aware(datetime.datetime.combine(c.changed_on, datetime.time(9))),
            summary=c.reason[:300],
            kind=_("이행상태 변경"),
        )
        for c in changes.select_related("pledge__term__municipality").order_by("-changed_on", "-pk")[:limit]
    ]
    return items
