"""A database migrated before the shared machinery moved to `portal` migrates forward with nothing lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_MOVE = [("plans", "0004_report_download"), ("portal", None)]


def migrate(targets):
    """Run the migrations to `targets` and return the project state there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_report_downloads_and_their_permission_survive_the_move_to_portal():
    old = migrate(BEFORE_MOVE)
    User = old.get_model("plans", "User")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    user = User.objects.create(username="before-move")
    download = old.get_model("plans", "ReportDownload").objects.create(
        user=user, report="budget", filters={"year": 2026}, channel="page", rows=42
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="plans", model="reportdownload")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="download_report", defaults={"name": "관리용 엑셀 보고서 내려받기"}
    )

    new = migrate(latest())
    moved = new.get_model("portal", "ReportDownload").objects.get(pk=download.pk)
    assert (moved.user_id, moved.report, moved.filters, moved.channel, moved.rows) == (
        user.pk,
        "budget",
        {"year": 2026},
        "page",
        42,
    )
    relabelled = new.get_model("auth", "Permission").objects.select_related("content_type").get(pk=permission.pk)
    assert (relabelled.content_type.app_label, relabelled.codename) == ("portal", "download_report")
    assert "portal_reportdownload" in connection.introspection.table_names()
    assert "plans_reportdownload" not in connection.introspection.table_names()
