"""The monthly reminder run (kpis `reminders_send_month`, what `send_reminders` and beat call) for the staff of the
10× and 100× cities: time, queries and queries per recipient, side by side.

Run: .venv/bin/python -m bench.reminders

Only one city's staff are active during each run (the others are switched off and back on
afterwards); the month's reminder records are deleted after each run, so the bench can be
repeated. Mail goes to Django's in-memory backend and Celery runs eagerly (bench.settings).
"""

import datetime
import re
import time
from collections import Counter

from bench.common import city_slug, setup

MONTH = datetime.date(2026, 11, 1)


def counting(queries):
    """A database execute wrapper that appends every statement to `queries` (the debug log keeps only 9,000)."""

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def run(scale):
    """One month's run with only the staff of the city at `scale` active; its figures."""
    from django.core import mail
    from django.db import connection

    from kpis.models import Reminder
    from kpis.services import reminder_recipients, reminders_send_month
    from plans.models import User

    others = list(
        User.objects.filter(is_active=True)
        .exclude(unit__municipality__slug=city_slug(scale))
        .values_list("pk", flat=True)
    )
    User.objects.filter(pk__in=others).update(is_active=False)
    Reminder.objects.filter(month=MONTH).delete()
    mail.outbox = []
    queries = []
    try:
        recipients = reminder_recipients().count()
        with connection.execute_wrapper(counting(queries)):
            started = time.perf_counter()
            queued = reminders_send_month(month=MONTH)
            seconds = time.perf_counter() - started
        sent = len(mail.outbox)
    finally:
        Reminder.objects.filter(month=MONTH).delete()
        User.objects.filter(pk__in=others).update(is_active=True)
    shapes = Counter(re.sub(r"\d+", "N", sql)[:90] for sql in queries).most_common(6)
    return {
        "recipients": recipients,
        "queued": len(queued),
        "sent": sent,
        "seconds": seconds,
        "queries": len(queries),
        "shapes": shapes,
    }


def main():
    """Print the run for the 10× and 100× cities' staff."""
    setup()
    print(f"\n(e) reminder run for {MONTH:%Y-%m} (reminders_send_month: digests, outbox rows, e-mails)")
    print(f"{'city':12}{'staff':>7}{'reminders':>11}{'e-mails':>9}{'seconds':>9}{'queries':>9}{'per staff':>11}"
          f"{'ms/staff':>10}")  # fmt: skip
    results = {}
    for scale in (10, 100):
        row = results[scale] = run(scale)
        print(
            f"{city_slug(scale):12}{row['recipients']:>7}{row['queued']:>11}{row['sent']:>9}{row['seconds']:>9.1f}"
            f"{row['queries']:>9}{row['queries'] / row['recipients']:>11.1f}"
            f"{1000 * row['seconds'] / row['recipients']:>10.1f}"
        )
    for scale, row in results.items():
        print(f"  most repeated statements at {scale}× (count, start of the SQL):")
        for sql, count in row["shapes"]:
            print(f"    {count:>6}  {sql}")
    return results


if __name__ == "__main__":
    main()
