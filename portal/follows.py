"""E-mail follows of public pages: double opt-in, one-click unsubscribe, and the digest of approved updates.

Apps say what can be followed by naming, on their AppConfig, `follow_sources`: a dotted
path to a dict {model label: FollowSource}. `find(pk)` gives the public object or None;
`updates(obj)` gives its approved updates, the same list its Atom feed shows (objects with
`title`, `link`, `when`, `summary`, `kind`). Every message goes through the outbox.

Tokens: the confirmation token is random and only its SHA-256 is stored; the unsubscribe
token is signed with the site's key (`django.core.signing`, constant-time compared) and
names the row, which unsubscribing deletes, so a used token is dead.
"""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.hooks import declared
from portal.models import Follow, OutboxMessage
from portal.outbox import outbox_add

CONFIRM_DAYS = 7  # an unconfirmed request expires after this many days
UNSUBSCRIBE_SALT = "portal.follow.unsubscribe"
THROTTLE_WINDOW = 3600  # seconds
THROTTLE_PER_ADDRESS = 3  # requests for one address in the window
THROTTLE_PER_CLIENT = 10  # requests from one client address in the window


@dataclass(frozen=True)
class FollowSource:
    """What an app offers for one followable model."""

    find: Callable[[int], Any]
    updates: Callable[[Any], list]


def sources() -> dict:
    """Every followable model label and its source, from the installed apps."""
    found = {}
    for table in declared("follow_sources"):
        found.update(table)
    return found


def token_hash(token: str) -> str:
    """The stored form of a confirmation token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _absolute(path):
    return f"{settings.PORTAL_BASE_URL}{path}"


def unsubscribe_token(follow) -> str:
    """The signed token of a follow's unsubscribe link."""
    return signing.dumps({"f": follow.pk, "e": token_hash(follow.email)[:16]}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(follow) -> str:
    """The absolute one-click unsubscribe address."""
    return _absolute(reverse("follow:unsubscribe", kwargs={"token": unsubscribe_token(follow)}))


def throttled(*, email: str, client: str) -> bool:
    """True when this address or this client asked too often in the window; counts the attempt otherwise.

    Only hashes of the two addresses are used as cache keys; nothing is stored in the database.
    """
    keys = [
        (f"follow:addr:{token_hash(email.lower())}", THROTTLE_PER_ADDRESS),
        (f"follow:client:{token_hash(client or '-')}", THROTTLE_PER_CLIENT),
    ]
    for key, limit in keys:
        if (cache.get(key) or 0) >= limit:
            return True
    for key, _limit in keys:
        if cache.add(key, 1, THROTTLE_WINDOW) is False:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, THROTTLE_WINDOW)
    return False


def follow_request(*, email: str, label: str, target) -> Follow | None:
    """Record a request and queue its confirmation; an already confirmed follow is left alone (None).

    A pending request gets a fresh token (the old link stops working). Nothing else is sent
    until the link is confirmed.
    """
    email = email.strip()
    content_type = ContentType.objects.get_for_model(target)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        follow, created = Follow.objects.select_for_update().get_or_create(
            email=email,
            content_type=content_type,
            object_id=target.pk,
            defaults={"confirm_hash": token_hash(token), "requested_at": now},
        )
        if not created:
            if follow.confirmed_at is not None:
                return None
            follow.confirm_hash, follow.requested_at = token_hash(token), now
            follow.save(update_fields=["confirm_hash", "requested_at"])
        link = _absolute(reverse("follow:confirm", kwargs={"token": token}))
        context = {"target": target, "link": link, "days": CONFIRM_DAYS}
        outbox_add(
            recipient=None,
            to=email,
            kind=OutboxMessage.Kind.FOLLOW,
            key=f"follow-confirm:{follow.pk}:{follow.confirm_hash[:24]}",
            subject=_("[시정계획 포털] 구독 확인: %(target)s") % {"target": target},
            body=render_to_string("portal/email/follow_confirm.txt", context),
            items=[{"follow": follow.pk, "label": label, "pk": target.pk}],
        )
    return follow


