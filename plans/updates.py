"""What changed in public, newest first: approved quarterly reports here, and what other apps add (pledge cards …).

Every item is something a head approved. Apps add theirs by naming, on their AppConfig,
`public_updates`: functions `f(*, municipality, plan=None, limit) -> [Update]` that read a
bounded number of rows.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from plans.models import ProgressReport
from portal.hooks import declared

# A feed or the recent-changes page carries at most this many items.
UPDATES_LIMIT = 30


@dataclass(frozen=True)
class Update:
    """One approved change as a citizen reads it."""

    title: str
    link: str
    when: datetime.datetime
    summary: str
    kind: str


def report_updates(*, municipality, plan=None, limit=UPDATES_LIMIT):
    """The newest approved quarterly reports of the city's published plans (or of one plan)."""
    reports = ProgressReport.objects.published().filter(task__strategy__plan__municipality=municipality)
    if plan is not None:
        reports = reports.filter(task__strategy__plan=plan)
    reports = reports.exclude(reviewed_at=None).order_by("-reviewed_at", "-pk")[:limit]
    return [
        Update(
            title=_("%(code)s %(title)s: %(period)s 추진실적 (%(progress)s%%)")
            % {"code": r.task.code, "title": r.task.title, "period": r.period, "progress": r.progress},
            link=reverse(
                "plans:task",
                kwargs={"slug": municipality.slug, "plan_slug": r.task.strategy.plan.slug, "code": r.task.code},
            ),
            when=r.reviewed_at,
            summary=r.narrative[:300],
            kind=_("분기 추진실적"),
        )
        for r in reports
    ]


def city_updates(*, municipality, plan=None, limit=UPDATES_LIMIT):
    """Approved changes of a city (or one plan) from every app, newest first, at most `limit`."""
    items = report_updates(municipality=municipality, plan=plan, limit=limit)
    for provide in declared("public_updates"):
        items.extend(provide(municipality=municipality, plan=plan, limit=limit))
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]
