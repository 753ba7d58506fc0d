"""Home, plan and unit pages with their roll-ups, at 390 px and 1366 px: no WCAG 2.1 AA violation, nothing cut off."""

import datetime

import pytest

from plans.models import OrgUnit, ProgressReport, Task
from tests.browser.conftest import SCREENSHOTS, axe_violations, screenshot
from tests.factories import ProgressReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1366}


@pytest.fixture
def paths(seeded):
    """Approved reports on 인사과's three budgeted tasks and one of 예산과's, so every roll-up has a figure."""
    tasks = {task.code: task for task in Task.objects.filter(strategy__plan__slug="namyangju-2026-planning-office")}
    for code, progress in [("3-1", 10), ("3-2", 40), ("3-3", 70), ("3-4", 50), ("2-1", 30)]:
        ProgressReportFactory(
            task=tasks[code],
            progress=progress,
            state=ProgressReport.State.APPROVED,
            reviewed_at=datetime.datetime(2026, 7, 12, tzinfo=datetime.UTC),
        )
    units = OrgUnit.objects.filter(municipality__slug="namyangju")
    return {
        "home": "/",
        "home-en": "/en/",
        "plan-rollup": "/namyangju/plans/namyangju-2026-planning-office/",
        "unit-rollup": units.get(name="인사과").get_absolute_url(),
        "unit-unreported": units.get(name="예산과").get_absolute_url(),
    }


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("which", ["home", "home-en", "plan-rollup", "unit-rollup", "unit-unreported"])
def test_rollup_pages_fit_and_pass_axe(browser, live_server, paths, which, width):
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{paths[which]}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert axe_violations(page) == []
        screenshot(page, f"{which}-{WIDTHS[width]}")
        if which == "plan-rollup":
            # The page is long: keep the strategy roll-ups on their own too.
            table = page.locator(".strategy-overview").locator("xpath=..")
            table.screenshot(path=str(SCREENSHOTS / f"{which}-table-{WIDTHS[width]}.png"))
    finally:
        context.close()
