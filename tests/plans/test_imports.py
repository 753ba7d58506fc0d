"""Excel import of quarterly progress reports: template, preview, messages, idempotence, hostile files."""

import datetime
import io

import openpyxl
import openpyxl.xml
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from kpis.imports import measurement_import_template
from kpis.models import Measurement
from plans.imports import preview_progress_import, progress_import_template, progress_template_tasks
from plans.models import OrgUnit, ProgressReport, Task
from plans.services import progress_report_save, progress_report_submit, progress_reports_import
from portal.periods import quarter as Quarter
from portal.spreadsheet import UNCHANGED
from tests.factories import staff_user
from tests.plans.hostile_uploads import hostile_params

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
Q4 = Quarter(2026, 4)
PLAN = "namyangju-2026-planning-office"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def units(seeded):
    get = lambda name: OrgUnit.objects.get(municipality__slug="namyangju", name=name)  # noqa: E731
    return {"policy": get("정책기획과"), "budget": get("예산과")}


@pytest.fixture
def staff(units, roles_synced):
    return staff_user(units["policy"])


def template(user, quarter=Q4):
    out = io.BytesIO()
    progress_import_template(user=user, period=quarter, target=out)
    return out.getvalue()


def sheet_rows(data):
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [row for row in ws.iter_rows(min_row=4, values_only=True) if any(row)]


def filled(user, entries, quarter=Q4, extra_rows=()):
    """The user's template with `entries` {code: (status, progress, narrative)} typed in, plus extra rows."""
    workbook = openpyxl.load_workbook(io.BytesIO(template(user, quarter)))
    ws = workbook.active
    for row in ws.iter_rows(min_row=4):
        if row[1].value in entries:
            status, progress, narrative = entries[row[1].value]
            row[5].value, row[6].value, row[7].value = status, progress, narrative
    for values in extra_rows:
        ws.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts():
    return (
        ProgressReport.objects.count(),
        ProgressReport.history.count(),
        Measurement.objects.count(),
        Measurement.history.count(),
    )


def refusal(user, data):
    with pytest.raises(ValidationError) as caught:
        progress_reports_import(user=user, uploaded=io.BytesIO(data))
    return " ".join(caught.value.messages)


GOOD = {"1-1": ("정상추진", 40, "추진 중"), "1-2": ("지연", 10, "착수 지연")}


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_template_holds_exactly_the_users_tasks_for_the_quarter(staff):
    rows = sheet_rows(template(staff))
    assert {row[1] for row in rows} == {"1-1", "1-2", "1-3", "1-4"}
    assert {task.code for task in progress_template_tasks(staff, Q4)} == {"1-1", "1-2", "1-3", "1-4"}
    assert all((row[0], row[3], row[4]) == (PLAN, 2026, 4) for row in rows)
    ws = openpyxl.load_workbook(io.BytesIO(template(staff))).active
    assert ws["A1"].value == "plan-progress-import v1"
    assert ws["B3"].value == "과제번호"


def test_template_shows_the_report_already_filed(staff):
    task = Task.objects.get(strategy__plan__slug=PLAN, code="1-3")
    progress_report_save(user=staff, task=task, year=2026, quarter=4, status="delayed", progress=20, narrative="지연")
    row = next(row for row in sheet_rows(template(staff)) if row[1] == "1-3")
    assert row[5:8] == ("지연", 20, "지연")


def test_preview_lists_actions_and_writes_nothing(staff):
    before = counts()
    preview = preview_progress_import(io.BytesIO(filled(staff, GOOD)), user=staff)
    assert [(row.number, row.action) for row in preview.rows] == [(4, "create"), (5, "create")]
    assert preview.errors == []
    assert counts() == before


def test_good_file_creates_draft_reports_authored_by_the_importer(staff):
    progress_reports_import(user=staff, uploaded=io.BytesIO(filled(staff, GOOD)))
    reports = {r.task.code: r for r in ProgressReport.objects.select_related("task")}
    assert set(reports) == {"1-1", "1-2"}
    first = reports["1-1"]
    assert (first.state, first.author, first.status, first.progress, first.narrative) == (
        "draft",
        staff,
        "on_track",
        40,
        "추진 중",
    )
    assert first.history.first().history_user == staff


