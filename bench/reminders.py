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
    from portal.outbox import QUEUE_BATCH, outbox_deliver, outbox_queue, outbox_retry_ids

    others = list(
        User.objects.filter(is_active=True)
        .exclude(unit__municipality__slug=city_slug(scale))
        .values_list("pk", flat=True)
    )
    User.objects.filter(pk__in=others).update(is_active=False)
    _day_messages().delete()
    mail.outbox = []
    written, queued, delivered = [], [], []
    try:
        recipients = reminder_recipients().count()
        started = time.perf_counter()
        with connection.execute_wrapper(counting(written)):
            prepared = reminders_prepare(day=DAY)
        wrote = time.perf_counter()
        with connection.execute_wrapper(counting(queued)):
            ids = outbox_retry_ids()
            handed = _through_the_broker(outbox_queue, ids)
        middle = time.perf_counter()
        with connection.execute_wrapper(counting(delivered)):
            sent_ids = [
                pk
                for start in range(0, len(ids), QUEUE_BATCH)
                for pk in outbox_deliver(message_ids=ids[start : start + QUEUE_BATCH], claim="bench")
            ]
        finished = time.perf_counter()
        sent = len(mail.outbox)
    finally:
        _day_messages().delete()
        User.objects.filter(pk__in=others).update(is_active=True)
    shapes = Counter(re.sub(r"\d+", "N", sql)[:90] for sql in written + queued + delivered).most_common(6)
    return {
        "recipients": recipients,
        "messages": prepared.written,
        "queued": len(handed.queued),
        "sent": sent,
        "delivered": len(sent_ids),
        "write_seconds": wrote - started,
        "queue_seconds": middle - wrote,
        "deliver_seconds": finished - middle,
        "seconds": middle - started,
        "write_queries": len(written) + len(queued),
        "deliver_queries": len(delivered),
        "shapes": shapes,
    }


def _through_the_broker(queue, ids):
    """Hand the messages to the bench broker as beat's run does, then empty the queue (this process delivers them)."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        return queue(ids)
    finally:
        app.conf.task_always_eager = eager
        app.control.purge()


def main():
    """Print the run for the 10× and 100× cities' staff."""
    setup()
    from kpis.services import obligations_sync

    synced = obligations_sync(as_of=DAY)
    print(f"\n(e) daily reminder run for {DAY:%Y-%m-%d} (reminders_send: sync, plan, outbox rows, hand-over to Redis)")
    print(f"    calendar before the runs: {synced}; then one worker's delivery of the same messages, in-process")
    print(f"{'city':12}{'staff':>7}{'messages':>10}{'queued':>8}{'write s':>9}{'queue s':>9}{'run s':>7}"
          f"{'run q':>7}{'deliver s':>11}{'deliver q':>11}{'e-mails':>9}")  # fmt: skip
    results = {}
    for scale in (10, 100):
        row = results[scale] = run(scale)
        print(
            f"{city_slug(scale):12}{row['recipients']:>7}{row['messages']:>10}{row['queued']:>8}"
            f"{row['write_seconds']:>9.1f}{row['queue_seconds']:>9.2f}{row['seconds']:>7.1f}{row['write_queries']:>7}"
            f"{row['deliver_seconds']:>11.1f}{row['deliver_queries']:>11}{row['sent']:>9}"
        )
    big = results[100]
    per_thousand = big["seconds"] * 1000 / max(big["recipients"], 1)
    verdict = "met" if per_thousand <= TARGET_SECONDS else "missed"
    print(
        f"  target ≤ {TARGET_SECONDS} s for 1,000 staff: {verdict} (the run: {big['seconds']:.1f} s for"
        f" {big['recipients']} staff, {big['write_queries']} queries; 10×: {results[10]['write_queries']}); delivery,"
        f" {big['deliver_queries'] / max(big['sent'], 1):.1f} statements per e-mail, is the workers' and runs in parallel"
    )
    for scale, row in results.items():
        print(f"  most repeated statements at {scale}× (count, start of the SQL):")
        for sql, count in row["shapes"]:
            print(f"    {count:>6}  {sql}")
    return results


if __name__ == "__main__":
    main()