def pending_by_token(token: str) -> Follow | None:
    """The unconfirmed, unexpired request of a confirmation token, or None."""
    if not token or len(token) > 100:
        return None
    digest = token_hash(token)
    follow = Follow.objects.filter(confirm_hash=digest, confirmed_at=None).first()
    if follow is None or not hmac.compare_digest(follow.confirm_hash, digest):
        return None
    if follow.requested_at < timezone.now() - datetime.timedelta(days=CONFIRM_DAYS):
        return None
    return follow


def follow_confirm(token: str) -> Follow | None:
    """Confirm the request of `token`; None (and nothing changed) when the token is unknown or expired."""
    follow = pending_by_token(token)
    if follow is None:
        return None
    now = timezone.now()
    Follow.objects.filter(pk=follow.pk, confirmed_at=None).update(confirmed_at=now, last_sent_at=now, confirm_hash="")
    follow.refresh_from_db()
    return follow


def follow_by_unsubscribe(token: str) -> Follow | None:
    """The follow a signed unsubscribe token names, or None when forged or already gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    follow = Follow.objects.filter(pk=data.get("f")).first() if isinstance(data, dict) else None
    if follow is None or not hmac.compare_digest(token_hash(follow.email)[:16], str(data.get("e", ""))):
        return None
    return follow


def follow_unsubscribe(token: str) -> bool:
    """Delete the follow of `token`; False when the token is forged or already used."""
    follow = follow_by_unsubscribe(token)
    if follow is None:
        return False
    follow.delete()
    return True


def follow_expire(*, now=None) -> int:
    """Delete unconfirmed requests older than `CONFIRM_DAYS`; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=CONFIRM_DAYS)
    deleted, _detail = Follow.objects.filter(confirmed_at=None, requested_at__lt=cutoff).delete()
    return deleted


def follow_digest(*, now=None) -> int:
    """One message per confirmed follow with approved updates since its last message; returns messages written.

    Updates are read once per followed object. The outbox key names the follow and the newest
    update's moment, so a second run writes nothing more even before `last_sent_at` moves.
    """
    follow_expire(now=now)
    table = sources()
    follows = Follow.objects.exclude(confirmed_at=None).select_related("content_type").order_by("pk")
    cache_updates: dict = {}
    written = 0
    for follow in follows:
        label = f"{follow.content_type.app_label}.{follow.content_type.model}"
        source = table.get(label)
        if source is None:
            continue
        key = (label, follow.object_id)
        if key not in cache_updates:
            target = source.find(follow.object_id)
            cache_updates[key] = (target, source.updates(target) if target is not None else [])
        target, updates = cache_updates[key]
        since = follow.last_sent_at or follow.confirmed_at
        fresh = sorted((item for item in updates if item.when > since), key=lambda item: item.when)
        if not fresh:
            continue
        written += _digest_one(follow, target, fresh)
    return written


def _digest_one(follow, target, fresh) -> int:
    newest = fresh[-1].when
    link = unsubscribe_url(follow)
    context = {
        "target": target,
        "updates": [{"item": item, "url": _absolute(item.link)} for item in fresh],
        "unsubscribe": link,
    }
    with transaction.atomic():
        message = outbox_add(
            recipient=None,
            to=follow.email,
            kind=OutboxMessage.Kind.FOLLOW,
            key=f"follow:{follow.pk}:{newest:%Y%m%dT%H%M%S%f}",
            subject=_("[시정계획 포털] %(target)s 새 소식 %(count)s건") % {"target": target, "count": len(fresh)},
            body=render_to_string("portal/email/follow_digest.txt", context),
            items=[{"title": item.title, "link": item.link, "when": item.when.isoformat()} for item in fresh],
            headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        Follow.objects.filter(pk=follow.pk).update(last_sent_at=newest)
    return 1 if message is not None else 0
