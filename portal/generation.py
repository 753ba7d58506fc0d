"""The data generation: one counter that every publishing change bumps, read by every public cache.

Whole-page caching of public pages (`portal.page_cache`) and the API's ETags
(`portal.api.CachedReadMixin`) key what they keep by this counter, so a bump makes every
cached page and every ETag stale at once and a citizen sees a published change on the next
request.

The counter lives in the database (one row of `DataGeneration`), so every process and every
command (a seed load, an import, the admin) shares it whatever cache is configured; the cache
keeps a copy for `GENERATION_CACHE_SECONDS` so that a cached page costs no query. A bump
writes both, so with a shared cache (Redis) the next request anywhere sees it; with a
per-process cache (local memory) other processes see it at the latest when their copy
expires.

Why signals, against the project's rule of no logic in signals: the generation is a
cross-cutting cache concern, not domain behaviour. Every `post_save`, `post_delete` and
`m2m_changed` of the models of the domain apps (`settings.PUBLIC_DATA_APPS`, minus
`settings.PUBLIC_DATA_EXCLUDED_MODELS`) bumps it once per transaction, through
`transaction.on_commit`, so that no publishing path (an approval service, an admin save or
delete, a seed load, an import, or any path added later) can forget it. Writes that send no
signal (`QuerySet.update`, `bulk_create`) must call `bump()` themselves.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from portal.models import DataGeneration

logger = logging.getLogger(__name__)

CACHE_KEY = "portal:generation"


def current():
    """(value, changed_at) of the generation: from the cache when it has it, else one query."""
    try:
        cached = cache.get(CACHE_KEY)
    except Exception:  # any cache failure: fall back to the database
        logger.warning("cache unreachable while reading the data generation", exc_info=True)
        cached = None
    if cached is not None:
        return cached
    row = DataGeneration.objects.filter(pk=1).values_list("value", "changed_at").first()
    found = row or (0, timezone.make_aware(timezone.datetime(2026, 1, 1)))
    _remember(found)
    return found


def bump():
    """Count one publishing change now, in the database and in the cache copy."""
    now = timezone.now()
    updated = DataGeneration.objects.filter(pk=1).update(value=F("value") + 1, changed_at=now)
    if not updated:
        DataGeneration.objects.get_or_create(pk=1, defaults={"value": 1, "changed_at": now})
    _remember(DataGeneration.objects.filter(pk=1).values_list("value", "changed_at").get())


def bump_on_commit(using="default"):
    """Bump once when the current transaction commits, however many changes it makes."""
    connection = connections[using]
    if not connection.in_atomic_block:
        bump()
        return
    # A bump still in the list runs at commit: a rollback drops the callbacks of its savepoint,
    # and any rollback that would drop a pending bump also undoes the change made now (that
    # change is inside every savepoint still open). Looking at the list rather than keeping a
    # flag registers again after such a rollback.
    if not any(isinstance(func, _PendingBump) and not func.done for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_PendingBump(), using=using)


class _PendingBump:
    """One registered bump, which knows when it has run (test harnesses run callbacks in place)."""

    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        bump()


def _remember(generation):
    try:
        cache.set(CACHE_KEY, generation, settings.GENERATION_CACHE_SECONDS)
    except Exception:  # the database keeps the truth; the copy is an optimisation
        logger.warning("cache unreachable while storing the data generation", exc_info=True)


def _changed(sender, using="default", **kwargs):
    bump_on_commit(using)


def _m2m_changed(sender, action, using="default", **kwargs):
    if action.startswith("post_"):
        bump_on_commit(using)


def public_models():
    """The models whose changes are publishing changes: the domain apps' models, minus the excluded."""
    excluded = {label.lower() for label in settings.PUBLIC_DATA_EXCLUDED_MODELS}
    for label in settings.PUBLIC_DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in excluded or model.__name__.startswith("Historical"):
                continue
            yield model


def connect():
    """Connect the bump to the change signals of every public model (called from `PortalConfig.ready`)."""
    for model in public_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"generation-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"generation-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_m2m_changed, sender=field.remote_field.through, dispatch_uid=f"generation-m2m-{field}")
