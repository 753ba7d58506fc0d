"""A copy of the seeded test database, taken once, to put back after a transactional test.

Transactional tests (the browser tests, the live server) flush every table when they end.
Loading fixtures/ again through `load_seed` validates and saves each record one by one
(about 9 s); copying the rows back takes a fraction of a second. The copy is taken right
after the one `load_seed` of the session, so it holds exactly what the seed command wrote,
history rows, permissions and content types included.
"""

import io
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    """The rows of every table of the project's models, as the database's own copy format."""

    tables: list[str]
    rows: dict[str, object] = field(default_factory=dict)


def _tables():
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def snapshot_take() -> Snapshot:
    """Copy every table's rows out of the test database."""
    snapshot = Snapshot(tables=sorted(_tables()))
    with connection.cursor() as cursor:
        for table in snapshot.tables:
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                cursor.cursor.copy_expert(f"COPY {quoted} TO STDOUT", buffer)
                snapshot.rows[table] = buffer.getvalue()
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 -- a table name from introspection, quoted
                columns = [column[0] for column in cursor.description]
                snapshot.rows[table] = (columns, cursor.fetchall())
    return snapshot


def snapshot_restore(snapshot: Snapshot) -> None:
    """Empty every table and put the snapshot's rows back, sequences moved past them."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(
            no_style(), snapshot.tables, reset_sequences=False, allow_cascade=True
        ):
            cursor.execute(statement)
        for table in snapshot.tables:
            _table_restore(cursor, table, snapshot.rows[table])
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)
    ContentType.objects.clear_cache()


def _table_restore(cursor, table, rows):
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        cursor.cursor.copy_expert(f"COPY {quoted} FROM STDIN", io.StringIO(rows))
        return
    columns, values = rows
    if values:
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", values)  # noqa: S608 -- names from introspection, quoted
