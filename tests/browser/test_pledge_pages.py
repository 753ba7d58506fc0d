"""The pledge tracker and timeline in a real browser, on a phone-sized screen."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def goyang_pledges(live_server, seeded):
    from plans.models import OrgUnit
    from pledges.models import Pledge, PledgeStatus

    first = Pledge.objects.get(code="1-2-4")
    other = OrgUnit.objects.create(municipality=first.lead_unit.municipality, name="일자리정책과", kind="division")
    Pledge.objects.create(
        term=first.term, code="2-1-1", title="청년 일자리 확대", lead_unit=other, status=PledgeStatus.ON_TRACK
    )
    return f"{live_server.url}/goyang/pledges/"


def test_tracker_filters_work_by_keyboard_on_a_phone(phone_page, goyang_pledges):
    page = phone_page
    page.goto(goyang_pledges)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert page.get_by_text("완료율 0.0%").is_visible()
    rows = page.locator("table:has(caption:has-text('조건에 맞는 공약')) tbody tr")
    assert rows.count() == 2
    page.get_by_label("이행 상태").focus()
    page.keyboard.press("End")  # the last status option
    page.get_by_label("이행 상태").select_option("on_track")
    page.get_by_role("button", name="적용").press("Enter")
    page.wait_for_url("**status=on_track**")
    assert rows.count() == 1
    assert "청년 일자리 확대" in rows.first.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "pledge-tracker-phone")


def test_pledge_timeline_reads_on_a_phone(phone_page, goyang_pledges):
    page = phone_page
    page.goto(goyang_pledges)
    page.get_by_role("link", name="남북경제교류관련 기업유치 기반조성").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "남북경제교류관련 기업유치 기반조성"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    timeline = page.locator(".pledge-timeline")
    assert timeline.locator("time[datetime='2019-10-15']").count() == 1
    assert timeline.locator("time[datetime='2021-05-17']").count() == 1
    assert page.get_by_text("수료자 : 총 78명 신청 / 55명(71%) 수료").is_visible()
    violations = axe_violations(page)
    print("axe-core WCAG 2.1 AA violations on the pledge page:", violations)
    assert violations == []
    screenshot(page, "pledge-timeline-phone")
