"""A whole year 2026, day by day at 09:00 Seoul time: every reminder that goes out, to whom, on which day.

The expected days are worked out here from the rule, not from the code: the owners of an
obligation due on D (locking on L) hear of it on D-7, D-1, D and D+7, D+14 … before L, and
never on or after the day it is submitted; the coordinating office hears of another unit's
obligation on D+E+1 and weekly after, up to the first such day on or after L (E the
escalation threshold); on the 1st each person in scope of a milestone hears of it.
"""

import datetime
import time
from collections import defaultdict

import pytest
import time_machine
from django.conf import settings

from kpis.models import EvaluationMilestone, Indicator, Measurement, Obligation, Target
from kpis.services import reminders_send
from plans.models import OrgUnit, ProgressReport, User
from pledges.models import Pledge, PledgeCard, Term
from portal import roles
from portal.models import OutboxMessage
from tests.factories import MunicipalityFactory, OrgUnitFactory, PlanFactory, StrategyFactory, TaskFactory, staff_user

pytestmark = pytest.mark.django_db
YEAR = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(365)]
SEOUL = datetime.timezone(datetime.timedelta(hours=9))


def expected_owner_days(due, lock, filed_on=None):
    days = {due - datetime.timedelta(days=offset) for offset in settings.REMINDER_OFFSETS} | {due}
    week = 1
    while due + datetime.timedelta(days=7 * week) < lock:
        days.add(due + datetime.timedelta(days=7 * week))
        week += 1
    return {day for day in days if day.year == 2026 and (filed_on is None or day < filed_on)}


def expected_escalation_days(due, lock, filed_on=None):
    first = due + datetime.timedelta(days=settings.REMINDER_ESCALATION_DAYS + 1)
    days, day = {first}, first + datetime.timedelta(days=7)
    while day - datetime.timedelta(days=7) < lock:
        days.add(day)
        day += datetime.timedelta(days=7)
    return {day for day in days if day.year == 2026 and (filed_on is None or day < filed_on)}


def run_year(filings=None):
    """Run the daily job on every day of 2026; `filings` maps a day to callables run that morning before it."""
    filings = filings or {}
    started = time.monotonic()
    for day in YEAR:
        for filing in filings.get(day, []):
            filing()
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), SEOUL), tick=False):
            reminders_send(day=day)
    elapsed = time.monotonic() - started
    print(f"365 daily runs in {elapsed:.1f} s; {OutboxMessage.objects.count()} messages")
    return elapsed


def mentions():
    """(obligation key, recipient id, escalation?) → days it was mentioned, from the outbox, plus milestone days."""
    seen, milestone_days = defaultdict(set), defaultdict(set)
    messages = OutboxMessage.objects.filter(kind="reminder").select_related("recipient__unit")
    per_person_day = defaultdict(int)
    for message in messages:
        day = datetime.date.fromisoformat(message.key.rsplit(":", 1)[1])
        per_person_day[(message.recipient_id, day)] += 1
        assert message.items, message.key  # never a message with nothing in it
        assert message.state == OutboxMessage.State.SENT
        for item in message.items:
            if item["kind"] == "milestone":
                milestone_days[message.recipient_id].add(day)
                continue
            seen[(item["obligation"], message.recipient_id, item["escalation"])].add(day)
    assert max(per_person_day.values(), default=1) == 1
    return seen, milestone_days


def owners_of(obligation, people, coordinators):
    """Members of the obligation's unit and the units above it (coordinators only for their own unit's)."""
    units, unit = set(), obligation.unit
    while unit is not None:
        units.add(unit.pk)
        unit = unit.parent
    return [p for p in people if p.unit_id in units and (p.pk not in coordinators or p.unit_id == obligation.unit_id)]


def check_every_obligation(filed_on=None):
    filed_on = filed_on or {}
    seen, _milestones = mentions()
    people = list(User.objects.filter(is_active=True, is_staff=True, unit__isnull=False).exclude(email=""))
    coordinators = set(User.objects.filter(groups__name=roles.COORDINATOR).values_list("pk", flat=True))
    checked = 0
    obligations = Obligation.objects.exclude(kind="milestone").select_related("unit__parent__parent")
    for obligation in obligations:
        filed = filed_on.get(obligation.key)
        expected = expected_owner_days(obligation.due_date, obligation.lock_date, filed)
        for person in owners_of(obligation, people, coordinators):
            assert seen.get((obligation.key, person.pk, False), set()) == expected, (obligation.key, person.username)
            checked += 1
        escalated = expected_escalation_days(obligation.due_date, obligation.lock_date, filed)
        for person in people:
            city_office = person.pk in coordinators and person.unit.municipality_id == obligation.municipality_id
            if city_office and person.unit_id != obligation.unit_id:
                assert seen.get((obligation.key, person.pk, True), set()) == escalated, obligation.key
                checked += 1
    known = {o.key for o in obligations}
    assert {key for key, _person, _esc in seen} <= known
    return checked


def test_a_year_of_the_seed_data_reminds_each_item_exactly_at_its_offsets(seeded):
    elapsed = run_year()
    checked = check_every_obligation()
    assert checked >= 17 * 4  # every 2026 quarter of the 남양주 tasks, to every owner
    _seen, milestone_days = mentions()
    policy = User.objects.get(username="nyj-policy")
    assert {day.day for day in milestone_days[policy.pk]} == {1}
    assert len(milestone_days[policy.pk]) == 12  # the monthly 보고회 runs all year
    assert elapsed < 90


