"""Plan and task pages in a real browser: accessibility, phone width and the keyboard-driven filter form."""

import datetime

import pytest

from plans.models import OrgUnit, ProgressReport, Task
from tests.browser.conftest import axe_violations, screenshot
from tests.factories import ProgressReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_PATH = "/namyangju/plans/namyangju-2026-planning-office/"


@pytest.fixture
def reported(seeded):
    """Approved reports on three tasks (so bars and badges are on the page) and a draft that must stay hidden."""
    tasks = {task.code: task for task in Task.objects.filter(strategy__plan__slug="namyangju-2026-planning-office")}
    approved = {"state": ProgressReport.State.APPROVED, "year": 2026}
    for code, quarter, status, progress in [
        ("1-1", 2, ProgressReport.Status.ON_TRACK, 50),
        ("1-1", 3, ProgressReport.Status.ON_TRACK, 65),
        ("1-2", 3, ProgressReport.Status.DELAYED, 30),
        ("4-2", 3, ProgressReport.Status.DONE, 100),
    ]:
        ProgressReportFactory(
            task=tasks[code],
            quarter=quarter,
            status=status,
            progress=progress,
            narrative=f"{code} {quarter}분기 추진실적\n  - 세부 실적",
            problems="일부 일정 지연" if status == ProgressReport.Status.DELAYED else "",
            next_steps="다음 분기 계획",
            reviewed_at=datetime.datetime(2026, quarter * 3 + 1, 12, 1, 0, tzinfo=datetime.UTC),
            **approved,
        )
    ProgressReportFactory(task=tasks["1-3"], quarter=3, progress=90, narrative="작성중 초안")
    return tasks


@pytest.fixture
def plan_url(live_server, reported):
    return f"{live_server.url}{PLAN_PATH}"


@pytest.fixture
def task_url(live_server, reported):
    return f"{live_server.url}{PLAN_PATH}tasks/1-1/"


@pytest.mark.parametrize("which", ["plan", "task"])
def test_plan_and_task_pages_have_no_wcag_21_aa_violation(page, plan_url, task_url, which):
    page.goto(plan_url if which == "plan" else task_url)
    violations = axe_violations(page)
    print(f"axe-core WCAG 2.1 AA violations on the {which} page:", violations)
    assert violations == []
    screenshot(page, f"{which}-desktop")


@pytest.mark.parametrize("which", ["plan", "task"])
def test_plan_and_task_pages_fit_a_phone_screen(phone_page, plan_url, task_url, which):
    phone_page.goto(plan_url if which == "plan" else task_url)
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert phone_page.get_by_text("추진률 65%").first.is_visible()
    assert axe_violations(phone_page) == []
    screenshot(phone_page, f"{which}-phone")


def test_plan_page_titles_and_headings(page, plan_url):
    page.goto(plan_url)
    assert page.title() == "2026년 기획조정실 업무계획 - 남양주시 | 시정계획 포털"
    assert page.locator("main h1").inner_text() == "2026년 기획조정실 업무계획"
    assert page.locator("text=작성중 초안").count() == 0
    assert page.locator("text=90%").count() == 0


def tab_to(page, element_id, limit=120):
    """Press Tab until the element with `element_id` has focus; fail if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} was not reached by keyboard")


def test_filter_form_works_by_keyboard(page, plan_url):
    policy = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    page.goto(plan_url)
    tab_to(page, "filter-unit")
    page.keyboard.press("ArrowDown")  # the first unit: 정책기획과
    assert page.locator("#filter-unit").input_value() == str(policy.pk)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-status"
    page.keyboard.press("ArrowDown")  # 추진예정
    page.keyboard.press("ArrowDown")  # 정상추진
    assert page.locator("#filter-status").input_value() == "on_track"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "과제 보기"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{PLAN_PATH}?unit={policy.pk}&status=on_track#tasks")
    results = page.locator("#tasks ~ .strategy .task-card-title a, section[aria-labelledby=tasks] .task-card-title a")
    assert [text.split()[0] for text in results.all_inner_texts()] == ["1-1"]
    assert page.get_by_text("조건에 맞는 중점 추진과제 1개").is_visible()
    assert page.locator("#filter-unit").input_value() == str(policy.pk)
    assert page.locator("#filter-status").input_value() == "on_track"
    screenshot(page, "plan-filtered")
