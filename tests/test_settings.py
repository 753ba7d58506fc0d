"""Configuration comes from the environment only; production passes the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env):
    base_env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_at_warning_level():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "kq3Zr8vT1mXw9LpB2nYc7HdF4sJ6gA0eUoRiK5tQzWbVhNxM-e2Pq7Lz",
            "DJANGO_ALLOWED_HOSTS": "plans.example.com",
            "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.com:587",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_ALLOWED_HOSTS": "plans.example.com",
            "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_embedded_defaults_without_any_variable():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND, s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    result = run_manage("shell", "-c", code, env={"DJANGO_SETTINGS_MODULE": "config.settings.base"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
        "Asia/Seoul",
        "ko",
    ]


def test_redis_url_switches_celery_to_the_broker_and_the_cache_to_redis():
    code = (
        "from django.conf import settings as s;"
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.base", "REDIS_URL": "redis://127.0.0.1:6379/3"},
    )
    assert result.stdout.splitlines()[-1].split() == [
        "False",
        "redis://127.0.0.1:6379/3",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_ci_runs_on_postgres(db):
    require_service("Postgres", connection.vendor == "postgresql", "DATABASE_URL does not name a Postgres database")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13


def test_ci_reaches_redis():
    import redis

    url = os.environ.get("REDIS_URL", "")
    require_service("Redis", bool(url), "REDIS_URL is not set")
    assert redis.Redis.from_url(url).ping() is True
