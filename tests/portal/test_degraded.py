"""With the cache (Redis) down the API and the public pages still answer; the throttle counts per process."""

import logging

import pytest

from portal.rest import AnonymousRateThrottle

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS
    AnonymousRateThrottle.fallback_cache.clear()
    AnonymousRateThrottle.warned_at = 0.0
    yield
    AnonymousRateThrottle.fallback_cache.clear()


def test_api_answers_with_redis_down_and_the_throttle_falls_back_to_the_process(client, settings, redis_down, caplog):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    with caplog.at_level(logging.WARNING, logger="portal.rest"):
        codes = [client.get("/api/v1/municipalities/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    warnings = [record for record in caplog.records if "shared cache unreachable" in record.getMessage()]
    assert len(warnings) == 1  # once a minute, not once a request


def test_public_pages_answer_with_redis_down(client, seeded, redis_down):
    for url in ("/", "/namyangju/plans/", "/goyang/pledges/", "/api/v1/tasks/"):
        assert client.get(url).status_code == 200, url
