"""The three texts of a pledge side by side on a desktop, stacked on a phone, marked in words, accessible."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def texts_page(live_server, seeded):
    from pledges.models import Pledge, TargetDecision
    from tests.pledges.plan_data import ELECTION, PLAN, approved_text, target

    pledge = Pledge.objects.get(code="1-2-4")
    approved_text(pledge, "election", None, **ELECTION)
    approved_text(pledge, "plan", None, **PLAN, lead_unit=pledge.lead_unit)
    approved_text(pledge, "current", None, **{**PLAN, "goal": "기업 12개 유치"}, lead_unit=pledge.lead_unit)
    target(pledge, 2019, TargetDecision.PARTLY)
    return live_server.url + pledge.get_absolute_url()


def cell_display(page):
    return page.evaluate("getComputedStyle(document.querySelector('.texts-table tbody td')).display")


def test_the_texts_stand_side_by_side_on_a_desktop(page, texts_page):
    page.goto(texts_page)
    assert cell_display(page) == "table-cell"
    headers = page.locator(".texts-table thead th").all_inner_texts()
    assert [header.split("\n")[0] for header in headers] == [
        "항목",
        "선거공보·공약서",
        "실천계획",
        "현재 추진 내용",
        "일치 여부",
    ]
    assert axe_violations(page) == []
    screenshot(page, "pledge-texts-desktop")


def test_the_texts_stack_on_a_phone_with_every_cell_named_and_marked_in_words(phone_page, texts_page):
    page = phone_page
    page.goto(texts_page)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert cell_display(page) == "block"
    goal_row = page.locator(".texts-table tbody tr").first
    assert "[앞과 다름]" in goal_row.inner_text() and "변경" in goal_row.inner_text()
    label = page.evaluate("getComputedStyle(document.querySelector('.texts-table tbody td'), '::before').content")
    assert label == '"선거공보·공약서"'
    assert page.get_by_text("일부 달성").first.is_visible()
    violations = axe_violations(page)
    print("axe-core WCAG 2.1 AA violations on the pledge texts (phone):", violations)
    assert violations == []
    screenshot(page, "pledge-texts-phone")
