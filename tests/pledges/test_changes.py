"""The 조정 procedure: 변경안 → review → comments → decision → publication, and every shortcut refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pledges.changes import change_decide, change_open_comments, change_return, change_save, change_submit
from pledges.comments import comment_answer, comment_moderate, comment_post
from pledges.models import (
    ChangeComment,
    PledgeAdjustment,
    PledgeChange,
    PledgeStatus,
    PledgeText,
    PledgeTextKind,
)
from pledges.services import pledge_status_change

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "kind": "change",
    "reason_class": "conditions",
    "reason": "남북관계 여건 변화로 부지 확보가 어렵습니다.",
    "proposed_title": "접경지역 기업유치 기반조성",
    "proposed_target": "기업 10개 유치",
    "proposed_content": "산업단지 대신 지식산업센터 조성",
    "proposed_period": "2023~2026",
    "proposed_cost": 12_000_000_000,
}
DECISION = {"decision_body": "공약이행 시민평가단", "votes_for": 12, "votes_against": 3, "votes_abstain": 1}


def filed(goyang, pledge, **values):
    change = change_save(user=goyang["staff"], change=PledgeChange(), values={"pledge": pledge, **PROPOSAL, **values})
    return change_submit(user=goyang["staff"], change=change)


def opened(goyang, pledge, **values):
    today = timezone.localdate()
    return change_open_comments(
        user=goyang["coordinator"], change=filed(goyang, pledge, **values), comment_start=today, comment_end=today
    )


def decide(goyang, change, result="approved"):
    return change_decide(
        user=goyang["coordinator"],
        change=change,
        result=result,
        values={**DECISION, "decided_on": timezone.localdate()},
    )


def test_the_whole_procedure_publishes_the_change_with_the_original_beside_it(client, goyang, pledge):
    original_title, original_target = pledge.title, pledge.target
    change = opened(goyang, pledge)
    comment = comment_post(change=change, name="시민", text="좋은 변경입니다")
    comment_moderate(user=goyang["coordinator"], comment=comment, publish=True)
    comment_answer(user=goyang["manager"], comment=comment, answer="의견 감사합니다")
    change = decide(goyang, change)
    pledge.refresh_from_db()
    assert (pledge.title, pledge.target) == (PROPOSAL["proposed_title"], PROPOSAL["proposed_target"])
    adjustment = PledgeAdjustment.objects.get(pledge=pledge)
    assert change.adjustment == adjustment and change.state == PledgeChange.State.PUBLISHED
    assert (adjustment.original_title, adjustment.adjusted_title) == (original_title, PROPOSAL["proposed_title"])
    assert adjustment.original_target == original_target
    assert pledge.history.filter(title=PROPOSAL["proposed_title"], history_user=goyang["coordinator"]).exists()
    current = PledgeText.objects.get(pledge=pledge, kind=PledgeTextKind.CURRENT, state="approved")
    assert (current.content, current.period_text, current.total_cost) == (
        PROPOSAL["proposed_content"],
        "2023~2026",
        12_000_000_000,
    )
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert original_title in page and PROPOSAL["proposed_title"] in page
    assert "좋은 변경입니다" in page and "의견 감사합니다" in page
    assert "찬성 12, 반대 3, 기권 1" in page and "의견 수렴" in page


def test_a_drop_sets_the_status_through_the_decision_only(goyang, pledge):
    change = opened(goyang, pledge, kind="drop", proposed_title="", proposed_target="", proposed_content="")
    decide(goyang, change)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SCRAPPED
    assert pledge.status_changes.get().status == PledgeStatus.SCRAPPED


def test_a_rejected_change_leaves_the_pledge_as_it_was(goyang, pledge):
    title = pledge.title
    change = decide(goyang, opened(goyang, pledge), result="rejected")
    pledge.refresh_from_db()
    assert pledge.title == title and change.state == PledgeChange.State.REJECTED
    assert not PledgeAdjustment.objects.filter(pledge=pledge).exists()


def test_only_the_lead_unit_files(goyang, pledge):
    for user in (goyang["other_staff"], goyang["other_manager"], goyang["coordinator"]):
        with pytest.raises(PermissionDenied):
            change_save(user=user, change=PledgeChange(), values={"pledge": pledge, **PROPOSAL})
    assert not PledgeChange.objects.exists()


def test_only_the_coordinating_office_reviews_and_decides(goyang, pledge):
    change = filed(goyang, pledge)
    today = timezone.localdate()
    for user in (goyang["staff"], goyang["manager"], goyang["other_manager"]):
        with pytest.raises(PermissionDenied):
            change_open_comments(user=user, change=change, comment_start=today, comment_end=today)
        with pytest.raises(PermissionDenied):
            change_return(user=user, change=change, reason="x")
    change = change_open_comments(user=goyang["coordinator"], change=change, comment_start=today, comment_end=today)
    for user in (goyang["staff"], goyang["manager"]):
        with pytest.raises(PermissionDenied):
            change_decide(user=user, change=change, result="approved", values={**DECISION, "decided_on": today})
    comment = comment_post(change=change, name="", text="의견")
    with pytest.raises(PermissionDenied):
        comment_moderate(user=goyang["manager"], comment=comment, publish=True)
    comment.refresh_from_db()
    change.refresh_from_db()
    assert comment.state == ChangeComment.State.PENDING and change.state == PledgeChange.State.OPEN
    pledge.refresh_from_db()
    assert not PledgeAdjustment.objects.exists()


def test_a_return_sends_it_back_with_the_reason_and_the_unit_may_file_again(goyang, pledge):
    change = change_return(user=goyang["coordinator"], change=filed(goyang, pledge), reason="근거 보완")
    assert change.state == PledgeChange.State.RETURNED and change.return_reason == "근거 보완"
    change = change_save(user=goyang["staff"], change=change, values={"reason": "근거를 보완했습니다"})
    assert change_submit(user=goyang["staff"], change=change).state == PledgeChange.State.SUBMITTED


@pytest.mark.parametrize(
    "values",
    [
        {"decision_body": ""},
        {"decided_on": None},
        {"votes_for": None, "votes_against": None, "votes_abstain": None},
        {"decided_on": datetime.date(2099, 1, 1)},
    ],
)
def test_bad_decisions_change_nothing(goyang, pledge, values):
    change = opened(goyang, pledge)
    title = pledge.title
    with pytest.raises(ValidationError):
        change_decide(
            user=goyang["coordinator"],
            change=change,
            result="approved",
            values={**DECISION, "decided_on": timezone.localdate(), **values},
        )
    change.refresh_from_db()
    pledge.refresh_from_db()
    assert change.state == PledgeChange.State.OPEN and pledge.title == title
    assert not PledgeAdjustment.objects.exists()


def test_a_decision_waits_for_the_end_of_the_comment_period(goyang, pledge):
    today = timezone.localdate()
    change = change_open_comments(
        user=goyang["coordinator"],
        change=filed(goyang, pledge),
        comment_start=today,
        comment_end=today + datetime.timedelta(days=14),
    )
    with pytest.raises(ValidationError):
        decide(goyang, change)
    change.refresh_from_db()
    assert change.state == PledgeChange.State.OPEN


def test_comments_outside_the_period_are_refused(goyang, pledge):
    change = filed(goyang, pledge)
    with pytest.raises(ValidationError):
        comment_post(change=change, name="", text="제출 단계에는 못 답니다")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    change = change_open_comments(
        user=goyang["coordinator"], change=change, comment_start=tomorrow, comment_end=tomorrow
    )
    with pytest.raises(ValidationError):
        comment_post(change=change, name="", text="아직 시작 전")
    assert not ChangeComment.objects.exists()


def test_the_department_answers_only_published_comments_and_only_its_own(goyang, pledge):
    change = opened(goyang, pledge)
    comment = comment_post(change=change, name="", text="의견")
    with pytest.raises(ValidationError):
        comment_answer(user=goyang["staff"], comment=comment, answer="답변")
    comment_moderate(user=goyang["coordinator"], comment=comment, publish=True)
    with pytest.raises(PermissionDenied):
        comment_answer(user=goyang["other_staff"], comment=comment, answer="남의 답변")
    comment.refresh_from_db()
    assert comment.answer == ""


def test_the_status_service_refuses_a_drop(goyang, pledge):
    with pytest.raises(ValidationError):
        pledge_status_change(user=goyang["coordinator"], pledge=pledge, status=PledgeStatus.SCRAPPED, reason="x")
    pledge.refresh_from_db()
    assert pledge.status != PledgeStatus.SCRAPPED


@pytest.mark.parametrize("role", ["staff", "manager", "coordinator"])
def test_the_admin_refuses_edits_of_the_owned_fields_even_from_a_forged_post(client, goyang, pledge, role):
    client.force_login(goyang[role])
    url = reverse("admin:pledges_pledge_change", args=[pledge.pk])
    response = client.get(url)
    if response.status_code == 200:
        form = response.context["adminform"].form
        assert not {"title", "target", "status"} & set(form.fields)
    before = (pledge.title, pledge.target, pledge.status)
    data = {
        "term": pledge.term_id,
        "code": pledge.code,
        "title": "몰래 바꾼 공약명",
        "target": "몰래 바꾼 목표",
        "status": "scrapped",
        "lead_unit": pledge.lead_unit_id,
        "officials-TOTAL_FORMS": "0",
        "officials-INITIAL_FORMS": "0",
        "adjustments-TOTAL_FORMS": "0",
        "adjustments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    client.post(url, data)
    pledge.refresh_from_db()
    assert (pledge.title, pledge.target, pledge.status) == before


def test_the_hand_made_adjustment_page_is_gone(client, goyang, pledge):
    client.force_login(goyang["coordinator"])
    response = client.post(f"/admin/pledges/pledge/{pledge.pk}/adjust/", {"adjusted_title": "x", "reason": "x"})
    assert response.status_code in (302, 404)
    assert not PledgeAdjustment.objects.exists()


def test_the_api_refuses_writes(client, pledge):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/pledges/{pledge.pk}/", {"title": "x"}, content_type="application/json"
        )
        assert response.status_code == 405, method
    response = client.post("/api/v1/pledges/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 405
    pledge.refresh_from_db()
    assert pledge.title != "x"


@pytest.mark.parametrize("role", ["other_staff", "other_manager", "coordinator"])
def test_a_forged_admin_post_filing_for_another_units_pledge_stores_nothing(client, goyang, pledge, role):
    client.force_login(goyang[role])
    data = {**PROPOSAL, "pledge": pledge.pk, "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0"}
    client.post(reverse("admin:pledges_pledgechange_add"), data)
    assert not PledgeChange.objects.exists()


def test_the_lead_unit_files_in_the_admin_and_cannot_post_the_reviewers_fields(client, goyang, pledge):
    client.force_login(goyang["staff"])
    data = {
        **PROPOSAL,
        "pledge": pledge.pk,
        "state": "published",
        "result": "approved",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:pledges_pledgechange_add"), data)
    assert response.status_code == 302
    change = PledgeChange.objects.get()
    assert (change.state, change.result, change.filed_by) == ("draft", "", goyang["staff"])
    response = client.post(
        reverse("admin:pledges_pledgechange_open", args=[change.pk]),
        {"comment_start": "2026-12-31", "comment_end": "2026-12-31"},
    )
    change.refresh_from_db()
    assert change.state == "draft"
