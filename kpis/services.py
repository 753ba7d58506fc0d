"""Writes of the `kpis` app: actuals and their review, and the monthly reminders, each sent once."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from kpis.digest import build_digest, item_count
from kpis.imports import preview_measurement_import
from kpis.models import Indicator, Measurement, Reminder
from plans.models import User
from portal.corrections import ReviewState
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

logger = logging.getLogger(__name__)

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
    *, user: User, values: dict, measurement: Measurement | None = None, opened: str | None = None
) -> Measurement:
    """Enter or change an actual; it waits for the head's approval before citizens see it.

    An approved actual is not changed: the new values become its correction (정정), reviewed
    again while the approved figure stays public. `opened` is the version the form showed.
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
            user=user, measurement=row.target, values={k: v for k, v in row.values.items() if k != "key"}
        )
    )


def reminder_recipients():
    """Active staff with an e-mail address and a unit."""
    return User.objects.filter(is_active=True, is_staff=True, unit__isnull=False).exclude(email="").order_by("pk")


def reminders_prepare(*, month: datetime.date, dry_run: bool = False) -> list[tuple[User, dict]]:
    """Work out every recipient's digest for `month`; unless `dry_run`, write a record for each.

    A record is created once per person and month (a unique constraint); a record that
    already exists is left as it is, so a second run adds nothing.
    """
    first = month.replace(day=1)
    planned = []
    for user in reminder_recipients().select_related("unit"):
        sections = build_digest(user, first)
        count = item_count(sections)
        if not count:
            continue
        planned.append((user, sections))
        if dry_run:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    user=user,
                    month=first,
                    subject=f"[시정계획 포털] {first.year}년 {first.month}월 업무 알림 ({count}건)",
                    items=sections,
                )
        except IntegrityError:
            pass  # already prepared by an earlier run: delivery decides whether it still has to go
    return planned


@dataclass
class MonthQueue:
    """The reminders of a month that were due to go out, and what handing them to the broker did."""

    pending: list[int]
    queued: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)


def reminders_send_month(*, month: datetime.date, dry_run: bool = False) -> MonthQueue:
    """Prepare the month's reminders and queue every one not yet sent.

    Queuing happens after commit and fills in `queued` and `waiting`. If the broker is down,
    the records stay pending (`waiting`) and are queued again by the next run (by hand or by
    beat): nobody is skipped and, as delivery checks the record, nobody gets a second copy.
    """
    first = month.replace(day=1)
    with transaction.atomic():
        reminders_prepare(month=first, dry_run=dry_run)
        if dry_run:
            return MonthQueue(pending=[])
        run = MonthQueue(
            pending=list(
                Reminder.objects.filter(month=first, status=Reminder.Status.PENDING).values_list("pk", flat=True)
            )
        )
        transaction.on_commit(lambda: _queue_deliveries(run))
    return run


def _queue_deliveries(run):
    from kpis.tasks import deliver_reminder

    for reminder_id in run.pending:
        try:
            deliver_reminder.delay(reminder_id)
        except OperationalError:
            run.waiting.append(reminder_id)
        else:
            run.queued.append(reminder_id)
    if run.waiting:
        logger.warning("Broker unreachable: %s reminders stay pending for the next run", len(run.waiting))


def reminder_deliver(*, reminder_id: int) -> bool:
    """Send one reminder unless it has gone already; True when this call sent it.

    The row is locked while sending, so two workers never send the same one; the message
    id is derived from the record, so a mail server can drop a copy if a worker dies
    between handing the mail over and recording it.
    """
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update(of=("self",)).select_related("user__unit").get(pk=reminder_id)
        if reminder.status == Reminder.Status.SENT:
            return False
        reminder.attempts += 1
        _message(reminder).send()
        reminder.status, reminder.sent_at = Reminder.Status.SENT, timezone.now()
        reminder.save(update_fields=["status", "sent_at", "attempts"])
    return True


def _message(reminder):
    context = {"reminder": reminder, "user": reminder.user, "sections": reminder.items, "month": reminder.month}
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=render_to_string("kpis/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.user.email],
        headers={"Message-ID": f"<reminder-{reminder.pk}-{reminder.month:%Y%m}@{settings.REMINDER_MESSAGE_DOMAIN}>"},
    )
    message.attach_alternative(render_to_string("kpis/email/digest.html", context), "text/html")
    return message
