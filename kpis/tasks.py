"""Celery tasks of the reminders: thin wrappers that take ids and call the services."""

import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from kpis.services import reminder_deliver, reminders_send_month


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_reminder(reminder_id: int) -> bool:
    """Send one prepared reminder, once."""
    return reminder_deliver(reminder_id=reminder_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_monthly_reminders(month: str | None = None) -> int:
    """The beat job of the 1st of each month: prepare and queue every digest of the month; how many went."""
    first = datetime.date.fromisoformat(month) if month else timezone.localdate().replace(day=1)
    return len(reminders_send_month(month=first).queued)
