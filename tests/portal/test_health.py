"""`/healthz` and `/readyz`: JSON, no session or cookie, 503 naming what is down."""

import pytest
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_healthz_answers_json_without_touching_the_session(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_database_cache_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_readyz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is False and "Connection" in body["checks"]["cache"]["error"]


def test_readyz_answers_503_when_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("plans", "0099_future")])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "1 migrations not applied" in response.json()["checks"]["database"]["error"]


def test_probes_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
