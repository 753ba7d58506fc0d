"""Opt-in measurement: every public page at 100× stays under 300 KB and within 3× of its time at 1×.

Set PORTAL_PAGE_SCALES (e.g. "1,100") to run it; it builds a city per scale (100× takes a
few minutes) and prints each page's bytes and median time, uncached and cached; the query
counts are the bounded-page tests' job.
"""

import os
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from tests.portal.city import build_city
from tests.portal.test_bounded_pages import EXPECTED, urls

SCALES = [int(scale) for scale in os.environ.get("PORTAL_PAGE_SCALES", "").split(",") if scale]
MAX_BYTES = 300 * 1024
MAX_RATIO = 3
REPEAT = 5

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SCALES, reason="a measurement: set PORTAL_PAGE_SCALES=1,100 to run it"),
]


def timed(client, url):
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200
    return statistics.median(times), len(response.content)


def test_pages_at_the_largest_scale_stay_small_and_near_the_time_at_the_smallest(client):
    cities = {scale: build_city(scale, f"measure-{scale}") for scale in SCALES}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # a live database has statistics; a freshly filled one does not
    results = {}
    for page in EXPECTED:
        for scale, city in cities.items():
            url = urls(city)[page]
            uncached, size = timed(client, url)
            with override_settings(PUBLIC_PAGE_CACHE=True):
                cache.clear()
                client.get(url)
                cached, _size = timed(client, url)
            results[page, scale] = (size, uncached, cached)
    smallest, largest = min(SCALES), max(SCALES)
    for page in EXPECTED:
        cells = "  ".join(
            f"{scale}×: {size / 1024:6.1f} KB {uncached * 1000:6.1f} ms (cached {cached * 1000:4.1f} ms)"
            for scale in SCALES
            for size, uncached, cached in [results[page, scale]]
        )
        ratio = results[page, largest][1] / results[page, smallest][1]
        print(f"{page:15s} {cells}  time ratio {ratio:.2f}")
    for page in EXPECTED:
        size, uncached, _cached = results[page, largest]
        assert size < MAX_BYTES, (page, size)
        assert uncached <= MAX_RATIO * results[page, smallest][1], page
