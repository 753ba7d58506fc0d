"""The open-data API's classes that settings name: pagination, the anonymous throttle and the CSV renderer.

They import no DRF view, so that DRF can load them from REST_FRAMEWORK while it builds its
views; the base viewset and serializer the apps build on are in `portal/api.py`.
"""

import csv
import hashlib
import io
import json
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from rest_framework import renderers, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils import encoders

# A CSV cell that starts with one of these is a formula to a spreadsheet; it gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Query parameters that shape the answer but say nothing of what is in it.
NOT_A_FILTER = {"format", "lang", "page", "page_size", "ordering"}
COUNT_CACHE_SECONDS = 600

logger = logging.getLogger(__name__)


class GenerationCountPaginator(Paginator):
    """A paginator whose `count` of a large list is kept in the cache until the data generation changes."""

    @cached_property
    def count(self):
        """The number of items: from the cache for this generation and query, else one COUNT query."""
        from portal import generation

        if not settings.PUBLIC_PAGE_CACHE:  # the switch of every cache keyed by the generation
            return super().count
        try:
            sql = str(self.object_list.query)
        except (AttributeError, EmptyResultSet):  # a list, or a query that matches nothing
            return super().count
        value, _changed_at = generation.current()
        key = f"api-count:{value}:{hashlib.sha256(sql.encode()).hexdigest()[:32]}"
        try:
            cached = cache.get(key)
        except Exception:  # count without the cache
            logger.warning("cache unreachable while reading a list count", exc_info=True)
            return super().count
        if cached is not None:
            return cached
        counted = super().count
        try:
            cache.set(key, counted, COUNT_CACHE_SECONDS)
        except Exception:  # counted anyway
            logger.warning("cache unreachable while storing a list count", exc_info=True)
        return counted


class PublicPagination(PageNumberPagination):
    """Page-number pagination with a client-chosen page size up to a hard maximum."""

    django_paginator_class = GenerationCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_query_description = "한 쪽에 담을 항목 수(최대 500, 기본 50)"
    page_query_description = "쪽 번호(1부터)"

    def get_paginated_response_schema(self, schema):
        """The page envelope, each of its fields described in Korean."""
        envelope = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "조건에 맞는 전체 항목 수",
            "next": "다음 쪽 주소(없으면 null)",
            "previous": "이전 쪽 주소(없으면 null)",
            "results": "이 쪽의 항목",
        }
        for name, description in descriptions.items():
            envelope["properties"][name]["description"] = description
        return envelope


logger = logging.getLogger(__name__)


class AnonymousRateThrottle(AnonRateThrottle):
    """The anonymous rate limit, kept in the shared cache; per process while that cache is down.

    The rate is read at request time so that settings overrides take effect. When the cache
    (Redis) cannot be reached, the counts go to a local-memory cache of this process, so the
    API keeps answering with the same limit per process (and a warning, at most once a
    minute); the shared cache is tried again on the next request.
    """

    fallback_cache = LocMemCache("api-throttle-fallback", {"MAX_ENTRIES": 10_000})
    warned_at = 0.0

    def get_rate(self):
        """The rate configured now for this scope (None switches throttling off)."""
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        """Count the request in the shared cache, or in this process's while the shared one is down."""
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache backend's own errors (redis ConnectionError, timeouts...)
            self._warn(error)
            self.cache = self.fallback_cache
            return super().allow_request(request, view)

    @classmethod
    def _warn(cls, error):
        now = time.monotonic()
        if now - cls.warned_at >= 60:
            cls.warned_at = now
            logger.warning("API throttle: shared cache unreachable (%s); counting per process", error)


def _flatten(value, prefix=""):
    """(column, cell) pairs of one JSON object: nested objects by dotted names, lists as JSON text."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        yield prefix, json.dumps(value, ensure_ascii=False, cls=encoders.JSONEncoder)
    else:
        yield prefix, value


def _cell(value):
    """A CSV cell: unknown stays empty, text a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return f"'{value}"
    return value


