"""Shared fixtures: role groups, the seed data, and the real services of CI."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from plans.models import Municipality
from portal import generation
from portal.roles import roles_sync
from tests.seed_snapshot import snapshot_restore, snapshot_take

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
def default_language():
    """Each test starts in Korean: a request to an /en/ page leaves English active in its thread."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
    database, so `seeded` puts a copy of the loaded data back for them.
    """
    global _SEED_SNAPSHOT
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        _SEED_SNAPSHOT = snapshot_take()


_SEED_SNAPSHOT = None


@pytest.fixture
def seeded(db):
    """Everything in fixtures/, as `make seed` loads it."""
    if Municipality.objects.exists():
        return
    if _SEED_SNAPSHOT is None:
        call_command("load_seed", verbosity=0)
        return
    snapshot_restore(_SEED_SNAPSHOT)
    generation.bump()


def pytest_collection_modifyitems(items):
    """Mark the transactional tests (browser, live server, migrations): `make test` runs them apart.

    They flush every table when they end, and in one process pytest-django runs them after
    all the others; on parallel workers a test file's flush would land in the middle of
    another file's run, so the workers take them in a part of their own.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and (marker.kwargs.get("transaction") or "live_server" in item.fixturenames):
            item.add_marker(pytest.mark.transactional)
