"""Writes of the `kpis` app: the monthly reminders, each sent once."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from kpis.digest import build_digest, item_count
from kpis.imports import preview_measurement_import
from kpis.models import Measurement, Reminder
from plans.models import User
from portal.records import locked_in_scope, save_as
from portal.spreadsheet import ImportPreview

logger = logging.getLogger(__name__)


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


def reminders_send_month(*, month: datetime.date) -> list[int]:
    """Prepare the month's reminders and queue every one not yet sent; returns their ids.

    Queuing happens after commit. If the broker is down, the records stay pending and are
    queued again by the next run (by hand or by beat): nobody is skipped and, as delivery
    checks the record, nobody gets a second copy.
    """
    first = month.replace(day=1)
    with transaction.atomic():
        reminders_prepare(month=first)
        pending = list(
            Reminder.objects.filter(month=first, status=Reminder.Status.PENDING).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: _queue_deliveries(pending))
    return pending


def _queue_deliveries(reminder_ids):
    from kpis.tasks import deliver_reminder

    for reminder_id in reminder_ids:
        try:
            deliver_reminder.delay(reminder_id)
        except OperationalError:
            logger.warning("Broker unreachable: reminder %s stays pending for the next run", reminder_id)


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
