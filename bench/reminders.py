"""A day of reminders for a generated city: 100 staff vs 1,000 staff, seconds and queries side by side.

Each run syncs the obligation calendar, plans every person's message, writes them to the
outbox in batches and delivers them in-process (locmem mail backend, no broker): the whole
daily job but the SMTP server. Queries should not grow with the number of recipients.

Run: .venv/bin/python bench/reminders.py [staff] [units]
(with DATABASE_URL set, on that database — it must be an empty scratch one; else a temporary SQLite file)
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from kpis.services import reminders_prepare  # noqa: E402
from plans.models import Municipality, OrgUnit, Plan, Strategy, Task, User  # noqa: E402
from portal.models import OutboxMessage  # noqa: E402
from portal.outbox import outbox_queue, outbox_retry_ids  # noqa: E402

STAFF = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
UNITS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
DAY = datetime.date(2026, 10, 9)  # D-1 of the 3분기 reports: every unit owes, everyone hears


def build_city():
    """A city of `UNITS` divisions, four tasks each, and the staff spread over them (bulk inserts)."""
    city = Municipality.objects.create(name="벤치시", slug="bench-city")
    units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(municipality=city, name=f"벤치{n}과", kind=OrgUnit.Kind.DIVISION, head_title="과장")
            for n in range(UNITS)
        ]
    )
    plan = Plan.objects.create(
        municipality=city,
        owner_unit=units[0],
        slug="bench-plan",
        title="벤치 업무계획",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 1),
    )
    strategy = Strategy.objects.create(plan=plan, number=1, title="벤치 전략")
    Task.objects.bulk_create(
        [
            Task(strategy=strategy, code=f"{n}-{k}", order=n * 4 + k, title=f"벤치 과제 {n}-{k}", lead_unit=unit)
            for n, unit in enumerate(units)
            for k in range(4)
        ]
    )
    return units


def add_staff(units, count, start):
    User.objects.bulk_create(
        [
            User(username=f"bench{n}", email=f"bench{n}@example.com", unit=units[n % len(units)], is_staff=True)
            for n in range(start, start + count)
        ]
    )


def run(day):
    """(prepare seconds, prepare queries, deliver seconds, deliver queries, messages sent) of one day's job."""
    mail.outbox = []
    with CaptureQueriesContext(connection) as prepare_queries:
        started = time.perf_counter()
        prepared = reminders_prepare(day=day)
        prepared_in = time.perf_counter() - started
    with CaptureQueriesContext(connection) as deliver_queries:
        started = time.perf_counter()
        delivery = outbox_queue(outbox_retry_ids())
        delivered_in = time.perf_counter() - started
    if not prepared.written == len(delivery.sent) == len(mail.outbox):
        raise SystemExit(f"written {prepared.written}, sent {len(delivery.sent)}, mails {len(mail.outbox)}")
    return prepared_in, len(prepare_queries), delivered_in, len(deliver_queries), len(delivery.sent)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    units = build_city()
    small = STAFF // 10
    add_staff(units, small, 0)
    run(DAY - datetime.timedelta(days=6))  # D-7: warms the calendar (first sync writes every row)
    OutboxMessage.objects.all().delete()
    few = run(DAY)
    add_staff(units, STAFF - small, small)
    OutboxMessage.objects.all().delete()
    many = run(DAY)
    for staff, (prepared, prepare_queries, delivered, deliver_queries, sent) in [(small, few), (STAFF, many)]:
        print(
            f"{staff:>5} staff: prepare {prepared:5.2f} s / {prepare_queries:4} queries; "
            f"deliver {sent} mails {delivered:5.2f} s / {deliver_queries:5} queries (own transactions per message); "
            f"whole job {prepared + delivered:5.2f} s"
        )
    print(
        f"ratio {STAFF}/{small} staff: prepare time ×{many[0] / few[0]:.1f}, prepare queries ×{many[1] / few[1]:.1f}, "
        f"whole job ×{(many[0] + many[2]) / (few[0] + few[2]):.1f}"
    )
    print(f"database: {connection.vendor}; target: {STAFF} staff in ≤ 10 s")


if __name__ == "__main__":
    main()