def test_a_generated_city_with_filings_is_reminded_until_it_files_and_escalated_once_overdue(db, roles_synced):
    city = MunicipalityFactory(slug="gen-city")
    office = OrgUnitFactory(municipality=city, name="기획조정실", is_coordinating=True)
    bureau = OrgUnitFactory(municipality=city, name="행정국", kind=OrgUnit.Kind.BUREAU)
    units = [OrgUnitFactory(municipality=city, name=f"생성{n}과", parent=bureau) for n in range(3)]
    coordinator = staff_user(office, role=roles.COORDINATOR, username="gen-coord")
    head = staff_user(bureau, role=roles.MANAGER, username="gen-bureau-head")
    staff = [staff_user(unit, username=f"gen-staff{n}") for n, unit in enumerate(units)]
    plan = PlanFactory(municipality=city, owner_unit=office, period_start=datetime.date(2026, 1, 1))
    strategy = StrategyFactory(plan=plan)
    tasks = [TaskFactory(strategy=strategy, lead_unit=unit, code=f"1-{n}") for n, unit in enumerate(units)]
    late_task = TaskFactory(
        strategy=strategy, lead_unit=units[0], code="2-1", period_start=datetime.date(2026, 7, 1), period_end=None
    )
    term = Term.objects.create(
        municipality=city, name="민선9기", start=datetime.date(2026, 7, 1), end=datetime.date(2030, 6, 1)
    )
    pledge = Pledge.objects.create(term=term, code="1-1", title="생성 공약", lead_unit=units[1])
    old_pledge = Pledge.objects.create(
        term=Term.objects.create(
            municipality=city, name="민선8기", start=datetime.date(2022, 7, 1), end=datetime.date(2026, 6, 1)
        ),
        code="9-9",
        title="지난 임기 공약",
        lead_unit=units[2],
    )
    indicator = Indicator.objects.create(
        municipality=city, key="gen-kpi", name="생성 지표", unit="건", responsible_unit=units[2], plan=plan
    )
    Target.objects.create(indicator=indicator, period="year", year=2025, value=10)
    Target.objects.create(indicator=indicator, period="half", year=2026, sub=1, value=5)
    EvaluationMilestone.objects.create(
        municipality=city,
        year=2026,
        track="내부평가",
        title="생성 평가",
        start=datetime.date(2026, 5, 1),
        end=datetime.date(2026, 6, 1),
        responsible_unit=office,
    )

    def file_report(task, quarter, state):
        return lambda: ProgressReport.objects.create(
            task=task, year=2026, quarter=quarter, status="on_track", progress=10, narrative="실적", state=state
        )

    filings = {
        # 3 days before the Q1 deadline the first task's report is submitted; a draft counts as not filed.
        datetime.date(2026, 4, 7): [file_report(tasks[0], 1, "submitted"), file_report(tasks[1], 1, "draft")],
        # the second task files its Q2 report a week late, the third approves on the due day.
        datetime.date(2026, 7, 17): [file_report(tasks[1], 2, "submitted")],
        datetime.date(2026, 7, 10): [file_report(tasks[2], 2, "approved")],
        # the pledge's 2026 상반기 card is filed 20 days late; the 2025 actual on time (January).
        datetime.date(2026, 8, 4): [
            lambda: PledgeCard.objects.create(
                pledge=old_pledge,
                label="2026년 상반기",
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 6, 1),
                state="submitted",
            )
        ],
        datetime.date(2026, 1, 20): [
            lambda: Measurement.objects.create(indicator=indicator, period="year", year=2025, value=9)
        ],
    }
    filed_on = {
        f"report:{tasks[0].pk}:2026Q1": datetime.date(2026, 4, 7),
        f"report:{tasks[1].pk}:2026Q2": datetime.date(2026, 7, 17),
        f"report:{tasks[2].pk}:2026Q2": datetime.date(2026, 7, 10),
        f"card:{old_pledge.pk}:2026H1": datetime.date(2026, 8, 4),
        f"measurement:{indicator.pk}:year:2025:1": datetime.date(2026, 1, 20),
    }
    run_year(filings)
    assert check_every_obligation(filed_on) > 20
    keys = set(Obligation.objects.filter(municipality=city).values_list("key", flat=True))
    assert f"report:{late_task.pk}:2026Q3" in keys and f"report:{late_task.pk}:2026Q2" not in keys
    assert f"card:{old_pledge.pk}:2026H1" in keys and f"card:{pledge.pk}:2026H1" not in keys
    assert f"measurement:{indicator.pk}:half:2026:1" in keys
    seen, milestone_days = mentions()
    # the bureau head covers the units below: the Q1 report of the first task until the 7th of April only
    assert seen[(f"report:{tasks[0].pk}:2026Q1", head.pk, False)] == {datetime.date(2026, 4, 3)}
    assert seen[(f"report:{tasks[1].pk}:2026Q1", staff[1].pk, False)] == {
        datetime.date(2026, 4, 3),
        datetime.date(2026, 4, 9),
        datetime.date(2026, 4, 10),
        datetime.date(2026, 4, 17),
        datetime.date(2026, 4, 24),
    }
    assert seen[(f"report:{tasks[1].pk}:2026Q1", coordinator.pk, True)] == {
        datetime.date(2026, 4, 25),
        datetime.date(2026, 5, 2),
    }
    assert milestone_days[coordinator.pk] >= {datetime.date(2026, 5, 1), datetime.date(2026, 6, 1)}
    assert not milestone_days[staff[0].pk]
