"""Health endpoints for the load balancer: `/healthz` (the process answers) and `/readyz` (it can serve).

Both answer JSON, are never cached and touch no session, cookie or template: a probe costs
one database round trip and one cache round trip at most.
"""

import logging
import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _json(status, checks):
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", "checks": checks}, status=status)


@never_cache
@require_safe
def healthz(request):
    """The process is up and answering."""
    return _json(200, {})


def _check_database():
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")


def _check_cache():
    key = "readyz:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was stored")


@never_cache
@require_safe
def readyz(request):
    """The database and the cache answer and every migration is applied; 503 with the reason otherwise."""
    checks, status = {}, 200
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # whatever the backend raises, the probe reports it
            logger.warning("readyz: %s unavailable: %s", name, error)
            checks[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
            status = 503
        else:
            checks[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    return _json(status, checks)
