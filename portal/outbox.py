"""The outbox: every e-mail is a row committed before it is handed to the mail server.

Delivery of one message is three short steps, never one transaction around the SMTP
conversation: claim it (state `sending`, attempts + 1, the claiming task's id) in one
committed UPDATE; hand it to the mail server; mark it `sent` in its own UPDATE. Outside an
atomic block (a worker, the command) each UPDATE is its own transaction. A worker killed at any
point leaves either a `pending` row or a `sending` one; the task that claimed it comes back
(acks late) and sends it again, so nothing is lost. Only a kill between the server's reply
and the last commit sends a second copy, with the same Message-ID, and the row shows it
(`attempts` > 1).
"""

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal.models import OutboxMessage

logger = logging.getLogger(__name__)
SUBJECT_MAX = OutboxMessage._meta.get_field("subject").max_length
QUEUE_BATCH = 20  # messages per delivery task: few broker messages, little work redone after a kill


def outbox_add(
    *,
    recipient,
    kind: str,
    key: str,
    subject: str,
    body: str,
    html: str = "",
    items: list | None = None,
    to: str = "",
    headers: dict | None = None,
) -> OutboxMessage | None:
    """Write one message in the caller's transaction and queue it once that commits; None if `key` exists.

    The row commits (or rolls back) with whatever it reports, so a notice is never sent for
    an event that did not happen and never lost for one that did. A citizen following a page
    has no account: `recipient` is None and `to` is their address.
    """
    to = recipient.email if recipient is not None else to
    if not to:
        return None
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "to": to,
            "kind": kind,
            "subject": subject[:SUBJECT_MAX],
            "body": body,
            "html": html,
            "items": items or [],
            "headers": headers or {},
        },
    )
    if not created:
        return None
    transaction.on_commit(lambda: outbox_queue([message.pk]))
    return message


def outbox_add_many(messages: list[OutboxMessage]) -> int:
    """Write a batch of unsaved messages in one statement; those whose key exists are skipped. Returns the count."""
    if not messages:
        return 0
    keys = [message.key for message in messages]
    existing = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True, batch_size=500)
    return len(set(keys) - existing)


@dataclass
class QueueResult:
    """What queueing did: messages handed to the broker, sent in-process (no broker), left waiting."""

    queued: list = field(default_factory=list)
    sent: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    in_process: bool = False  # no broker configured: tasks ran here
    broker_unreachable: bool = False  # `waiting` holds what the broker could not take


def outbox_queue(message_ids: Iterable[int]) -> QueueResult:
    """Hand the messages to delivery tasks in batches; with the broker down, stop trying and report what waits.

    A batch handed to the broker is stamped `queued_at`, so later runs do not hand it out
    again while it waits in the queue. Without a broker (the embedded defaults) tasks run
    in-process, so a message is sent (or fails) right here and is counted as such.
    """
    from portal.tasks import deliver_messages

    ids = list(message_ids)
    eager = deliver_messages.app.conf.task_always_eager
    result = QueueResult(in_process=eager)
    # In-process (no broker), a refused hand-over surfaces here; through a broker the task retries it.
    refused = (smtplib.SMTPException, OSError) if eager else ()
    for start in range(0, len(ids), QUEUE_BATCH):
        batch = ids[start : start + QUEUE_BATCH]
        try:
            outcome = deliver_messages.delay(batch)
        except refused:
            logger.exception("Messages %s could not be handed to the mail server; they stay pending", batch)
            result.waiting.extend(batch)
            continue
        except OperationalError:
            logger.warning("Broker unreachable: %s reminders stay pending for the next run", len(ids) - start)
            result.waiting.extend(ids[start:])
            result.broker_unreachable = True
            break
        if eager:
            sent = set(outcome.result or [])
            result.sent.extend(pk for pk in batch if pk in sent)
            result.waiting.extend(pk for pk in batch if pk not in sent)
        else:
            OutboxMessage.objects.filter(pk__in=batch, state=OutboxMessage.State.PENDING).update(
                queued_at=timezone.now()
            )
            result.queued.extend(batch)
    return result


def outbox_retry_ids(*, now: datetime.datetime | None = None) -> list[int]:
    """Messages to hand out (again): pending ones never queued, and queued or claimed ones past their lease.

    A message queued or claimed within the lease is in the broker's hands, or in those of
    a task the broker will hand back (acks late): it is left alone, so runs do not flood
    the queue with copies of the same work.
    """
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    pending = OutboxMessage.State.PENDING
    due = Q(state=pending, queued_at__isnull=True) | Q(state=pending, queued_at__lt=stale)
    due |= Q(state=OutboxMessage.State.SENDING, claimed_at__lt=stale)
    return list(OutboxMessage.objects.filter(due).order_by("pk").values_list("pk", flat=True))


def outbox_deliver(*, message_ids: list[int], claim: str) -> list[int]:
    """Send each message of a batch unless it is sent or another live task holds it; returns the ids sent here.

    `claim` is the delivery task's id: the same task handed back after its worker died
    finds its own claim and sends again; another task leaves a fresh claim alone. The rows
    are read in one query; each is then claimed, handed over and marked on its own.
    """
    rows = OutboxMessage.objects.filter(pk__in=message_ids).exclude(
        state__in=[OutboxMessage.State.SENT, OutboxMessage.State.FAILED]
    )
    sent = []
    for message in rows.order_by("pk"):
        if not _claim(message.pk, claim):
            continue
        message.attempts += 1
        try:
            _email(message).send()
        except (smtplib.SMTPException, OSError) as error:
            _release(message, error)
            raise
        OutboxMessage.objects.filter(pk=message.pk, claimed_by=claim).update(
            state=OutboxMessage.State.SENT, sent_at=timezone.now(), last_error=""
        )
        sent.append(message.pk)
    return sent


def _claim(message_id, claim):
    """Take the message for `claim` in one statement (its own short transaction); 0 if it is not ours to send.

    It is ours when pending, when `sending` under our own claim (we were killed and handed
    back), or when another claim has outlived its lease.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    sending = OutboxMessage.State.SENDING
    claimable = Q(state=OutboxMessage.State.PENDING) | Q(state=sending, claimed_by=claim)
    claimable |= Q(state=sending, claimed_at__lt=stale)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Visible to every other worker at once; only its flush to disk waits for the next
            # commit (the `sent` mark right after the hand-over), which halves the fsyncs of a
            # delivery. A worker killed at any point is unaffected; only a crash of Postgres
            # itself could forget a claim (the message then goes again, `attempts` one short).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return OutboxMessage.objects.filter(claimable, pk=message_id).update(
            state=sending, claimed_by=claim, claimed_at=now, attempts=F("attempts") + 1
        )


def _release(message, error):
    """After a refused hand-over: back to pending for the task's retry, or failed once attempts run out."""
    failed = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxMessage.State.FAILED if failed else OutboxMessage.State.PENDING,
        claimed_by="",
        last_error=f"{type(error).__name__}: {error}"[:300],
    )


def _email(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={**(message.headers or {}), "Message-ID": message.message_id},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email
