"""The managers' reports page on KRDS: filters per report, a preview of the first rows, the log."""

from html import unescape

import pytest
from django.urls import reverse

from plans.models import Plan, User
from portal.models import ReportDownload

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(roles_synced):
    return User.objects.get(username="nyj-policy-head")


@pytest.fixture
def coordinator(roles_synced):
    return User.objects.get(username="nyj-coordinator")


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("reports:download"), params)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_page_is_on_krds_with_one_filter_form_per_report(client, head):
    html = page(client, head)
    assert "krds/css/component/output.css" in html and "admin/css/base.css" not in html
    for name, title in [("plan-progress", "업무계획 추진현황"), ("budget", "예산 현황"), ("pledges", "공약 이행 현황")]:
        section = html.split(f'id="report-{name}"')[1].split("</section>")[0]
        assert title in section
        for label in ["지방자치단체", "조직", "업무계획", "연도", "기간(분기)"]:
            assert f">{label}</label>" in section, (name, label)
        assert f'id="id_{name}_year"' in section
        assert "미리 보기" in section and "엑셀 내려받기" in section


def test_preview_shows_the_first_rows_with_seed_figures_and_logs_nothing(client, coordinator):
    plan = Plan.objects.get(slug="namyangju-2026-planning-office")
    html = page(client, coordinator, report="budget", preview="1", plan=plan.pk, year=2026)
    preview = html.split('class="tbl col data report-preview"')[1].split("</table>")[0]
    assert "예산 현황: 앞 10행 미리 보기" in preview and "(단위: 백만원)" in preview
    assert "253,363" in preview and "2,109,797" not in preview  # the plan filter leaves the city total out
    assert preview.count("<tr") == 11  # header + 10 rows
    assert not ReportDownload.objects.exists()


def test_preview_of_the_plan_report_shows_tasks_and_their_blank_periods(client, coordinator):
    html = page(client, coordinator, report="plan-progress", preview="1")
    preview = html.split('class="tbl col data report-preview"')[1].split("</table>")[0]
    assert "미래형 자족도시를 향한 정책기획 네트워크 강화" in preview
    assert "2026.01.~2026.12." not in preview


def test_download_is_logged_and_shown_in_the_log_with_its_filters(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reports:download"), {"report": "kpis", "year": 2026})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    b"".join(response.streaming_content)
    log = page(client, coordinator).split('id="report-log"')[1]
    assert "성과지표 달성 현황" in log and "남양주시 · 2026년" in log and "내려받기 화면" in log


def test_a_plan_of_another_city_is_refused_with_a_message(client, head):
    seoul = Plan.objects.get(slug="seoul-2018-innovation-growth")
    html = page(client, head, report="plan-progress", preview="1", plan=seoul.pk)
    assert "report-preview" not in html
    assert "선택" in html  # the plan is not a choice of a Namyangju head of unit
    assert not ReportDownload.objects.exists()


def test_admin_pages_link_the_reports_page_in_the_header_and_user_menu(client, head):
    client.force_login(head)
    html = client.get(reverse("admin:index")).content.decode()
    assert html.count(f'href="{reverse("reports:download")}"') >= 2


def test_staff_without_the_download_permission_see_no_link(client, roles_synced):
    client.force_login(User.objects.get(username="nyj-policy"))
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("reports:download") not in html


@pytest.mark.parametrize("name", ["plan-progress", "budget", "pledges", "kpis"])
def test_preview_query_count_holds_under_tenfold_data(client, coordinator, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plans.report_data import multiply_seed

    client.force_login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:download"), {"report": name, "preview": "1"}).status_code == 200
        return len(captured.captured_queries)

    before = count()
    multiply_seed(9)
    assert count() == before
