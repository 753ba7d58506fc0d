"""Writes of the `kpis` app: actuals and their review, the obligation calendar and the daily reminders."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kpis.imports import preview_measurement_import
from kpis.models import Indicator, Measurement, Obligation
from kpis.notices import notice_measurement
from kpis.obligation_sources import obligation_rows
from kpis.reminders import Planned, plan_day
from plans.models import User
from portal.corrections import ReviewState
from portal.models import OutboxMessage
from portal.outbox import QueueResult, outbox_add_many, outbox_queue, outbox_retry_ids
from portal.review import (
    ReviewPolicy,
    check_version,
    correction_approve,
    correction_return,
    correction_save,
    ensure_reviewer,
    mark_reviewed,
    open_correction,
    save_version,
)
from portal.spreadsheet import ImportPreview

CORRECTABLE_FIELDS = ("label", "value", "text", "note", "evidence_note")
IDENTITY_FIELDS = ("indicator", "period", "year", "sub", "date")
MEASUREMENT_REVIEW = ReviewPolicy(
    model=Measurement,
    permission="kpis.review_measurement",
    fields=CORRECTABLE_FIELDS,
    unit_of=lambda measurement: measurement.indicator.responsible_unit_id,
    year_of=lambda measurement: measurement.year,
    save_submits=True,
)


def _locked_measurement(user, measurement):
    try:
        return Measurement.objects.for_user(user).select_for_update(of=("self",)).get(pk=measurement.pk)
    except Measurement.DoesNotExist:
        raise PermissionDenied(_("소속 부서의 지표 실적이 아닙니다.")) from None


@transaction.atomic
def measurement_save(
    *,
    user: User,
    values: dict,
    measurement: Measurement | None = None,
    opened: str | None = None,
    notify: bool = True,
) -> Measurement:
    """Enter or change an actual; it waits for the head's approval before citizens see it.

    An approved actual is not changed: the new values become its correction (정정), reviewed
    again while the approved figure stays public. `opened` is the version the form showed.
    Unless `notify` is off (an import tells the head once, not per row), the head is told.
    """
    indicator = values.get("indicator") or measurement.indicator
    if not Indicator.objects.for_user(user).filter(pk=indicator.pk).exists():
        raise PermissionDenied(_("소속 부서의 지표가 아닙니다."))
    if measurement is None or measurement.pk is None:
        measurement = Measurement()
    else:
        measurement = _locked_measurement(user, measurement)
        check_version(measurement, opened)
    if measurement.state == ReviewState.APPROVED:
        moved = [name for name in IDENTITY_FIELDS if name in values and getattr(measurement, name) != values[name]]
        if moved:
            raise ValidationError(_("승인된 실적의 지표와 기간은 바꿀 수 없습니다."))
        correction_save(
            user=user, record=measurement, values={k: v for k, v in values.items() if k in CORRECTABLE_FIELDS}
        )
        return measurement
    for name, value in values.items():
        setattr(measurement, name, value)
    measurement.entered_by = user
    measurement.state, measurement.return_reason = ReviewState.SUBMITTED, ""
    save_version(measurement, user=user)
    if notify:
        notice_measurement(measurement=measurement, event="submitted", actor=user)
    return measurement


@transaction.atomic
def measurement_approve(*, user: User, measurement: Measurement, opened: str | None = None) -> Measurement:
    """The head approves an actual (or its submitted correction): from then on it is public."""
    measurement = _locked_measurement(user, measurement)
    if measurement.state == ReviewState.APPROVED:
        correction = open_correction(measurement)
        if correction is None or correction.state != ReviewState.SUBMITTED:
            raise ValidationError(_("이미 승인된 실적이며 검토할 정정이 없습니다."))
        correction_approve(user=user, correction=correction, opened=opened)
        measurement.refresh_from_db()
        return measurement
    check_version(measurement, opened)
    ensure_reviewer(user, MEASUREMENT_REVIEW, measurement, measurement.entered_by_id)
    mark_reviewed(measurement, user=user, approved=True)
    save_version(measurement, user=user)
    notice_measurement(measurement=measurement, event="approved", actor=user)
    return measurement


@transaction.atomic
def measurement_return(*, user: User, measurement: Measurement, reason: str, opened: str | None = None) -> Measurement:
    """The head returns an actual (or its correction) with the reason; nothing becomes public."""
    measurement = _locked_measurement(user, measurement)
    if measurement.state == ReviewState.APPROVED:
        correction = open_correction(measurement)
        if correction is None:
            raise ValidationError(_("이미 승인된 실적이며 검토할 정정이 없습니다."))
        correction_return(user=user, correction=correction, reason=reason, opened=opened)
        return measurement
    check_version(measurement, opened)
    ensure_reviewer(user, MEASUREMENT_REVIEW, measurement, measurement.entered_by_id)
    mark_reviewed(measurement, user=user, approved=False, reason=reason or "")
    save_version(measurement, user=user)
    notice_measurement(measurement=measurement, event="returned", actor=user, reason=measurement.return_reason)
    return measurement


@transaction.atomic
def measurements_import(*, user: User, uploaded) -> ImportPreview:
    """Import a filled actuals template: every row is checked again, then all are written or none.

    Indicators are looked up through `for_user`, so only the user's unit's figures change;
    rows equal to the stored actual are left alone (no history row). Every row goes through
    `measurement_save`: new figures wait for approval, approved ones get a correction.
    """
    preview = preview_measurement_import(uploaded, user=user)
    return preview.apply(
        lambda row: measurement_save(
            user=user,
            measurement=row.target,
            values={k: v for k, v in row.values.items() if k != "key"},
            notify=False,  # an import is not a notice per row; the head finds the actuals in 승인 대기
        )
    )


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
