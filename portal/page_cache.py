"""Whole-page cache of public pages for anonymous readers, keyed by the data generation.

An anonymous GET of a public page (one of `settings.PUBLIC_PAGE_APPS`' URL namespaces) is
answered from the configured cache (Redis in production, local memory by default) under a
key made of the URL with its query string, the language (from the URL prefix), the day in
Asia/Seoul (pages that show "this month" roll over at midnight) and the data generation
(`portal.generation`). A publishing change bumps the generation, so every cached page is
stale at once and the next request renders afresh.

Every public answer carries `ETag` and `Last-Modified` made from the generation, and
`Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE, must-revalidate`, so browsers and nginx
revalidate and get a 304 that costs one cache read and no query. A request with a session
cookie (staff who logged in) bypasses the cache and is marked private. When the cache is
unreachable, pages are rendered as if there were no cache and the failure is logged.
"""

import hashlib
import logging
from datetime import datetime, time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from portal import generation

logger = logging.getLogger(__name__)


def validators(value, changed_at, today):
    """(ETag, Last-Modified as a timestamp) of every public answer at this generation and day."""
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    last_modified = max(changed_at, start_of_day)
    return f'"g{value}-{today:%Y%m%d}"', int(last_modified.timestamp())


def page_key(request, value, today):
    """The cache key of this request's page at generation `value` on `today`."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{value}:{today:%Y%m%d}:{language}:{path_hash}"


def is_anonymous(request):
    """No session cookie: nobody logged in, so the answer is the one every citizen gets."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def read_answer(key):
    """A stored answer, or None when there is none or the cache is unreachable."""
    try:
        return cache.get(key)
    except Exception:  # an unreachable cache must not take pages down
        logger.warning("page cache unreachable; rendering without it", exc_info=True)
        return None


def store_answer(key, response):
    """Keep a rendered answer for `PUBLIC_PAGE_CACHE_SECONDS`; an unreachable cache only logs."""
    try:
        cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
    except Exception:  # an unreachable cache must not take pages down
        logger.warning("page cache unreachable; answer not stored", exc_info=True)


class PublicPageCacheMiddleware:
    """Serve and store anonymous GETs of public pages; answer 304 when the generation is unchanged."""

    def __init__(self, get_response):
        """Keep the next handler of the chain."""
        self.get_response = get_response

    def __call__(self, request):
        """Answer from the cache, with a 304, or by rendering (and storing) the page."""
        if not self._candidate(request):
            response = self.get_response(request)
            if self._is_public_page(request) and request.method in ("GET", "HEAD"):
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ["Cookie"])
            return response
        value, changed_at = generation.current()
        today = timezone.localdate()
        etag, last_modified = validators(value, changed_at, today)
        key = page_key(request, value, today)
        cached = read_answer(key)
        if cached is not None:
            conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=cached)
            return conditional
        response = self.get_response(request)
        if not self._is_public_page(request) or not self._storable(response):
            return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE, must_revalidate=True)
        patch_vary_headers(response, ["Cookie"])
        if request.method == "GET":
            store_answer(key, response)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    @staticmethod
    def _candidate(request):
        """Anonymous GET or HEAD, page cache on; a session cookie means a person who logged in."""
        return settings.PUBLIC_PAGE_CACHE and request.method in ("GET", "HEAD") and is_anonymous(request)

    @staticmethod
    def _is_public_page(request):
        match = getattr(request, "resolver_match", None)
        return match is not None and bool(set(match.app_names) & set(settings.PUBLIC_PAGE_APPS))

    @staticmethod
    def _storable(response):
        """A complete 200 page that sets no cookie and does not ask to stay private."""
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
        )
