"""Where managers get the reports: the scoped download page, admin actions and the export command, all logged."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from plans.models import OrgUnit, Plan, User
from portal import roles
from portal.models import ReportDownload

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_users(roles_synced):
    return {user.username: user for user in User.objects.filter(username__startswith="nyj-")}


def download(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:download"), params)


def opened(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def unit_column(ws):
    return {row[0] for row in ws.iter_rows(min_row=5, values_only=True)}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("reports:download"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_manager_role_may_not_download(client, seed_users):
    assert download(client, seed_users["nyj-policy"], report="budget").status_code == 403
    assert not ReportDownload.objects.exists()


def test_the_page_offers_the_four_reports_and_only_units_in_scope(client, seed_users):
    response = download(client, seed_users["nyj-policy-head"])
    html = response.content.decode()
    for title in ["업무계획 추진현황", "예산 현황", "공약 이행 현황", "성과지표 달성 현황"]:
        assert title in html
    assert "정책기획과" in html and "인사과</option>" not in html


def test_a_head_of_unit_gets_their_unit_whatever_they_ask_for(client, seed_users):
    response = download(client, seed_users["nyj-policy-head"], report="plan-progress")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan-progress-')
    units = {row[4] for row in opened(response).iter_rows(min_row=5, values_only=True)}
    assert units == {"정책기획과"}
    budget = unit_column(opened(download(client, seed_users["nyj-policy-head"], report="budget")))
    assert "시 전체" not in budget and "인사과" not in budget


def test_a_head_of_unit_asking_for_another_unit_is_refused(client, seed_users):
    other = OrgUnit.objects.get(municipality__slug="namyangju", name="인사과")
    response = download(client, seed_users["nyj-policy-head"], report="budget", unit=other.pk)
    assert response.status_code == 200
    assert "선택" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not ReportDownload.objects.exists()


def test_the_coordinating_office_gets_its_whole_city_and_nothing_else(client, seed_users):
    ws = opened(download(client, seed_users["nyj-coordinator"], report="budget"))
    units = unit_column(ws)
    assert {"시 전체", "기획조정실", "인사과"} <= units
    assert "기업지원과" not in units  # 고양시


def test_every_download_is_logged_with_who_which_report_and_filters(client, seed_users):
    user = seed_users["nyj-coordinator"]
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="인사과")
    download(client, user, report="kpis", unit=unit.pk, year=2026, quarter=2)
    log = ReportDownload.objects.get()
    assert (log.user, log.report, log.channel) == (user, "kpis", "page")
    assert log.filters == {"unit": unit.pk, "year": 2026, "quarter": 2}


def test_admin_action_downloads_the_report_of_the_selected_rows_units(client, seed_users):
    from budgets.models import BudgetLine

    user = seed_users["nyj-coordinator"]
    client.force_login(user)
    line = BudgetLine.objects.filter(unit__name="인사과").first()
    response = client.post(
        reverse("admin:budgets_budgetline_changelist"),
        {"action": "download_budget_report", "_selected_action": [line.pk]},
    )
    assert response.status_code == 200
    assert unit_column(opened(response)) <= {"인사과", "인사과 소계", "합계"}
    assert ReportDownload.objects.get().channel == "admin"


def test_export_command_writes_each_report_and_logs_it(tmp_path):
    for name in ["plan-progress", "budget", "pledges", "kpis"]:
        path = tmp_path / f"{name}.xlsx"
        out = io.StringIO()
        call_command("export_report", name, str(path), "--municipality", "namyangju", "--year", "2026", stdout=out)
        assert path.exists() and "행" in out.getvalue()
    assert ReportDownload.objects.filter(channel="command", user=None).count() == 4
    ws = openpyxl.load_workbook(tmp_path / "budget.xlsx").active
    assert any(cell.value == 253363 for cell in ws["G"])


def test_export_command_refuses_unknown_names_and_units(tmp_path):
    with pytest.raises(CommandError):
        call_command("export_report", "salaries", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="조직"):
        call_command("export_report", "budget", str(tmp_path / "x.xlsx"), "--unit", "없는과")
    assert not ReportDownload.objects.exists()


def test_managers_hold_the_download_permission_and_staff_do_not(seed_users):
    assert roles.MANAGER in seed_users["nyj-policy-head"].role_names
    assert seed_users["nyj-policy-head"].has_perm("portal.download_report")
    assert User.objects.get(pk=seed_users["nyj-coordinator"].pk).has_perm("portal.download_report")
    assert not seed_users["nyj-policy"].has_perm("portal.download_report")


def test_export_command_narrows_to_one_plan(tmp_path):
    path = tmp_path / "seoul.xlsx"
    call_command(
        "export_report", "plan-progress", str(path), "--plan", "seoul-2018-innovation-growth", stdout=io.StringIO()
    )
    plans = {row[0] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=5, values_only=True)}
    assert plans == {"서울 미래 혁신성장 프로젝트 추진계획"}
    assert ReportDownload.objects.get().filters == {"plan": Plan.objects.get(slug="seoul-2018-innovation-growth").pk}
    with pytest.raises(CommandError, match="업무계획을 찾을 수 없습니다"):
        call_command("export_report", "budget", str(path), "--plan", "없는-계획")
