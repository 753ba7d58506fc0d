"""Trigram indexes for search inside Korean words; Postgres only, SQLite scans instead.

Django turns `icontains` into `UPPER(col::text) LIKE UPPER(%s)` on Postgres, so the
indexes are on that very expression, or the planner could not use them.
"""

from django.db import migrations

INDEXES = [
    ("plans_task_title_trgm", "plans_task", "title"),
    ("plans_task_content_trgm", "plans_task", "content"),
    ("plans_plan_title_trgm", "plans_plan", "title"),
    ("plans_plan_vision_trgm", "plans_plan", "vision"),
    ("plans_taskobjective_text_trgm", "plans_taskobjective", "text"),
    ("plans_actionitem_detail_trgm", "plans_actionitem", "detail"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_plans_and_progress")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
