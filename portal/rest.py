"""The open-data API's classes that settings name: pagination, the anonymous throttle and the CSV renderer.

They import no DRF view, so that DRF can load them from REST_FRAMEWORK while it builds its
views; the base viewset and serializer the apps build on are in `portal/api.py`.
"""

import csv
import io
import json
import re

from rest_framework import renderers
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils import encoders

# A CSV cell that starts with one of these is a formula to a spreadsheet; it gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


class PublicPagination(PageNumberPagination):
    """Page-number pagination with a client-chosen page size up to a hard maximum."""

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


class AnonymousRateThrottle(AnonRateThrottle):
    """The anonymous rate limit, read at request time so that settings overrides take effect."""

    def get_rate(self):
        """The rate configured now for this scope (None switches throttling off)."""
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


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


class CSVRenderer(renderers.BaseRenderer):
    """The rows of a list as CSV (UTF-8 with BOM, so that Excel reads Korean): `?format=csv`."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        """One row per item; a single object (a detail or an error) is one row."""
        rows = data.get("results", data) if isinstance(data, dict) else data
        rows = [rows] if isinstance(rows, dict) else rows or []
        flat = [dict(_flatten(row)) for row in rows]
        header = list(dict.fromkeys(column for row in flat for column in row))
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({column: _cell(cell) for column, cell in row.items()} for row in flat)
        return buffer.getvalue().encode(self.charset)
