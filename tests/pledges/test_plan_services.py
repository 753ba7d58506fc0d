"""The review of the three texts and the year-end decision on yearly targets: who may do what, and bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import OrgUnit
from pledges.models import PledgeText, TargetDecision, YearlyTarget
from pledges.plan_services import (
    pledge_text_approve,
    pledge_text_correct,
    pledge_text_return,
    pledge_text_save,
    pledge_text_submit,
    yearly_target_decide,
    yearly_target_save,
)
from tests.pledges.plan_data import PLAN, target

pytestmark = pytest.mark.django_db


def submitted_plan(pledge, user):
    text = pledge_text_save(user=user, text=PledgeText(), values={"pledge": pledge, "kind": "plan", **PLAN})
    return pledge_text_submit(user=user, text=text)


def test_staff_write_and_submit_a_plan_and_only_the_coordinating_office_approves_it(pledge, goyang):
    text = submitted_plan(pledge, goyang["staff"])
    assert text.state == PledgeText.State.SUBMITTED
    for who in ("staff", "manager"):
        with pytest.raises(PermissionDenied, match="총괄부서만"):
            pledge_text_approve(user=goyang[who], text=text)
    assert PledgeText.objects.get(pk=text.pk).state == PledgeText.State.SUBMITTED
    approved = pledge_text_approve(user=goyang["coordinator"], text=text)
    assert approved.state == PledgeText.State.APPROVED and approved.reviewed_by == goyang["coordinator"]
    assert list(PledgeText.objects.approved()) == [approved]
    assert approved.history.count() == 3  # written, submitted, approved


def test_another_units_staff_cannot_write_or_submit_the_pledges_texts(pledge, goyang):
    with pytest.raises(PermissionDenied):
        pledge_text_save(user=goyang["other_staff"], text=PledgeText(), values={"pledge": pledge, "kind": "plan"})
    text = submitted_plan(pledge, goyang["staff"])
    with pytest.raises(PermissionDenied):
        pledge_text_return(user=goyang["other_manager"], text=text, reason="다시")
    assert PledgeText.objects.count() == 1


def test_a_return_needs_a_reason_and_an_approved_text_is_corrected_by_a_reviewed_copy(pledge, goyang):
    staff, coordinator = goyang["staff"], goyang["coordinator"]
    text = submitted_plan(pledge, staff)
    with pytest.raises(ValidationError, match="반려 사유"):
        pledge_text_return(user=coordinator, text=text, reason=" ")
    approved = pledge_text_approve(user=coordinator, text=text)
    with pytest.raises(ValidationError, match="정정 작성"):
        pledge_text_save(user=staff, text=approved, values={"goal": "바꾼 목표"})
    copy = pledge_text_correct(user=staff, text=approved)
    assert pledge_text_correct(user=staff, text=approved) == copy  # an open correction is not copied twice
    pledge_text_save(user=staff, text=copy, values={"goal": "기업 12개 유치"})
    assert PledgeText.objects.approved().get().goal == PLAN["goal"]  # still the approved one until review
    pledge_text_approve(user=coordinator, text=pledge_text_submit(user=staff, text=copy))
    assert PledgeText.objects.approved().get().goal == "기업 12개 유치"
    assert PledgeText.objects.get(pk=approved.pk).state == PledgeText.State.SUPERSEDED
    assert PledgeText.objects.get(pk=copy.pk).corrected_at is not None


def test_bad_texts_are_refused_with_a_message_and_nothing_written(pledge, goyang):
    staff = goyang["staff"]
    backwards = {"period_start": datetime.date(2022, 6, 1), "period_end": datetime.date(2018, 7, 1)}
    with pytest.raises(ValidationError, match="기간 끝이 시작보다"):
        pledge_text_save(user=staff, text=PledgeText(), values={"pledge": pledge, "kind": "plan", **backwards})
    empty = pledge_text_save(user=staff, text=PledgeText(), values={"pledge": pledge, "kind": "current"})
    with pytest.raises(ValidationError, match="목표나 주요 내용"):
        pledge_text_submit(user=staff, text=empty)
    seoul = OrgUnit.objects.filter(municipality__slug="seoul").first()
    with pytest.raises(ValidationError, match="다른 지방자치단체"):
        pledge_text_save(user=staff, text=empty, values={}, cooperating_units=[seoul])
    with pytest.raises(ValidationError, match="이미 있습니다"):
        pledge_text_save(user=staff, text=PledgeText(), values={"pledge": pledge, "kind": "current"})
    assert list(PledgeText.objects.values_list("kind", "state")) == [("current", "draft")]
    assert not empty.cooperating_units.exists()


def test_staff_write_targets_and_only_the_coordinating_office_decides_them(pledge, goyang):
    written = yearly_target_save(
        user=goyang["staff"], target=YearlyTarget(), values={"pledge": pledge, "year": 2019, "target": "기업 3개 유치"}
    )
    for who in ("staff", "manager", "other_manager"):
        with pytest.raises(PermissionDenied):
            yearly_target_decide(user=goyang[who], target=written, decision="achieved", evidence="결과보고")
    assert not YearlyTarget.objects.decided().exists()
    decided = yearly_target_decide(
        user=goyang["coordinator"],
        target=written,
        decision=TargetDecision.PARTLY,
        evidence="2019년 연말 평가: 2개 유치",
        decided_on=datetime.date(2019, 12, 25),
        opened=str(written.version),
    )
    assert (decided.decision, decided.decided_by) == ("partly", goyang["coordinator"])
    with pytest.raises(ValidationError, match="판정된 목표는 고칠 수 없습니다"):
        yearly_target_save(user=goyang["staff"], target=decided, values={"target": "기업 1개 유치"})
    with pytest.raises(ValidationError, match="연말 판정"):
        yearly_target_save(
            user=goyang["staff"], target=YearlyTarget(), values={"pledge": pledge, "decision": "achieved"}
        )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"decision": "done", "evidence": "근거"}, "중에서 고르세요"),
        ({"decision": "achieved", "evidence": " "}, "판정 근거"),
        ({"decision": "achieved", "evidence": "근거", "decided_on": datetime.date(2019, 11, 30)}, "12월 연말 평가"),
        ({"decision": "achieved", "evidence": "근거", "decided_on": datetime.date(2999, 12, 31)}, "오늘 이후"),
    ],
)
def test_a_bad_decision_is_refused_with_a_message_and_nothing_written(pledge, goyang, values, message):
    written = target(pledge, 2019)
    with pytest.raises(ValidationError, match=message):
        yearly_target_decide(user=goyang["coordinator"], target=written, **values)
    assert YearlyTarget.objects.get(pk=written.pk).decision == ""


def test_a_target_outside_the_term_and_a_second_target_for_a_year_are_refused(pledge, goyang):
    staff = goyang["staff"]
    with pytest.raises(ValidationError, match="임기"):
        yearly_target_save(user=staff, target=YearlyTarget(), values={"pledge": pledge, "year": 2030, "target": "목표"})
    target(pledge, 2020)
    with pytest.raises(ValidationError, match="이미 있습니다"):
        yearly_target_save(user=staff, target=YearlyTarget(), values={"pledge": pledge, "year": 2020, "target": "목표"})
    assert YearlyTarget.objects.count() == 1


def test_a_stale_decision_is_refused(pledge, goyang):
    written = target(pledge, 2019)
    yearly_target_save(user=goyang["staff"], target=written, values={"target": "고친 목표"})
    with pytest.raises(ValidationError, match="다른 사람이 먼저"):
        yearly_target_decide(
            user=goyang["coordinator"], target=written, decision="achieved", evidence="근거", opened="1"
        )
