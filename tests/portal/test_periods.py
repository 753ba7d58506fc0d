"""Reporting periods: days, labels, deadlines, locks, overlaps and the documents' ways of writing months."""

import datetime

import pytest
from django.test import override_settings

from portal.periods import Period, latest_ended, parse_month, parse_month_range, quarter_of
from portal.periods import quarter as Quarter


def test_quarter_of_a_date():
    assert quarter_of(datetime.date(2026, 11, 23)) == Quarter(2026, 4)
    assert quarter_of(datetime.date(2026, 1, 1)) == Quarter(2026, 1)


def test_neighbours_cross_the_year():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


@override_settings(PERIOD_DUE_DAYS={"quarter": 10}, PERIOD_LOCK_GRACE_DAYS=15)
def test_a_quarter_locks_after_its_deadline_and_grace_period():
    q3 = Quarter(2026, 3)
    assert q3.end == datetime.date(2026, 9, 30)
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


@pytest.mark.parametrize(
    ("period", "start", "end", "label", "label_en"),
    [
        (Period("year", 2026), datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "2026년", "2026"),
        (Period("half", 2026, 2), datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), "2026년 하반기", "H2 2026"),
        (Period("quarter", 2024, 1), datetime.date(2024, 1, 1), datetime.date(2024, 3, 31), "2024년 1분기", "Q1 2024"),
        (
            Period("month", 2024, 2),
            datetime.date(2024, 2, 1),
            datetime.date(2024, 2, 29),
            "2024년 2월",
            "February 2024",
        ),
    ],
)
def test_every_kind_knows_its_days_and_labels(period, start, end, label, label_en):
    assert (period.start, period.end, period.label, period.label_en, str(period)) == (
        start,
        end,
        label,
        label_en,
        label,
    )
    assert Period.of(period.kind, end) == period
    assert period.next().start == end + datetime.timedelta(days=1)
    assert period.previous().next() == period


def test_a_period_refuses_a_number_its_kind_does_not_have():
    for kind, number in [("quarter", 5), ("half", 3), ("month", 13), ("year", 2), ("quarter", 0)]:
        with pytest.raises(ValueError, match="not a period"):
            Period(kind, 2026, number)


@override_settings(PERIOD_DUE_DAYS={"half": 15, "year": 31, "month": 5, "quarter": 10}, PERIOD_LOCK_GRACE_DAYS=15)
def test_each_kind_takes_its_deadline_from_settings():
    assert Period("half", 2026, 1).deadline == datetime.date(2026, 7, 15)
    assert Period("year", 2026).deadline == datetime.date(2027, 1, 31)
    assert Period("month", 2026, 12).deadline == datetime.date(2027, 1, 5)
    assert Period("year", 2026).lock_date == datetime.date(2027, 2, 16)
    assert not Period("month", 2026, 12).is_overdue(datetime.date(2027, 1, 5))
    assert Period("month", 2026, 12).is_overdue(datetime.date(2027, 1, 6))


def test_the_latest_ended_period_is_the_one_before_the_day():
    assert latest_ended("quarter", datetime.date(2026, 10, 1)) == Quarter(2026, 3)
    assert latest_ended("quarter", datetime.date(2026, 11, 1)) == Quarter(2026, 3)
    assert latest_ended("half", datetime.date(2027, 1, 1)) == Period("half", 2026, 2)
    assert latest_ended("year", datetime.date(2027, 3, 1)) == Period("year", 2026)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026. 3.", datetime.date(2026, 3, 1)),
        ("2026.3", datetime.date(2026, 3, 1)),
        ("'22.6.", datetime.date(2022, 6, 1)),
        ("2026년 10월", datetime.date(2026, 10, 1)),
        ("2026-03", datetime.date(2026, 3, 1)),
        (datetime.date(2026, 3, 17), datetime.date(2026, 3, 1)),
        ("임기후", None),
        ("", None),
        (None, None),
        ("2026. 13.", None),
    ],
)
def test_months_are_read_in_the_forms_the_documents_write(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026. 3. ~ 10.", (datetime.date(2026, 3, 1), datetime.date(2026, 10, 1))),
        ("2018. 2. ~ 2022. 12.", (datetime.date(2018, 2, 1), datetime.date(2022, 12, 1))),
        ("'18.7. ~ '22.6.", (datetime.date(2018, 7, 1), datetime.date(2022, 6, 1))),
        ("2026. 5.", (datetime.date(2026, 5, 1), datetime.date(2026, 5, 1))),
        ("임기후", (None, None)),
        ("기투자", (None, None)),
    ],
)
def test_ranges_are_read_and_term_phases_stay_phases(text, expected):
    assert parse_month_range(text) == expected
