"""A 공약 조정 from the unit's 변경안 to the citizen's screen, in a real browser, with the comment held for moderation."""

import pytest
from django.utils import timezone

from plans.models import OrgUnit
from pledges.models import ChangeComment, Pledge, PledgeAdjustment, PledgeChange
from portal import roles
from tests.browser.conftest import axe_violations, screenshot
from tests.factories import OrgUnitFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pledge-change-2026"
NEW_TITLE = "접경지역 지식산업센터 기업유치"
COMMENT = "주차 공간도 함께 계획해 주세요"
ANSWER = "주차장 120면을 실시설계에 반영하겠습니다"


@pytest.fixture
def people(seeded):
    business = OrgUnit.objects.get(municipality__slug="goyang", name="기업지원과")
    coordinating = OrgUnitFactory(municipality=business.municipality, name="공약담당관", is_coordinating=True)
    users = [
        staff_user(business, username="change-staff"),
        staff_user(coordinating, role=roles.COORDINATOR, username="change-coordinator"),
    ]
    for user in users:
        user.set_password(PASSWORD)
        user.save()
    return users


def log_in(browser, base_url, username):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def test_a_change_is_filed_reviewed_commented_decided_and_published_beside_the_original(
    browser, page, live_server, people
):
    base = live_server.url
    pledge = Pledge.objects.get(term__municipality__slug="goyang", code="1-2-4")
    original_title = pledge.title
    today = timezone.localdate().isoformat()

    staff = log_in(browser, base, "change-staff")
    staff.goto(f"{base}/admin/pledges/pledgechange/add/?pledge={pledge.pk}")
    staff.select_option("#id_kind", "change")
    staff.select_option("#id_reason_class", "conditions")
    staff.fill("#id_reason", "남북관계 여건 변화로 산업단지 부지 확보가 어렵습니다.")
    staff.fill("#id_proposed_title", NEW_TITLE)
    staff.fill("#id_proposed_target", "기업 10개 유치")
    staff.click("input[name=_continue]")
    change = PledgeChange.objects.get(pledge=pledge)
    staff.get_by_role("button", name="총괄부서에 제출").click()
    staff.wait_for_load_state()
    assert "변경안을 총괄부서에 제출했습니다" in staff.content()

    page.goto(f"{base}{pledge.get_absolute_url()}")
    assert NEW_TITLE not in page.content()  # nothing public before the coordinating office's review

    coordinator = log_in(browser, base, "change-coordinator")
    coordinator.goto(f"{base}/admin/pledges/pledgechange/{change.pk}/change/")
    coordinator.get_by_role("link", name="검토 승인 · 의견 수렴 시작").click()
    coordinator.fill("#id_comment_start", today)
    coordinator.fill("#id_comment_end", today)
    coordinator.get_by_role("button", name="저장").click()
    coordinator.wait_for_load_state()
    assert "의견 수렴을 시작했습니다" in coordinator.content()

    page.goto(f"{base}{pledge.get_absolute_url()}")
    page.get_by_role("link", name="이 변경안에 의견 남기기").click()
    page.fill("#id_name", "능곡동 주민")
    page.fill("#id_text", COMMENT)
    page.get_by_role("button", name="의견 보내기").click()
    page.wait_for_load_state()
    assert "검토를 거쳐 공개됩니다" in page.content()
    assert COMMENT not in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.goto(f"{base}{pledge.get_absolute_url()}")
    assert COMMENT not in page.content()

    coordinator.goto(f"{base}/admin/pledges/changecomment/")
    coordinator.locator("input[name=_selected_action]").first.check()
    coordinator.select_option("select[name=action]", "publish")
    coordinator.click("button[name=index]")
    coordinator.wait_for_load_state()
    assert ChangeComment.objects.get().state == "published"

    comment = ChangeComment.objects.get()
    staff.goto(f"{base}/admin/pledges/changecomment/{comment.pk}/change/")
    staff.fill("#id_answer", ANSWER)
    staff.click("input[name=_save]")
    staff.wait_for_load_state()

    coordinator.goto(f"{base}/admin/pledges/pledgechange/{change.pk}/change/")
    coordinator.get_by_role("link", name="결정 기록").click()
    coordinator.select_option("#id_result", "approved")
    coordinator.fill("#id_decision_body", "공약이행 시민평가단")
    coordinator.fill("#id_decided_on", today)
    coordinator.fill("#id_votes_for", "12")
    coordinator.fill("#id_votes_against", "3")
    coordinator.fill("#id_votes_abstain", "1")
    coordinator.get_by_role("button", name="저장").click()
    coordinator.wait_for_load_state()
    assert "결정을 기록했습니다" in coordinator.content()
    staff.context.close()
    coordinator.context.close()

    page.goto(f"{base}{pledge.get_absolute_url()}")
    assert page.locator("h1").inner_text() == NEW_TITLE
    table = page.locator(".change-comparison").first
    title_row = table.locator("tbody tr").first.inner_text()
    assert original_title in title_row and NEW_TITLE in title_row
    section = page.locator("#pledge-changes").locator("..").inner_text()
    assert COMMENT in section and ANSWER in section
    assert "찬성 12, 반대 3, 기권 1" in section and "의견 수렴" in section and "가결" in section
    assert PledgeAdjustment.objects.get(pledge=pledge).original_title == original_title
    assert axe_violations(page) == []
    screenshot(page, "pledge-change-published")
