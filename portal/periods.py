"""Reporting periods (year, half, quarter, month): their days, labels, deadlines and locks, in Seoul time.

One value type serves every app: progress reports run by quarter, pledge cards by half-year,
KPI targets and actuals by year (or half, quarter, month) and the reminders ask each of them
what is due. A period's report is due `PERIOD_DUE_DAYS[kind]` days after it ends and locks
`PERIOD_LOCK_GRACE_DAYS` days after that (settings).
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    """How long a reporting period lasts."""

    YEAR = "year", _("연")
    HALF = "half", _("반기")
    QUARTER = "quarter", _("분기")
    MONTH = "month", _("월")


MONTHS_PER_KIND = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}


def seoul_today() -> datetime.date:
    """Today's date in Asia/Seoul, whatever the server's own time zone."""
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: a kind, a year and its number within the year (1 for a year)."""

    kind: str
    year: int
    number: int = 1

    def __post_init__(self):
        """Refuse a number the kind does not have (a fifth quarter, a thirteenth month)."""
        count = 12 // MONTHS_PER_KIND[PeriodKind(self.kind)]
        if not 1 <= self.number <= count:
            raise ValueError(f"{self.kind} {self.number} is not a period of a year")

    @classmethod
    def of(cls, kind: str, day: datetime.date) -> "Period":
        """The period of `kind` that `day` falls in."""
        return cls(kind, day.year, (day.month - 1) // MONTHS_PER_KIND[PeriodKind(kind)] + 1)

    @classmethod
    def current(cls, kind: str) -> "Period":
        """The period of `kind` that today (in Seoul) falls in."""
        return cls.of(kind, seoul_today())

    @property
    def months(self) -> int:
        """How many months the period lasts."""
        return MONTHS_PER_KIND[PeriodKind(self.kind)]

    @property
    def start(self) -> datetime.date:
        """The first day of the period."""
        return datetime.date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return add_months(self.start, self.months) - datetime.timedelta(days=1)

    @property
    def deadline(self) -> datetime.date:
        """The day what is owed for this period is due."""
        return self.end + datetime.timedelta(days=settings.PERIOD_DUE_DAYS[self.kind])

    @property
    def lock_date(self) -> datetime.date:
        """The first day on which what was filed for this period can no longer be changed."""
        return self.deadline + datetime.timedelta(days=settings.PERIOD_LOCK_GRACE_DAYS + 1)

    def is_locked(self, today: datetime.date | None = None) -> bool:
        """True once the deadline and the grace period have passed."""
        return (today or seoul_today()) >= self.lock_date

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """True after the deadline."""
        return (today or seoul_today()) > self.deadline

    def next(self) -> "Period":
        """The period of the same kind after this one."""
        return Period.of(self.kind, add_months(self.start, self.months))

    def previous(self) -> "Period":
        """The period of the same kind before this one."""
        return Period.of(self.kind, add_months(self.start, -self.months))

    def overlaps(self, start: datetime.date | None, end: datetime.date | None) -> bool:
        """True when the period shares a day with the span from `start` to `end` (open where None)."""
        return (start is None or self.end >= start) and (end is None or self.start <= end)

    def contains(self, day: datetime.date) -> bool:
        """True when `day` falls inside the period."""
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """The period as Korean documents name it: 2026년, 2026년 상반기, 2026년 3분기, 2026년 5월."""
        return self._label(korean=True)

    @property
    def label_en(self) -> str:
        """The period in English: 2026, H1 2026, Q3 2026, May 2026."""
        return self._label(korean=False)

    def _label(self, *, korean):
        if self.kind == PeriodKind.YEAR:
            return f"{self.year}년" if korean else f"{self.year}"
        if self.kind == PeriodKind.HALF:
            return (
                f"{self.year}년 {'상' if self.number == 1 else '하'}반기" if korean else f"H{self.number} {self.year}"
            )
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}년 {self.number}분기" if korean else f"Q{self.number} {self.year}"
        return f"{self.year}년 {self.number}월" if korean else self.start.strftime("%B %Y")

    def __str__(self):
        return self.label


def quarter(year: int, number: int) -> Period:
    """The quarter `number` (1-4) of `year`."""
    return Period(PeriodKind.QUARTER, year, number)


def quarter_of(day: datetime.date) -> Period:
    """The quarter a date falls in."""
    return Period.of(PeriodKind.QUARTER, day)


def current_quarter() -> Period:
    """The quarter of today in Seoul."""
    return Period.current(PeriodKind.QUARTER)


def latest_ended(kind: str, before: datetime.date) -> Period:
    """The latest period of `kind` that ended before the day `before`."""
    return Period.of(kind, before).previous()


# The documents' ways of writing a month: "2026. 3.", "2026.3", "'22.6.", "2026년 3월", and the seeds' "2026-03".
MONTH_FORMS = re.compile(r"(?:(?P<full>\d{4})|'(?P<short>\d{2}))\s*(?:\.|년|-)\s*(?P<month>\d{1,2})\s*(?:\.|월)?")
TERM_PHASES = ("기투자", "임기후", "임기 후", "계속")


def parse_month(text: str) -> datetime.date | None:
    """The first day of the month a document writes ("2026. 3.", "'22.6.", "2026년 3월"); None if it names none."""
    if isinstance(text, datetime.date):
        return text.replace(day=1)
    match = MONTH_FORMS.search(str(text or ""))
    if not match:
        return None
    year = int(match["full"]) if match["full"] else 2000 + int(match["short"])
    month = int(match["month"])
    return datetime.date(year, month, 1) if 1 <= month <= 12 else None


def parse_month_range(text: str) -> tuple[datetime.date | None, datetime.date | None]:
    """(first month, last month) of a range as documents write it: "2026. 3. ~ 10.", "2018. 2. ~ 2022. 12.".

    The end may give the month alone, in the start's year. A term phase such as "임기후" is not
    a date: it gives (None, None) and stays a phase of the term.
    """
    text = (text or "").strip()
    if not text or any(phase in text for phase in TERM_PHASES):
        return None, None
    first, _sep, rest = text.partition("~")
    start = parse_month(first)
    rest = rest.strip()
    end = parse_month(rest)
    if end is None and start is not None and (bare := re.fullmatch(r"(\d{1,2})\s*[.월]?", rest)):
        month = int(bare.group(1))
        end = datetime.date(start.year, month, 1) if 1 <= month <= 12 else None
    return start, end if rest else start


class OwedQuerySetMixin:
    """QuerySet methods of records that owe something for each period of `owed_kind`: what is overdue or due soon.

    A subclass says what "owing" means (`owing(period)`: the records whose filing for
    `period` is missing, a draft or returned); the deadline rule is the period's.
    """

    owed_kind = PeriodKind.QUARTER

    def owing(self, period: Period):
        """Records whose filing for `period` is still outstanding."""
        raise NotImplementedError

    def owed_period(self, as_of: datetime.date) -> Period:
        """The period whose filing is the latest one due: the latest that ended before `as_of`."""
        return latest_ended(self.owed_kind, as_of)

    def overdue(self, as_of: datetime.date):
        """Records that still owe the filing of the latest ended period after its deadline."""
        period = self.owed_period(as_of)
        return self.owing(period) if period.is_overdue(as_of) else self.none()

    def due_soon(self, as_of: datetime.date, days: int):
        """Records that owe a filing due within `days` days from `as_of` (the due day included)."""
        period = self.owed_period(as_of)
        due_in = (period.deadline - as_of).days
        return self.owing(period) if 0 <= due_in <= days else self.none()
