"""Event notices: a short mail when a record is submitted, returned, approved or corrected.

The record's app says who is told (`plans.notices`, `pledges.notices`); this module writes
one outbox row per recipient in the caller's transaction, so a notice exists exactly when
its event committed, and delivery is queued on commit. People who turned event notices off
in their profile (`event_notices`) get none; reminders of their own obligations stay on.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import TextChoices
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.models import OutboxMessage
from portal.outbox import outbox_add


class NoticeEvent(TextChoices):
    """What happened to a reviewed record."""

    SUBMITTED = "submitted", _("제출")
    RETURNED = "returned", _("반려")
    APPROVED = "approved", _("승인")
    CORRECTED = "corrected", _("정정")


def notice_recipients():
    """People who may get event notices: active, with an address, not opted out."""
    return get_user_model().objects.filter(is_active=True, event_notices=True).exclude(email="")


def unit_heads(unit_id):
    """The heads (부서장) of one unit who take event notices."""
    return notice_recipients().filter(unit_id=unit_id, groups__name=roles.MANAGER).distinct().order_by("pk")


def coordinators_of(municipality_id):
    """The coordinating office (총괄부서) of one city who take event notices."""
    return (
        notice_recipients()
        .filter(unit__municipality_id=municipality_id, groups__name=roles.COORDINATOR)
        .distinct()
        .order_by("pk")
    )


def notice_send(*, record, event: str, recipients, actor, what: str, reason: str = "", link: str = "") -> list:
    """Write one notice per recipient (not the actor) about `event` on `record`; returns the rows written.

    The key names the record, the event, its latest history row and the recipient, so
    calling this twice for one event writes nothing more.
    """
    history = record.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    label = record._meta.label_lower
    event = NoticeEvent(event)
    subject = f"[시정계획 포털] {what} {event.label}"
    written = []
    for recipient in recipients:
        if actor is not None and recipient.pk == actor.pk:
            continue
        context = {
            "recipient": recipient,
            "actor": actor,
            "what": what,
            "event": event,
            "reason": reason,
            "link": f"{settings.PORTAL_BASE_URL}{link}" if link else "",
        }
        message = outbox_add(
            recipient=recipient,
            kind=OutboxMessage.Kind.NOTICE,
            key=f"notice:{label}:{record.pk}:{event.value}:{history}:{recipient.pk}",
            subject=subject,
            body=render_to_string("portal/email/notice.txt", context),
            items=[{"record": label, "pk": record.pk, "event": event.value, "reason": reason}],
        )
        if message is not None:
            written.append(message)
    return written


def notice_correction(*, correction, record, unit_id, event: str, actor, reason: str = "") -> list:
    """The notices of a correction (정정) of an approved record, in the caller's transaction.

    Submitted (event `corrected`) goes to the heads of the record's unit; returned (with the
    reason) and approved go to the correction's author.
    """
    if event == NoticeEvent.CORRECTED:
        recipients = list(unit_heads(unit_id))
    else:
        author = correction.author
        recipients = [author] if author and author.event_notices else []
    opts = record._meta
    return notice_send(
        record=correction,
        event=event,
        recipients=[user for user in recipients if user.is_active and user.email],
        actor=actor,
        what=str(record) if event == NoticeEvent.CORRECTED else f"{record} {_('정정')}",
        reason=reason,
        link=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
    )
