"""The quarterly self-evaluation: lead unit writes and submits, 총괄부서 returns or approves, then it is public."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pledges.models import SelfEvaluation, SelfEvaluationContribution
from pledges.self_evaluation import (
    contribution_save,
    self_evaluation_approve,
    self_evaluation_correct,
    self_evaluation_return,
    self_evaluation_save,
    self_evaluation_submit,
)
from tests.pledges.evaluation_data import VALUES, cooperation

pytestmark = pytest.mark.django_db


def write(user, pledge, **values):
    return self_evaluation_save(user=user, evaluation=SelfEvaluation(), values={**VALUES, "pledge": pledge, **values})


def public_text(client, pledge):
    return client.get(pledge.get_absolute_url()).content.decode()


def test_submit_return_resubmit_approve_then_public(client, pledge, goyang):
    evaluation = write(goyang["staff"], pledge)
    self_evaluation_submit(user=goyang["staff"], evaluation=evaluation)
    assert "남북경제교류 지원센터 설계 착수" not in public_text(client, pledge)
    with pytest.raises(ValidationError, match="반려 사유를 입력하세요"):
        self_evaluation_return(user=goyang["coordinator"], evaluation=evaluation, reason=" ")
    with pytest.raises(PermissionDenied, match="총괄부서만"):
        self_evaluation_approve(user=goyang["manager"], evaluation=evaluation)
    self_evaluation_return(user=goyang["coordinator"], evaluation=evaluation, reason="진척률 근거를 적으세요")
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.return_reason) == ("returned", "진척률 근거를 적으세요")
    assert "남북경제교류 지원센터 설계 착수" not in public_text(client, pledge)
    evaluation = self_evaluation_save(
        user=goyang["staff"],
        evaluation=evaluation,
        values={"summary": "지원센터 설계 완료(설계용역 준공 9월)"},
        opened=str(evaluation.version),
    )
    self_evaluation_submit(user=goyang["staff"], evaluation=evaluation)
    self_evaluation_approve(user=goyang["coordinator"], evaluation=evaluation)
    page = public_text(client, pledge)
    assert "분기별 자체평가" in page and "2021년 3분기" in page
    assert "지원센터 설계 완료(설계용역 준공 9월)" in page and "진척률 60%" in page
    assert evaluation.history.count() >= 5


def test_an_approved_evaluation_is_corrected_by_a_reviewed_copy(client, pledge, goyang):
    evaluation = write(goyang["staff"], pledge)
    self_evaluation_submit(user=goyang["staff"], evaluation=evaluation)
    self_evaluation_approve(user=goyang["coordinator"], evaluation=evaluation)
    with pytest.raises(ValidationError, match="정정 작성"):
        self_evaluation_save(user=goyang["staff"], evaluation=evaluation, values={"summary": "몰래 고침"})
    copy = self_evaluation_correct(user=goyang["staff"], evaluation=evaluation)
    assert self_evaluation_correct(user=goyang["staff"], evaluation=evaluation) == copy
    copy = self_evaluation_save(user=goyang["staff"], evaluation=copy, values={"summary": "정정된 추진상황"})
    self_evaluation_submit(user=goyang["staff"], evaluation=copy)
    assert "정정된 추진상황" not in public_text(client, pledge)
    self_evaluation_approve(user=goyang["coordinator"], evaluation=copy)
    evaluation.refresh_from_db()
    page = public_text(client, pledge)
    assert evaluation.state == "superseded"
    assert "정정된 추진상황" in page and "남북경제교류 지원센터 설계 착수" not in page and "정정됨" in page


def test_other_units_and_bad_input_change_nothing(pledge, goyang):
    with pytest.raises(PermissionDenied):
        write(goyang["other_staff"], pledge)
    with pytest.raises(ValidationError):
        write(goyang["staff"], pledge, year=2026)  # after the term
    with pytest.raises(ValidationError):
        write(goyang["staff"], pledge, quarter=5)
    with pytest.raises(ValidationError, match="완료 결정은"):
        write(goyang["staff"], pledge, completion_status="completed")
    evaluation = write(goyang["staff"], pledge)
    with pytest.raises(PermissionDenied):
        self_evaluation_submit(user=goyang["other_staff"], evaluation=evaluation)
    with pytest.raises(ValidationError, match="이미 있습니다"):
        write(goyang["staff"], pledge)
    assert SelfEvaluation.objects.count() == 1
    assert SelfEvaluation.objects.get().state == "draft"


def test_the_admin_loop_through_the_workflow_buttons(client, pledge, goyang):
    client.force_login(goyang["staff"])
    response = client.post(
        reverse("admin:pledges_selfevaluation_add"),
        {**VALUES, "pledge": pledge.pk, "_save": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluation = SelfEvaluation.objects.get()
    opened = {"opened_version": str(evaluation.version)}
    client.post(reverse("admin:pledges_selfevaluation_submit", args=[evaluation.pk]), opened)
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted"
    client.force_login(goyang["coordinator"])
    opened = {"opened_version": str(evaluation.version)}
    client.post(reverse("admin:pledges_selfevaluation_approve", args=[evaluation.pk]), opened)
    evaluation.refresh_from_db()
    assert evaluation.state == "approved"


def test_each_cooperating_unit_writes_only_its_own_part_shown_in_the_lead_card(client, pledge, goyang):
    units = cooperation(pledge, goyang)
    evaluation = write(goyang["staff"], pledge)
    part = contribution_save(
        user=units["first_staff"],
        contribution=SelfEvaluationContribution(),
        values={"content": "투자유치 설명회 2회 개최"},
        evaluation=evaluation,
        unit=units["first"],
    )
    with pytest.raises(PermissionDenied):  # unit B cannot change unit A's part
        contribution_save(user=units["second_staff"], contribution=part, values={"content": "덮어쓰기"})
    with pytest.raises(PermissionDenied):  # nor write one in unit A's name
        contribution_save(
            user=units["second_staff"],
            contribution=SelfEvaluationContribution(),
            values={"content": "대신 작성"},
            evaluation=evaluation,
            unit=units["first"],
        )
    with pytest.raises(PermissionDenied, match="협조부서로 지정된"):  # a unit that does not cooperate
        contribution_save(
            user=goyang["other_staff"],
            contribution=SelfEvaluationContribution(),
            values={"content": "협조 아님"},
            evaluation=evaluation,
            unit=units["outsider"],
        )
    part.refresh_from_db()
    assert part.content == "투자유치 설명회 2회 개최"
    assert SelfEvaluationContribution.objects.count() == 1
    client.force_login(goyang["staff"])
    page = client.get(reverse("admin:pledges_selfevaluation_change", args=[evaluation.pk])).content.decode()
    assert "투자유치 설명회 2회 개최" in page and "도시계획과 (미작성)" in page and "투자유치과 (작성)" in page
    self_evaluation_submit(user=goyang["staff"], evaluation=evaluation)
    with pytest.raises(ValidationError, match="협조 내용을 적을 수 없습니다"):
        contribution_save(user=units["first_staff"], contribution=part, values={"content": "제출 뒤 고침"})


def test_the_contribution_admin_offers_only_cooperated_evaluations_and_refuses_other_units(client, pledge, goyang):
    units = cooperation(pledge, goyang)
    evaluation = write(goyang["staff"], pledge)
    add = reverse("admin:pledges_selfevaluationcontribution_add")
    client.force_login(goyang["other_staff"])
    form = client.get(add).context["adminform"].form
    assert list(form.fields["evaluation"].queryset) == []
    response = client.post(add, {"evaluation": evaluation.pk, "unit": units["outsider"].pk, "content": "x"})
    assert response.status_code == 200 and SelfEvaluationContribution.objects.count() == 0
    client.force_login(units["first_staff"])
    assert list(client.get(add).context["adminform"].form.fields["evaluation"].queryset) == [evaluation]
    response = client.post(add, {"evaluation": evaluation.pk, "unit": units["first"].pk, "content": "설명회 개최"})
    assert response.status_code == 302
    part = SelfEvaluationContribution.objects.get()
    client.force_login(units["second_staff"])
    change = reverse("admin:pledges_selfevaluationcontribution_change", args=[part.pk])
    assert client.get(change).status_code == 302
    client.post(change, {"content": "덮어쓰기", "opened_version": "1"})
    part.refresh_from_db()
    assert part.content == "설명회 개최"