def test_importing_the_same_file_twice_changes_nothing_the_second_time(staff):
    data = filled(staff, GOOD)
    progress_reports_import(user=staff, uploaded=io.BytesIO(data))
    after_first = counts()
    updated = list(ProgressReport.objects.order_by("pk").values_list("updated_at", flat=True))
    preview = progress_reports_import(user=staff, uploaded=io.BytesIO(data))
    assert {row.action for row in preview.rows} == {UNCHANGED}
    assert counts() == after_first
    assert list(ProgressReport.objects.order_by("pk").values_list("updated_at", flat=True)) == updated


def test_changed_row_updates_the_existing_report(staff):
    progress_reports_import(user=staff, uploaded=io.BytesIO(filled(staff, GOOD)))
    preview = progress_reports_import(
        user=staff, uploaded=io.BytesIO(filled(staff, {**GOOD, "1-1": ("완료", 100, "완료함")}))
    )
    assert [row.action for row in preview.rows] == ["update", "unchanged"]
    report = ProgressReport.objects.get(task__code="1-1", task__strategy__plan__slug=PLAN)
    assert (report.status, report.progress) == ("done", 100)
    assert ProgressReport.objects.count() == 2


@pytest.mark.parametrize(
    ("entries", "extra", "message"),
    [
        ({"1-1": ("정상추진", "abc", "x")}, [], "4행 [추진률(%)] 숫자가 아닙니다: 'abc'"),
        ({"1-1": ("정상추진", 150, "x")}, [], "4행 [추진률(%)] 추진률은 0에서 100 사이여야 합니다."),
        ({"1-1": ("정상추진", 40.5, "x")}, [], "4행 [추진률(%)] 정수가 아닙니다"),
        ({"1-1": ("순조로움", 40, "x")}, [], "4행 [추진상태] '순조로움'은(는) 쓸 수 없습니다"),
        ({"1-1": ("정상추진", 40, "")}, [], "4행 [추진실적] 추진실적을 입력하세요."),
        ({}, [[PLAN, "9-99", "없는 과제", 2026, 4, "정상추진", 10, "x"]], "[과제번호] 과제 '9-99'(업무계획"),
        (
            {},
            [[PLAN, "3-4", "예산 과제", 2026, 4, "정상추진", 10, "x"]],
            "[과제번호] 과제 '3-4'는 소속 부서의 과제가 아닙니다.",
        ),
        (
            {"1-1": ("정상추진", 40, "x")},
            [[PLAN, "1-1", "중복", 2026, 4, "정상추진", 10, "x"]],
            "4행과 같은 항목이 다시 나옵니다 (중복 행).",
        ),
        ({}, [[PLAN, "1-3", "x", 2026, 3, "정상추진", 10, "x"]], "2026년 3분기 실적은 2026-10-26에 마감되어"),
        ({}, [[PLAN, "1-3", "x", 2027, 1, "정상추진", 10, "x"]], "사업기간(2026.01. ~ 2026.12.) 밖입니다"),
        ({}, [[PLAN, "1-3", "x", 2026, 5, "정상추진", 10, "x"]], "[분기] 1에서 4 사이여야 합니다."),
        ({}, [[PLAN, "1-3", "x", "이천", 4, "정상추진", 10, "x"]], "[연도] 숫자가 아닙니다: '이천'"),
    ],
    ids=[
        "progress-abc",
        "progress-150",
        "progress-fraction",
        "status-not-in-vocabulary",
        "narrative-missing",
        "unknown-task",
        "task-of-another-unit",
        "duplicate-row",
        "locked-quarter",
        "outside-task-period",
        "quarter-5",
        "year-text",
    ],
)
def test_bad_row_gets_its_message_and_nothing_is_written(staff, entries, extra, message):
    data = filled(staff, {"1-2": ("정상추진", 30, "정상"), **entries}, extra_rows=extra)
    before = counts()
    preview = preview_progress_import(io.BytesIO(data), user=staff)
    assert message in " ".join(preview.errors)
    assert message in refusal(staff, data)
    assert counts() == before


