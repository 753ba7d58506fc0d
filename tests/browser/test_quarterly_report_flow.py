"""A quarterly report from a staff member's draft to a citizen's screen, in a real browser."""

import datetime

import pytest
import time_machine

from plans.models import OrgUnit, ProgressReport, Task
from portal import roles
from tests.browser.conftest import screenshot
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "quarterly-report-2026"


@pytest.fixture
def people(seeded):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    staff = staff_user(unit, username="flow-staff")
    manager = staff_user(unit, role=roles.MANAGER, username="flow-head")
    for user in (staff, manager):
        user.set_password(PASSWORD)
        user.save()
    return staff, manager


def log_in(browser, base_url, username):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def test_staff_file_and_submit_a_report_the_head_approves_and_citizens_see_it(browser, live_server, people):
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC)):
        page = log_in(browser, live_server.url, "flow-staff")
        page.goto(f"{live_server.url}/admin/plans/progressreport/add/?task={task.pk}")
        assert page.locator("#id_year").input_value() == "2026"
        assert page.locator("#id_quarter").input_value() == "4"
        page.select_option("#id_status", "on_track")
        page.fill("#id_progress", "40")
        page.fill("#id_narrative", "정책현장투어 2회와 정책포럼 1회를 열었습니다.")
        page.click("input[name=_save]")
        report = ProgressReport.objects.get(task=task)
        assert report.state == "draft"
        page.goto(f"{live_server.url}/admin/plans/progressreport/{report.pk}/change/")
        page.get_by_role("button", name="제출").click()
        page.wait_for_load_state()
        assert "실적을 제출했습니다" in page.content()
        page.context.close()

        citizen = browser.new_page()
        citizen.goto(f"{live_server.url}{task.get_absolute_url()}")
        assert "정책현장투어 2회" not in citizen.content()
        citizen.close()

        page = log_in(browser, live_server.url, "flow-head")
        page.goto(f"{live_server.url}/admin/plans/progressreport/{report.pk}/change/")
        page.get_by_role("button", name="승인").click()
        page.wait_for_load_state()
        assert "실적을 승인했습니다" in page.content()
        screenshot(page, "admin-progress-approved")
        page.context.close()

        citizen = browser.new_page(viewport={"width": 1280, "height": 900})
        citizen.goto(f"{live_server.url}{task.get_absolute_url()}")
        body = citizen.locator("main").inner_text()
        assert "정책현장투어 2회와 정책포럼 1회를 열었습니다." in body
        assert "추진률 40%" in body
        assert "2026년 4분기" in body
        screenshot(citizen, "task-after-approval")
        citizen.close()
    report.refresh_from_db()
    assert report.state == "approved"
