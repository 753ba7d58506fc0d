"""The base viewset and serializer of the open-data API that the apps' `api.py` and `serializers.py` build on."""

import hashlib
import re
from urllib.parse import quote

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import RFC3986_SUBDELIMS
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from portal import generation
from portal.page_cache import is_anonymous, read_answer, store_answer
from portal.rest import requested_language


class PublicModelSerializer(serializers.ModelSerializer):
    """A read-only serializer whose fields are described in Korean by their model's verbose names."""

    def get_fields(self):
        """Fields, each with a description: its help text, else its (Korean) label."""
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
            if not field.help_text and field.label:
                field.help_text = field.label
        return fields


def choice_label(choices, value):
    """The display label of `value` in a TextChoices class; None for no value."""
    return None if value is None else str(choices(value).label)


class CachedReadMixin:
    """ETag from the data generation, public cache headers, and a 304 before any query runs.

    The ETag names the generation (`portal.generation`), the full URL and what the client
    accepts, so a client that revalidates an unchanged answer costs one cache read. Anonymous
    answers are kept in the page cache under that ETag, so asking again costs no query either
    (like a 304, a kept answer is not counted by the rate limit: it costs nothing to serve).
    """

    def dispatch(self, request, *args, **kwargs):
        """Answer 304 when the client holds this generation's answer; else answer and tag it.

        With the generation caches switched off (`PUBLIC_PAGE_CACHE`), the ETag is the hash of
        the rendered answer instead, so revalidation still works but saves only the transfer.
        """
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        with translation.override(requested_language(request)):  # labels in the language a page asks for
            return self._dispatch_read(request, *args, **kwargs)

    def _dispatch_read(self, request, *args, **kwargs):
        if not settings.PUBLIC_PAGE_CACHE:
            return self._content_tagged(super().dispatch(request, *args, **kwargs), request)
        etag = self._generation_etag(request)
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            return self._headers(unchanged, etag)
        storable = request.method == "GET" and is_anonymous(request)
        key = f"api:{etag}"
        cached = read_answer(key) if storable else None
        if cached is not None:
            return cached
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        self._headers(response, etag)
        if storable:
            response.render()
            store_answer(key, response)
        return response

    def _content_tagged(self, response, request):
        if response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        self._headers(response, response["ETag"])
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def _generation_etag(request):
        value, _changed_at = generation.current()
        variant = "\n".join(
            [request.get_full_path(), request.headers.get("Accept", ""), request.headers.get("Accept-Language", "")]
        )
        return f'"g{value}-{hashlib.sha256(variant.encode()).hexdigest()[:16]}"'

    @staticmethod
    def _headers(response, etag):
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        return response


class PublicReadOnlyViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve for anonymous readers, with ETag and cache headers on every 200 answer.

    `detail_serializer_class`, when set, is used for one object and `serializer_class` for lists.
    CSV (`?format=csv`) comes without pagination: the whole filtered table, as the page shows it.
    """

    detail_serializer_class = None
    lookup_value_regex = r"[0-9]+"

    def get_serializer_class(self):
        """The detail serializer for one object, the list serializer otherwise."""
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    @property
    def paginator(self):
        """No pagination for CSV downloads; the page-number paginator otherwise."""
        if getattr(self.request, "accepted_renderer", None) and self.request.accepted_renderer.format == "csv":
            return None
        return super().paginator


class ValuesListMixin:
    """A list action that reads `values()` rows instead of model instances, for lists that need no nesting.

    `list_fields` names the columns read; `list_rows` shapes one page of those rows into the
    answer's dicts (nested references, display labels, links, local date-times). The
    `serializer_class` is a plain Serializer that declares those dicts for the OpenAPI schema;
    the rows do not pass through its fields one by one, which for a page of 50 rows costs as
    much as the queries. Tests compare each list row with its detail, and the schema test
    checks every answer against the schema. The detail keeps the model serializer.
    """

    list_fields: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        """One page of shaped rows (the whole filtered table for CSV), in the viewset's order."""
        rows = self.filter_queryset(self.get_queryset()).values(*self.list_fields)
        page = self.paginate_queryset(rows)
        data = self.list_rows(list(rows if page is None else page))
        return Response(data) if page is None else self.get_paginated_response(data)

    def list_rows(self, rows):
        """The rows as the answer carries them; override to shape them."""
        return rows


class ValuesViewSet(ValuesListMixin, PublicReadOnlyViewSet):
    """A public list read as `values()` rows, whose detail is the same row (404 unless citizens may see it)."""

    def retrieve(self, request, *args, **kwargs):
        """One record as the list shapes it."""
        rows = list(self.get_queryset().filter(pk=kwargs["pk"]).values(*self.list_fields))
        if not rows:
            raise Http404
        return Response(self.list_rows(rows)[0])


def grouped(rows, key):
    """`{key value: [row without the key, ...]}`, rows kept in their order: one query's rows per parent."""
    groups = {}
    for row in rows:
        groups.setdefault(row.pop(key), []).append(row)
    return groups


def unit_ref(row, prefix):
    """A `{"id", "name"}` reference to a unit from the `<prefix>_id` and `<prefix>__name` columns of a row."""
    unit_id = row.pop(f"{prefix}_id")
    name = row.pop(f"{prefix}__name")
    return None if unit_id is None else {"id": unit_id, "name": name}


_DATETIME = serializers.DateTimeField()


def local_datetime(value):
    """A date-time as the model serializers write it: ISO 8601 in the current time zone (Asia/Seoul); None stays."""
    return None if value is None else _DATETIME.to_representation(value)


def url_pattern(viewname, *names, numbers=()):
    """A function that builds the URL of `viewname` from keyword values, reversing only once.

    `reverse()` walks the URL tree on every call, which for a page of 50 rows costs more than
    its query; the pattern is reversed once with placeholders (digits for the `numbers`
    arguments, which only match digits), then filled in per row in one pass, quoted as
    `reverse()` quotes.
    """
    placeholders = {
        name: str(PLACEHOLDER_BASE + index) if name in numbers else f"__{name}__"
        for index, name in enumerate((*names, *numbers))
    }
    template = reverse(viewname, kwargs=placeholders)
    names_of = {placeholder: name for name, placeholder in placeholders.items()}
    pattern = re.compile("|".join(map(re.escape, names_of)))

    def build(**values):
        return pattern.sub(
            lambda match: quote(str(values[names_of[match.group()]]), safe=RFC3986_SUBDELIMS + "~:@"), template
        )

    return build


# Placeholders of numeric URL arguments: long enough to appear nowhere else in a URL pattern.
PLACEHOLDER_BASE = 987_654_321_000
