"""On Postgres, search inside words is served by the trigram indexes, not by scanning."""

import pytest
from django.db import connection

from plans.models import Task
from tests.conftest import require_service

pytestmark = pytest.mark.django_db


def test_task_title_search_uses_the_trigram_index(seeded):
    require_service("Postgres", connection.vendor == "postgresql", "trigram indexes exist on Postgres only")
    # Three syllables or more: a trigram needs three characters of the pattern.
    queryset = Task.objects.filter(title__icontains="자족도시").order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "plans_task_title_trgm" in plan, plan
    assert {task.code for task in queryset} >= {"1-1"}
