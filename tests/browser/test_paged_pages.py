"""Paged public pages in a real browser at 390 px and 1366 px: fit the screen, pass axe, page by keyboard."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.portal.city import build_city
from tests.portal.test_bounded_pages import urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["plan", "unit", "search", "organisation", "indicators", "calendar", "tracker", "budget", "plan_list"]
WIDTHS = {"phone": 390, "desktop": 1366}


@pytest.fixture
def city_urls(live_server, seeded):
    """A city twice the base size (every list runs to several pages) next to the seeds."""
    return {name: f"{live_server.url}{url}" for name, url in urls(build_city(2, "paged")).items()} | {
        "seed_budget": f"{live_server.url}/goyang/budgets/",
        "seed_organisation": f"{live_server.url}/namyangju/organisation/",
    }


@pytest.fixture(params=list(WIDTHS))
def sized_page(browser, request):
    width = WIDTHS[request.param]
    context = browser.new_context(
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        has_touch=width < 600,
        bypass_csp=True,  # axe-core is injected as a script; the CSP itself is tested on its own
    )
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


@pytest.mark.parametrize("name", [*PAGES, "seed_budget", "seed_organisation"])
def test_paged_page_fits_the_screen_and_has_no_wcag_21_aa_violation(sized_page, city_urls, name):
    sized_page.goto(city_urls[name])
    overflow = sized_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(sized_page, f"paged-{name}-{sized_page.width_name}")
    assert overflow <= 0, overflow
    violations = axe_violations(sized_page)
    assert violations == [], violations
    if name in PAGES:
        assert sized_page.locator(".krds-pagination").first.is_visible()


def test_the_next_page_link_is_reached_by_keyboard_and_shows_the_next_tasks(page, city_urls):
    page.goto(city_urls["plan"])
    first = page.locator(".task-card-title").first.inner_text()
    link = page.locator(".krds-pagination a.page-navi.next")
    link.focus()
    assert page.evaluate("document.activeElement.classList.contains('next')")
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2*")
    assert page.locator(".krds-pagination a.page-link.active").inner_text().strip().endswith("2")
    assert page.locator(".task-card-title").first.inner_text() != first
