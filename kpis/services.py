"""Writes of the `kpis` app: actuals imports, the obligation calendar and the daily reminders."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from kpis.imports import preview_measurement_import
from kpis.models import Measurement, Obligation
from kpis.obligation_sources import obligation_rows
from kpis.reminders import Planned, plan_day
from plans.models import User
from portal.models import OutboxMessage
from portal.outbox import QueueResult, outbox_add_many, outbox_queue, outbox_retry_ids
from portal.records import locked_in_scope, save_as
from portal.spreadsheet import ImportPreview


@transaction.atomic
def measurements_import(*, user: User, uploaded) -> ImportPreview:
    """Import a filled actuals template: every row is checked again, then all are written or none.

    Indicators are looked up through `for_user`, so only the user's unit's figures change;
    rows equal to the stored actual are left alone (no history row).
    """
    preview = preview_measurement_import(uploaded, user=user)
    return preview.apply(lambda row: _measurement_write(user, row))


def _measurement_write(user, row):
    fields = {name: value for name, value in row.values.items() if name != "key"}
    if row.target is None:
        measurement = Measurement(**fields)
    else:
        measurement = locked_in_scope(Measurement.objects, user, row.target.pk, _("소속 부서의 실적이 아닙니다."))
        for name, value in fields.items():
            setattr(measurement, name, value)
    measurement.entered_by = user
    save_as(user, measurement)


# The calendar kept in step around a day: back to the last escalation, ahead past the screens' horizon.
SYNC_BEFORE_DAYS = 60
SYNC_AFTER_DAYS = 62
SYNCED_FIELDS = [
    "kind",
    "municipality_id",
    "unit_id",
    "title",
    "period_kind",
    "period_year",
    "period_number",
    "period_label",
    "period_start",
    "due_date",
    "lock_date",
    "task_id",
    "pledge_id",
    "indicator_id",
    "milestone_id",
]
BATCH = 500  # recipients whose messages are written in one transaction


@dataclass
class ReminderRun:
    """What a reminder run did: messages planned and written, and what became of the deliveries."""

    day: datetime.date
    planned: list[Planned]
    written: int = 0
    delivery: QueueResult | None = None


def obligations_sync(*, as_of: datetime.date) -> dict[str, int]:
    """Bring the obligation calendar around `as_of` in step with the sources; idempotent and cheap.

    Rows due from `SYNC_BEFORE_DAYS` before to `SYNC_AFTER_DAYS` after the day are compared
    with what tasks, pledges, targets and milestones owe now: missing rows are added,
    changed ones updated, rows whose source no longer owes anything removed. A second run
    changes nothing. Returns counts of created, updated and deleted rows.
    """
    first = as_of - datetime.timedelta(days=SYNC_BEFORE_DAYS)
    last = as_of + datetime.timedelta(days=SYNC_AFTER_DAYS)
    wanted = {row.key: row for row in obligation_rows(first, last)}
    with transaction.atomic():
        stored = {row.key: row for row in Obligation.objects.filter(due_date__gte=first, due_date__lte=last)}
        stored.update({row.key: row for row in Obligation.objects.filter(key__in=set(wanted) - set(stored))})
        changed = []
        for key, row in wanted.items():
            current = stored.get(key)
            if current is None:
                continue
            if any(getattr(current, name) != getattr(row, name) for name in SYNCED_FIELDS):
                for name in SYNCED_FIELDS:
                    setattr(current, name, getattr(row, name))
                changed.append(current)
        created = [row for key, row in wanted.items() if key not in stored]
        Obligation.objects.bulk_create(created, batch_size=500)
        Obligation.objects.bulk_update(changed, SYNCED_FIELDS, batch_size=500)
        gone = [row.pk for key, row in stored.items() if key not in wanted and first <= row.due_date <= last]
        Obligation.objects.filter(pk__in=gone).delete()
    return {"created": len(created), "updated": len(changed), "deleted": len(gone)}


def reminders_prepare(*, day: datetime.date, dry_run: bool = False) -> ReminderRun:
    """Sync the calendar, plan `day`'s messages and (unless `dry_run`) write them to the outbox.

    Messages are written in batches of recipients, each batch in its own short
    transaction; a message that exists already (same person and day) is left as it is,
    so a second run writes nothing.
    """
    if dry_run:
        with transaction.atomic():
            obligations_sync(as_of=day)
            run = ReminderRun(day=day, planned=plan_day(day))
            transaction.set_rollback(True)
        return run
    obligations_sync(as_of=day)
    run = ReminderRun(day=day, planned=plan_day(day))
    for start in range(0, len(run.planned), BATCH):
        rows = []
        for planned in run.planned[start : start + BATCH]:
            text, html = planned.render()
            rows.append(
                OutboxMessage(
                    recipient=planned.user,
                    to=planned.user.email,
                    kind=OutboxMessage.Kind.REMINDER,
                    key=planned.key,
                    subject=planned.subject,
                    body=text,
                    html=html,
                    items=planned.as_items(),
                )
            )
        with transaction.atomic():
            run.written += outbox_add_many(rows)
    return run


def reminders_send(*, day: datetime.date) -> ReminderRun:
    """The daily job: write `day`'s messages, then hand every undelivered message to delivery.

    Deliveries are queued after the writes have committed; with the broker down the rows
    stay pending and the next run (by beat or by hand) hands them out again, so nobody is
    skipped and, as delivery checks the row, nobody gets a second copy.
    """
    run = reminders_prepare(day=day)
    run.delivery = outbox_queue(outbox_retry_ids())
    return run