def asked_language(request):
    """The language a download asks for with `?lang=` (a page passes its own), or None."""
    wanted = request.GET.get("lang", "") if request is not None else ""
    return wanted if wanted in dict(settings.LANGUAGES) else None


def requested_language(request):
    """The language asked for with `?lang=`, else the active one."""
    return asked_language(request) or translation.get_language()


def column_labels(serializer, prefix="", parent=""):
    """{column: label} for the flattened columns of `serializer`, in the active language.

    A column is named by its Korean label (a model's verbose name or the field's description)
    and a nested one by its parent's too ("주관 부서 조직명"). On a page in another language a
    label with no translation falls back to the column's own (English) name.
    """
    labels = {}
    for name, field in serializer.fields.items():
        column = f"{prefix}.{name}" if prefix else name
        label = _joined(parent, _label(field, name))
        if isinstance(field, serializers.BaseSerializer) and hasattr(field, "fields"):
            labels.update(column_labels(field, column, label))
        labels[column] = label
    return labels


def _label(field, name):
    with translation.override("ko"):  # a model's verbose name is lazy: read it as written, then translate
        korean = next((str(text) for text in (field.label, field.help_text) if text and HANGUL.search(str(text))), "")
    if not korean:
        return _plain(name)
    translated = gettext(korean).rstrip(":")
    if translation.get_language() != "ko" and HANGUL.search(translated):
        return _plain(name)
    return translated


def _plain(name):
    return "ID" if name == "id" else name.replace("_", " ").capitalize()


def _joined(parent, child):
    """A nested column's label: the parent's, then the child's without the words they share ("Lead unit" + "Unit name")."""
    ours, theirs = parent.split(), child.split()
    shared = next(
        (
            size
            for size in range(min(len(ours), len(theirs)), 0, -1)
            if [w.lower() for w in ours[-size:]] == [w.lower() for w in theirs[:size]]
        ),
        0,
    )
    return " ".join([*ours, *theirs[shared:]])


def download_name(view, request):
    """The file name of a download: what it holds, the filters it was asked with, and the data's as-of date."""
    what = str(getattr(view, "csv_name", "") or getattr(view, "basename", "") or "data")
    filters = [value for key, value in sorted(request.GET.items()) if key not in NOT_A_FILTER and value]
    from portal import generation

    as_of = timezone.localdate(generation.current()[1]).isoformat()
    stem = "_".join([what, *filters, gettext("%(date)s 기준") % {"date": as_of}])
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") + ".csv"


class CSVRenderer(renderers.BaseRenderer):
    """The rows of a list as CSV (UTF-8 with BOM, so that Excel reads Korean): `?format=csv`.

    Asked with `?lang=` (as the pages link it), the header names the columns in that language;
    without, it keeps the columns' own names for programs. The file is named for what it holds
    and as of when (RFC 6266 `filename*` for Korean).
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        """One row per item; a single object (a detail or an error) is one row."""
        context = renderer_context or {}
        request, view, response = context.get("request"), context.get("view"), context.get("response")
        rows = data.get("results", data) if isinstance(data, dict) else data
        rows = [rows] if isinstance(rows, dict) else rows or []
        flat = [dict(_flatten(row)) for row in rows]
        header = list(dict.fromkeys(column for row in flat for column in row))
        with translation.override(requested_language(request)):
            labels = {}
            if hasattr(view, "get_serializer_class") and getattr(response, "status_code", None) == 200:
                if asked_language(request):
                    labels = column_labels(view.get_serializer_class()())
                response["Content-Disposition"] = content_disposition_header(True, download_name(view, request))
            titles = [labels.get(column, column) for column in header]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(titles)
        writer.writerows([_cell(row.get(column)) for column in header] for row in flat)
        return buffer.getvalue().encode(self.charset)
