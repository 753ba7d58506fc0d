"""The API's ETag comes from the data generation before any query; list counts are kept per generation."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from portal import generation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def generation_caches_on():
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE=True):
        yield
    cache.clear()


def test_revalidating_an_unchanged_list_answers_304_without_a_query(client, seeded, django_assert_num_queries):
    etag = client.get("/api/v1/tasks/")["ETag"]
    with django_assert_num_queries(0):
        again = client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert "public" in again["Cache-Control"]


def test_a_publishing_change_makes_the_old_etag_stale(client, seeded):
    etag = client.get("/api/v1/tasks/")["ETag"]
    generation.bump()
    fresh = client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_csv_and_json_of_one_list_have_different_etags(client, seeded):
    assert client.get("/api/v1/tasks/")["ETag"] != client.get("/api/v1/tasks/", {"format": "csv"})["ETag"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).json()
    return body["count"], [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]


def test_a_list_count_is_counted_once_per_generation(client, seeded):
    count, counted = count_queries(client, "/api/v1/budget-lines/?page=1")
    assert counted
    again, counted_again = count_queries(client, "/api/v1/budget-lines/?page=2")
    assert again == count and not counted_again
    generation.bump()
    _count, counted_after_bump = count_queries(client, "/api/v1/budget-lines/?page=2")
    assert counted_after_bump


@override_settings(PUBLIC_PAGE_CACHE=False)
def test_with_the_generation_caches_off_the_etag_is_the_answers_hash(client, seeded):
    etag = client.get("/api/v1/tasks/")["ETag"]
    assert not etag.startswith('"g')
    assert client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag).status_code == 304
