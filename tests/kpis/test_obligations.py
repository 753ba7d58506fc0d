"""The obligation calendar: what each unit owes, due and lock dates from the period model, state as of a day."""

import datetime

import pytest

from kpis.models import Measurement, Obligation
from kpis.services import obligations_sync
from plans.models import OrgUnit, ProgressReport, Task, User
from pledges.models import Pledge

pytestmark = pytest.mark.django_db
OCT_5 = datetime.date(2026, 10, 5)


def state_of(key, day):
    return Obligation.objects.with_state(day).get(key=key).state


@pytest.fixture
def task(seeded):
    return Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")


def test_the_calendar_holds_each_kind_with_dates_from_the_period_model(seeded):
    obligations_sync(as_of=datetime.date(2027, 1, 20))
    obligations_sync(as_of=OCT_5)
    q3 = Obligation.objects.filter(kind="report", period_year=2026, period_number=3)
    assert q3.count() == Task.objects.filter(strategy__plan__slug="namyangju-2026-planning-office").count()
    sample = q3.first()
    assert (sample.due_date, sample.lock_date, sample.period_label) == (
        datetime.date(2026, 10, 10),
        datetime.date(2026, 10, 26),
        "2026년 3분기",
    )
    assert Obligation.objects.filter(kind="milestone", municipality__slug="namyangju").exists()
    actuals = Obligation.objects.filter(kind="measurement", period_kind="year", period_year=2026)
    assert actuals.count() == 5  # the seed's five 2026 targets; their actuals are due 31 January 2027
    assert {o.due_date for o in actuals} == {datetime.date(2027, 1, 31)}


def test_a_second_sync_changes_nothing_and_a_removed_source_leaves_the_calendar(seeded, django_assert_max_num_queries):
    obligations_sync(as_of=OCT_5)
    with django_assert_max_num_queries(15):
        assert obligations_sync(as_of=OCT_5) == {"created": 0, "updated": 0, "deleted": 0}
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-2")
    task.period_end = datetime.date(2026, 6, 1)
    task.save()
    assert obligations_sync(as_of=OCT_5)["deleted"] == 1
    assert not Obligation.objects.filter(task=task, period_number=3).exists()


def test_state_follows_the_report_and_the_calendar(task):
    obligations_sync(as_of=OCT_5)
    key = f"report:{task.pk}:2026Q3"
    assert state_of(key, OCT_5) == "not_started"
    assert state_of(key, datetime.date(2026, 10, 11)) == "overdue"
    assert state_of(key, datetime.date(2026, 10, 26)) == "locked"
    report = ProgressReport.objects.create(
        task=task, year=2026, quarter=3, status="on_track", progress=10, narrative="실적"
    )
    assert state_of(key, OCT_5) == "draft"
    for state in ["returned", "submitted", "approved"]:
        ProgressReport.objects.filter(pk=report.pk).update(state=state)
        assert state_of(key, OCT_5) == state
    assert state_of(key, datetime.date(2026, 11, 1)) == "approved"  # filed: never "locked"
    assert Obligation.objects.with_state(OCT_5).get(key=key).record_pk == report.pk


def test_an_actual_entered_files_the_kpi_obligation(seeded):
    day = datetime.date(2027, 1, 20)
    obligations_sync(as_of=day)
    obligation = Obligation.objects.filter(kind="measurement", period_year=2026).first()
    assert state_of(obligation.key, day) == "not_started"
    Measurement.objects.create(indicator=obligation.indicator, period="year", year=2026, value=1)
    assert state_of(obligation.key, day) == "submitted"
    assert not Obligation.objects.outstanding(day).filter(key=obligation.key).exists()


def test_owed_by_a_user_a_unit_and_a_city(seeded):
    obligations_sync(as_of=OCT_5)
    budget = OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")
    staff = User.objects.get(username="nyj-budget")
    mine = Obligation.objects.for_user(staff).outstanding(OCT_5).filter(kind="report")
    assert {o.title.split()[0] for o in mine} == {"3-4", "3-5"}
    assert set(Obligation.objects.for_unit(budget).values_list("unit", flat=True)) == {budget.pk}
    city = Obligation.objects.for_municipality(budget.municipality)
    assert city.count() > mine.count()
    assert not Obligation.objects.filter(pledge__in=Pledge.objects.all(), due_date__year=2026).exists()
