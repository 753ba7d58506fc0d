"""Settings for the test suite: the embedded defaults, or Postgres and Redis when named."""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests log in with force_login; the throttling test switches axes back on for itself.
AXES_ENABLED = False
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# In-process tests run Celery tasks eagerly even in CI; the worker tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# No API rate limit between tests; the throttling test sets a rate for itself.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}  # noqa: F405
# Test transactions never commit, so no change bumps the data generation: the whole-page
# cache would serve one test's page to the next. The cache tests switch it on for themselves.
PUBLIC_PAGE_CACHE = False
# Static files come from the source folders (WhiteNoise's finders); a `collectstatic` left by
# `make bench` in staticfiles/ must never shadow them with an older stylesheet.
STATIC_ROOT = BASE_DIR / "test-artifacts" / "static"  # noqa: F405

# Under `pytest -n` (pytest-xdist) each worker has its own test database (pytest-django
# suffixes it), and here its own media folder and Redis database, so that no worker sees
# another's files, cached pages or throttle counts. The tests that restart or kill a shared
# service run alone afterwards (`-m serial`, see the Makefile).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    MEDIA_ROOT = BASE_DIR / "test-artifacts" / f"media-{XDIST_WORKER}"  # noqa: F405
    if REDIS_URL:  # noqa: F405
        named = urlsplit(REDIS_URL)  # noqa: F405
        database = int(named.path.strip("/") or 0) + 1 + int(XDIST_WORKER.removeprefix("gw"))
        REDIS_URL = named._replace(path=f"/{database % 16}").geturl()
        CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
        CELERY_BROKER_URL = REDIS_URL
