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


def test_asking_an_unchanged_list_again_costs_no_query(client, seeded, django_assert_num_queries):
    first = client.get("/api/v1/tasks/?page_size=5")
    with django_assert_num_queries(0):
        again = client.get("/api/v1/tasks/?page_size=5")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]


def test_a_kept_answer_is_renewed_after_a_publishing_change(client, seeded):
    from plans.models import Task

    task = Task.objects.order_by("pk").first()
    url = f"/api/v1/tasks/{task.pk}/"
    assert client.get(url).json()["title"] == task.title
    Task.objects.filter(pk=task.pk).update(title="새 과제명")  # update() sends no signal
    assert client.get(url).json()["title"] == task.title  # kept for this generation
    generation.bump()
    assert client.get(url).json()["title"] == "새 과제명"


def test_staff_who_logged_in_are_not_answered_from_the_kept_answers(client, seeded):
    from tests.factories import UserFactory

    client.get("/api/v1/milestones/")
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/milestones/").status_code == 200
    assert any("kpis_evaluationmilestone" in query["sql"] for query in captured)
