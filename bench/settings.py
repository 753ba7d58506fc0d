"""Production settings for the benches, on loopback: no TLS redirect (nothing terminates TLS here), no API rate limit.

Everything else (DEBUG off, Redis cache, hashed static files, the middleware) is production's.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