def test_report_already_submitted_cannot_be_changed_by_import(staff):
    task = Task.objects.get(strategy__plan__slug=PLAN, code="1-1")
    report = progress_report_save(
        user=staff, task=task, year=2026, quarter=4, status="on_track", progress=5, narrative="a"
    )
    progress_report_submit(user=staff, report=report)
    message = refusal(staff, filled(staff, {"1-1": ("완료", 100, "b")}))
    assert "4행 [업무계획] 제출 상태의 실적은 고칠 수 없습니다." in message


def test_lock_is_checked_again_when_the_import_is_confirmed(staff):
    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC), tick=False):
        data = filled(staff, GOOD, quarter=Quarter(2026, 3))
        assert preview_progress_import(io.BytesIO(data), user=staff).errors == []
    assert "마감되어" in refusal(staff, data)
    assert ProgressReport.objects.count() == 0


@pytest.mark.parametrize(("build", "expected", "overrides"), hostile_params())
def test_hostile_or_malformed_upload_is_refused_and_changes_no_table(staff, settings, build, expected, overrides):
    good, other = filled(staff, GOOD), kpi_template(staff)
    for name, value in overrides.items():
        setattr(settings, name, value)
    before = counts()
    message = refusal(staff, build(good, other))
    assert any(fragment in message for fragment in expected), message
    assert counts() == before


def kpi_template(user):
    out = io.BytesIO()
    measurement_import_template(user=user, period=Q4, target=out)
    return out.getvalue()


def test_admin_walks_upload_preview_confirm(client, staff):
    client.force_login(staff)
    changelist = client.get(reverse("admin:plans_progressreport_changelist")).content.decode()
    url = reverse("admin:plans_progressreport_import")
    assert url in changelist
    page = client.get(url)
    assert page.status_code == 200
    download = client.get(reverse("admin:plans_progressreport_import_template"), {"year": 2026, "period": "quarter-4"})
    assert {row[1] for row in sheet_rows(b"".join(download.streaming_content))} == {"1-1", "1-2", "1-3", "1-4"}

    upload = io.BytesIO(filled(staff, GOOD))
    upload.name = "progress.xlsx"
    preview = client.post(url, {"file": upload})
    text = preview.content.decode()
    assert "가져오기 확정" in text
    assert "새로 작성 2건" in text
    assert ProgressReport.objects.count() == 0
    token = preview.context["token"]

    forged = client.post(url, {"confirm": "1", "token": "forged"})
    assert forged.status_code == 302
    assert ProgressReport.objects.count() == 0

    done = client.post(url, {"confirm": "1", "token": token})
    assert done.status_code == 302
    assert done.url == reverse("admin:plans_progressreport_changelist")
    assert ProgressReport.objects.filter(author=staff, state="draft").count() == 2
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 302
    assert ProgressReport.objects.count() == 2


def test_admin_preview_with_errors_shows_every_message_and_no_confirm_button(client, staff):
    client.force_login(staff)
    upload = io.BytesIO(filled(staff, {"1-1": ("정상추진", "abc", "x"), "1-2": ("모름", 30, "x")}))
    upload.name = "progress.xlsx"
    text = client.post(reverse("admin:plans_progressreport_import"), {"file": upload}).content.decode()
    assert "숫자가 아닙니다: &#x27;abc&#x27;" in text
    assert "&#x27;모름&#x27;은(는) 쓸 수 없습니다" in text
    assert "가져오기 확정" not in text
    assert ProgressReport.objects.count() == 0


def test_admin_refuses_a_hostile_file_with_its_reason(client, staff):
    client.force_login(staff)
    upload = io.BytesIO(b"MZ\x90\x00 not a workbook")
    upload.name = "report.xlsx"
    response = client.post(reverse("admin:plans_progressreport_import"), {"file": upload})
    assert "받을 수 없는 파일 형식입니다" in response.content.decode()
    assert "가져오기 확정" not in response.content.decode()


def test_import_screen_needs_the_add_permission(client, units):
    client.force_login(staff_user(units["policy"], role=None))
    response = client.get(reverse("admin:plans_progressreport_import"))
    assert response.status_code == 403
