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


@pytest.mark.django_db(transaction=True)
def test_monthly_reminder_records_become_outbox_rows_and_unsent_ones_are_not_sent_late():
    old = migrate(
        [("kpis", "0002_measurement_review"), ("portal", "0004_data_generation"), ("plans", "0010_user_event_notices")]
    )
    User = old.get_model("plans", "User")
    Reminder = old.get_model("kpis", "Reminder")
    person = User.objects.create(username="had-digests", email="had-digests@example.com")
    items = {"reports": [{"title": "1-1 과제", "detail": "2026년 1분기 추진실적 미제출"}], "escalated": []}
    import datetime

    sent = Reminder.objects.create(
        user=person,
        month=datetime.date(2026, 5, 1),
        status="sent",
        subject="[시정계획 포털] 2026년 5월 업무 알림 (1건)",
        items=items,
        attempts=1,
        sent_at=datetime.datetime(2026, 5, 1, 0, 5, tzinfo=datetime.UTC),
    )
    Reminder.objects.create(user=person, month=datetime.date(2026, 6, 1), subject="6월", items=items)

    new = migrate(latest())
    rows = {row.key: row for row in new.get_model("portal", "OutboxMessage").objects.all()}
    may, june = rows[f"digest:{person.pk}:2026-05"], rows[f"digest:{person.pk}:2026-06"]
    assert (may.state, may.attempts, may.sent_at, may.subject) == ("sent", 1, sent.sent_at, sent.subject)
    assert "1-1 과제: 2026년 1분기 추진실적 미제출" in may.body and may.created_at == sent.created_at
    assert june.state == "failed" and june.last_error  # superseded by the daily reminders, never sent late
    assert "kpis_reminder" not in connection.introspection.table_names()
