"""The daily reminder run (kpis `reminders_send`, what `send_reminders` and beat call) for the staff of the
10× and 100× cities: time and queries of writing the day's messages and of delivering them, side by side.

Run: .venv/bin/python -m bench.reminders

The day is 2026-10-09, D-1 of the 3분기 reports, when every unit with an active task owes
something. Only one city's staff are active during each run (the others are switched off
and back on afterwards); the day's reminder messages are deleted after each run, so the
bench can be repeated. The obligation calendar is synced once before the runs (what the
previous day's run leaves), so each run measures a day's sync, plan, write and delivery.
Mail goes to Django's in-memory backend and Celery runs eagerly (bench.settings): delivery
is the outbox's claim, hand-over and mark of every message, without an SMTP server.
"""

import datetime
import re
import time
from collections import Counter

from bench.common import city_slug, setup

DAY = datetime.date(2026, 10, 9)
TARGET_SECONDS = 10  # for 1,000 staff (the deadlines issue)


def counting(queries):
    """A database execute wrapper that appends every statement to `queries` (the debug log keeps only 9,000)."""

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def _day_messages():
    from portal.models import OutboxMessage

    return OutboxMessage.objects.filter(key__startswith="reminder:", key__endswith=f":{DAY:%Y-%m-%d}")


def run(scale):
    """One day's run with only the staff of the city at `scale` active; its figures."""
    from django.core import mail
    from django.db import connection

    from kpis.reminders import reminder_recipients
    from kpis.services import reminders_prepare
    from plans.models import User
    from portal.outbox import outbox_queue, outbox_retry_ids

    others = list(
        User.objects.filter(is_active=True)
        .exclude(unit__municipality__slug=city_slug(scale))
        .values_list("pk", flat=True)
    )
    User.objects.filter(pk__in=others).update(is_active=False)
    _day_messages().delete()
    mail.outbox = []
    written, delivered = [], []
    try:
        recipients = reminder_recipients().count()
        started = time.perf_counter()
        with connection.execute_wrapper(counting(written)):
            prepared = reminders_prepare(day=DAY)
        middle = time.perf_counter()
        with connection.execute_wrapper(counting(delivered)):
            delivery = outbox_queue(outbox_retry_ids())
        finished = time.perf_counter()
        sent = len(mail.outbox)
    finally:
        _day_messages().delete()
        User.objects.filter(pk__in=others).update(is_active=True)
    shapes = Counter(re.sub(r"\d+", "N", sql)[:90] for sql in written + delivered).most_common(6)
    return {
        "recipients": recipients,
        "messages": prepared.written,
        "sent": sent,
        "delivered": len(delivery.sent),
        "write_seconds": middle - started,
        "deliver_seconds": finished - middle,
        "seconds": finished - started,
        "write_queries": len(written),
        "deliver_queries": len(delivered),
        "shapes": shapes,
    }


def main():
    """Print the run for the 10× and 100× cities' staff."""
    setup()
    from kpis.services import obligations_sync

    synced = obligations_sync(as_of=DAY)
    print(f"\n(e) daily reminder run for {DAY:%Y-%m-%d} (reminders_send: sync, plan, outbox rows, delivery)")
    print(f"    calendar before the runs: {synced}")
    print(f"{'city':12}{'staff':>7}{'messages':>10}{'e-mails':>9}{'write s':>9}{'deliver s':>11}{'total s':>9}"
          f"{'write q':>9}{'deliver q':>11}{'q/staff':>9}")  # fmt: skip
    results = {}
    for scale in (10, 100):
        row = results[scale] = run(scale)
        print(
            f"{city_slug(scale):12}{row['recipients']:>7}{row['messages']:>10}{row['sent']:>9}"
            f"{row['write_seconds']:>9.1f}{row['deliver_seconds']:>11.1f}{row['seconds']:>9.1f}"
            f"{row['write_queries']:>9}{row['deliver_queries']:>11}"
            f"{(row['write_queries'] + row['deliver_queries']) / max(row['recipients'], 1):>9.2f}"
        )
    big = results[100]
    verdict = "met" if big["seconds"] <= TARGET_SECONDS * max(big["recipients"], 1) / 1000 else "missed"
    print(
        f"  target ≤ {TARGET_SECONDS} s per 1,000 staff: {verdict} ({big['seconds']:.1f} s for {big['recipients']});"
        f" writing takes {big['write_queries']} queries whatever the staff count (10×: {results[10]['write_queries']})"
    )
    for scale, row in results.items():
        print(f"  most repeated statements at {scale}× (count, start of the SQL):")
        for sql, count in row["shapes"]:
            print(f"    {count:>6}  {sql}")
    return results


if __name__ == "__main__":
    main()
