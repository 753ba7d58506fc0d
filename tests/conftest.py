"""Shared fixtures: role groups, the seed data, and the real services of CI."""

import os

import pytest
from django.core.management import call_command

from plans.models import Municipality
from portal.roles import roles_sync

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name, available, reason):
    """Skip a test whose service is missing on a developer machine; fail it in CI."""
    if available:
        return
    message = f"{name} is not available: {reason}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Korean: a request under /en/ leaves English active in the thread (LocaleMiddleware)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def postgres_only(request):
    """Skip (fail in CI) a test that needs Postgres, before any other fixture loads data for it."""
    from django.db import connection

    require_service("Postgres", connection.vendor == "postgresql", f"{request.node.name} needs Postgres")


@pytest.fixture
def roles_synced(db):
    """The role groups with their permissions."""
    roles_sync()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load fixtures/ once into the test database; each test then rolls back its own changes.

    pytest-django runs transactional tests (the browser tests) last, and they flush the
    database, so `seeded` loads the data again for them.
    """
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)


@pytest.fixture
def seeded(db):
    """Everything in fixtures/, as `make seed` loads it."""
    if not Municipality.objects.exists():
        call_command("load_seed", verbosity=0)
