"""Quarter arithmetic: deadlines, locks and overlaps."""

import datetime

import pytest
from django.test import override_settings

from portal.periods import Quarter, quarter_of


def test_quarter_of_a_date():
    assert quarter_of(datetime.date(2026, 11, 23)) == Quarter(2026, 4)
    assert quarter_of(datetime.date(2026, 1, 1)) == Quarter(2026, 1)


def test_neighbours_cross_the_year():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


@override_settings(PROGRESS_REPORT_DUE_DAYS=10, PROGRESS_LOCK_GRACE_DAYS=15)
def test_a_quarter_locks_after_its_deadline_and_grace_period():
    q3 = Quarter(2026, 3)
    assert q3.last_day == datetime.date(2026, 9, 30)
    assert q3.deadline == datetime.date(2026, 10, 10)
    assert q3.lock_date == datetime.date(2026, 10, 26)
    assert not q3.is_locked(datetime.date(2026, 10, 25))
    assert q3.is_locked(datetime.date(2026, 10, 26))


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [(Quarter(2026, 1), True), (Quarter(2026, 4), True), (Quarter(2027, 1), False), (Quarter(2025, 4), False)],
)
def test_overlap_with_a_month_period(quarter, expected):
    assert quarter.overlaps(datetime.date(2026, 3, 1), datetime.date(2026, 10, 1)) is expected
