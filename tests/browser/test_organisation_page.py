"""The organisation page in a real browser: keyboard skip link, accessibility, phone width."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation_url(live_server, seeded):
    return f"{live_server.url}/namyangju/organisation/"


def test_skip_link_is_the_first_tab_stop_and_lands_on_the_main_content(page, organisation_url):
    page.goto(organisation_url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "본문 바로가기"
    assert page.locator("#krds-skip-link a").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    screenshot(page, "organisation-desktop")


def test_organisation_page_has_no_wcag_21_aa_violation(page, organisation_url):
    page.goto(organisation_url)
    assert page.title() == "남양주시 조직도 | 시정계획 포털"
    assert page.locator("main h1").inner_text() == "남양주시 조직도"
    violations = axe_violations(page)
    print("axe-core WCAG 2.1 AA violations on the organisation page:", violations)
    assert violations == []


def test_organisation_page_fits_a_phone_screen(phone_page, organisation_url):
    phone_page.goto(organisation_url)
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert phone_page.get_by_text("정원 119명 · 현원 126명").first.is_visible()
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "organisation-phone")


def test_language_switch_reaches_the_english_page(page, organisation_url):
    page.goto(organisation_url)
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/namyangju/organisation/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text() == "Namyangju-si organisation"  # the city's recorded English name
