"""The backup drill: `make backup` of the test database and media, `make restore` into a fresh database.

Every table of the restored database has the same row count and the same checksum (md5 over
its rows' text, in a fixed order) as the original; the media files come back byte for byte.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"


def fingerprint(dsn):
    """{table: (row count, checksum)} of every table of the database at `dsn`."""
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        cursor.execute(TABLES)
        tables = sorted(name for (name,) in cursor.fetchall())
        result = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM {} t"
            ).format(sql.Identifier(table))
            cursor.execute(query)
            result[table] = cursor.fetchone()
    conn.close()
    return result


def dsn_of(name):
    settings = connection.settings_dict
    user, password = settings["USER"], settings["PASSWORD"]
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgresql://{auth}{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_gives_identical_tables_and_media(postgres_only, seeded, tmp_path):
    require_service(
        "pg_dump", shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump/pg_restore not installed"
    )
    media = tmp_path / "media"
    (media / "evidence" / "2026" / "11").mkdir(parents=True)
    (media / "evidence" / "2026" / "11" / "결과보고.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    source = dsn_of(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "DJANGO_MEDIA_ROOT": str(media)}
    backup = subprocess.run(
        ["make", "-s", "backup", f"BACKUP_DIR={tmp_path / 'backups'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.split()[0])
    assert dump.stat().st_size > 0 and Path(str(dump)[: -len(".dump")] + "-media.tar.gz").exists()

    fresh = f"restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dsn_of("postgres"))
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{fresh}"')
    restored_media = tmp_path / "restored-media"
    try:
        restore = subprocess.run(
            ["make", "-s", "restore", f"FILE={dump}"],
            cwd=ROOT,
            env={**env, "DATABASE_URL": dsn_of(fresh), "DJANGO_MEDIA_ROOT": str(restored_media)},
            capture_output=True,
            text=True,
        )
        assert restore.returncode == 0, restore.stderr
        original, copy = fingerprint(source), fingerprint(dsn_of(fresh))
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
    print(f"\n{len(original)} tables, {sum(count for count, _ in original.values())} rows restored identically")
    assert len(original) > 40
    assert sum(count for count, _ in original.values()) > 100
    assert copy == original
    assert (restored_media / "evidence" / "2026" / "11" / "결과보고.pdf").read_bytes() == b"%PDF-1.7\n%%EOF\n"
