"""What a set of published records speaks for: the source documents it came from and its newest approval.

Every public page states it beside its figures (`source_tags.as_of_note`); each function
costs two aggregate queries whatever the number of records.
"""

import datetime

from django.db.models import Max
from django.utils import timezone


def documents_of(queryset, field="source_document"):
    """The distinct, non-empty source document keys of `queryset`, in order."""
    return sorted(set(queryset.order_by().values_list(field, flat=True).distinct()) - {""})


def newest_day(queryset, *fields):
    """The Seoul day of the newest value of any of `fields` (dates or datetimes) in `queryset`, or None."""
    found = queryset.order_by().aggregate(**{f"newest_{name}": Max(name) for name in fields})
    days = [timezone.localdate(day) if isinstance(day, datetime.datetime) else day for day in found.values() if day]
    return max(days, default=None)
