"""Celery task of the outbox: a thin wrapper that takes message ids and calls the delivery service."""

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
def deliver_messages(self, message_ids: list[int]) -> list[int]:
    """Send each outbox message of the batch once; the task's id is its claim. Returns the ids this call sent.

    Each message is claimed, handed over and marked on its own; a batch handed back after
    its worker died skips what is sent and sends again only the one it had claimed.
    """
    return outbox_deliver(message_ids=message_ids, claim=self.request.id or "local")


@shared_task(acks_late=True)
def send_follow_digests() -> int:
    """Daily: one message per confirmed e-mail follow with approved updates since its last; returns messages written.

    Idempotent: the outbox key names the follow and its newest update, so a re-run sends nothing twice.
    """
    from portal.follows import follow_digest

    return follow_digest()
