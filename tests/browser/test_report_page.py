"""The managers' reports page in a real browser: reached from the admin, previewed, accessible."""

import pytest

from plans.models import OrgUnit
from portal import roles
from tests.browser.conftest import axe_violations, screenshot
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "reports-page-2026"


@pytest.fixture
def coordinator(seeded):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    user = staff_user(office, role=roles.COORDINATOR, username="reports-coordinator")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_manager_goes_from_the_admin_to_a_preview_of_the_budget_report(page, live_server, coordinator):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.locator("#user-tools").get_by_role("link", name="관리용 보고서").click()
    page.wait_for_url("**/reports/")
    section = page.locator("section:has(#report-budget)")
    section.get_by_label("연도").fill("2026")
    section.get_by_role("button", name="미리 보기").click()
    page.wait_for_url("**preview=1**")
    preview = page.locator("table.report-preview")
    assert "253,363" in preview.inner_text()
    assert preview.locator("tbody tr").count() == 10
    assert axe_violations(page) == []
    screenshot(page, "reports-page-budget-preview")
