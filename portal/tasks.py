"""Celery task of the outbox: a thin wrapper that takes a message id and calls the delivery service."""

import smtplib

from celery import shared_task

from portal.outbox import outbox_deliver


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_message(self, message_id: int) -> bool:
    """Send one outbox message, once; the task's id is its claim on the message."""
    return outbox_deliver(message_id=message_id, claim=self.request.id or f"local-{message_id}")
