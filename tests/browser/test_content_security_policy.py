"""In a real browser, no page of ours (public or admin, widgets opened) breaks the Content-Security-Policy."""

import pytest

from plans.models import Task, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "csp-check-2026"
LISTEN = """document.addEventListener('securitypolicyviolation', e =>
  console.log('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber))"""


@pytest.fixture
def strict_page(browser):
    """A page that obeys the Content-Security-Policy (the shared `page` lets test scripts in)."""
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def visit_all(page, base_url, paths):
    violations = []
    page.on("console", lambda message: message.text.startswith("CSP violation") and violations.append(message.text))
    page.add_init_script(LISTEN)
    for path in paths:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        for widget in (".select2-selection", ".datetimeshortcuts a", ".selector-chooseall"):
            shown = page.locator(f"{widget}:visible")  # an inline's blank template row is hidden
            if shown.count():
                shown.first.click()
    return violations


def test_public_pages_raise_no_violation(strict_page, live_server, seeded):
    paths = ["/", "/namyangju/plans/", "/namyangju/budgets/", "/goyang/pledges/", "/seoul/indicators/", "/api/v1/docs/"]
    assert visit_all(strict_page, live_server.url, paths) == []


def test_admin_pages_and_their_widgets_raise_no_violation(strict_page, live_server, seeded):
    coordinator = User.objects.get(username="nyj-coordinator")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    page = strict_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    task = Task.objects.filter(lead_unit__municipality__slug="namyangju").first()
    paths = [
        "/admin/",
        "/admin/plans/task/",
        f"/admin/plans/task/{task.pk}/change/",
        "/admin/plans/progressreport/add/",
        "/admin/budgets/budgetline/add/",
        "/admin/plans/user/add/",
        "/reports/",
    ]
    assert visit_all(page, live_server.url, paths) == []
