"""Celery task of the reminders: a thin wrapper that runs the daily job."""

import datetime

from celery import shared_task
from django.utils import timezone

from kpis.services import reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_daily_reminders(day: str | None = None) -> int:
    """The beat job of 09:00 every day: write the day's reminders and hand out every undelivered message."""
    run = reminders_send(day=datetime.date.fromisoformat(day) if day else timezone.localdate())
    return run.written
