"""Quarter arithmetic for quarterly reporting: months, deadlines and locks, in Seoul time."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone


class Quarter(NamedTuple):
    """A calendar quarter (1-4) of a year."""

    year: int
    quarter: int

    @property
    def first_month(self) -> datetime.date:
        """The first day of the quarter."""
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        """The last day of the quarter."""
        following = self.next()
        return following.first_month - datetime.timedelta(days=1)

    @property
    def deadline(self) -> datetime.date:
        """The day the quarter's progress report is due."""
        return self.last_day + datetime.timedelta(days=settings.PROGRESS_REPORT_DUE_DAYS)

    @property
    def lock_date(self) -> datetime.date:
        """The first day on which the quarter's reports can no longer be changed."""
        return self.deadline + datetime.timedelta(days=settings.PROGRESS_LOCK_GRACE_DAYS + 1)

    def is_locked(self, today: datetime.date | None = None) -> bool:
        """True once the deadline and the grace period have passed."""
        return (today or seoul_today()) >= self.lock_date

    def next(self) -> "Quarter":
        """The quarter after this one."""
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def previous(self) -> "Quarter":
        """The quarter before this one."""
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def overlaps(self, start: datetime.date | None, end: datetime.date | None) -> bool:
        """True when the quarter shares a month with the period from `start` to `end` (months)."""
        return (start is None or self.last_day >= start) and (end is None or self.first_month <= end)

    def __str__(self):
        return f"{self.year}년 {self.quarter}분기"


def seoul_today() -> datetime.date:
    """Today's date in Asia/Seoul, whatever the server's own time zone."""
    return timezone.localdate()


def quarter_of(day: datetime.date) -> Quarter:
    """The quarter a date falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def current_quarter() -> Quarter:
    """The quarter of today in Seoul."""
    return quarter_of(seoul_today())
